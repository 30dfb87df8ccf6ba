import json

import pytest

from accounts.models import Notification
from accounts.services.privacy import user_data_export, user_erase
from moderation.models import Case, Flag, FlagReason
from moderation.services import case_hide, flag_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REPORTER = "secret_reporter"


@pytest.fixture
def reported(post, moderator, settings):
    settings.MODERATION_AUTO_HIDE_FLAGGERS = 1
    reporter = UserFactory(username=REPORTER)
    flag_create(post=post, by=reporter, reason=FlagReason.HARM, note=f"I am {REPORTER}")
    case = Case.objects.get(post=post)
    case.post.refresh_from_db()
    case_hide(
        case=case, by=moderator, reason="Shares a phone number.", guideline="privacy"
    )
    return reporter


def test_reporter_never_appears_in_what_the_author_can_see(client, reported, author):
    client.force_login(author)
    pages = [client.get("/notices/")]
    for pk in author.statements.values_list("pk", flat=True):
        pages.append(client.get(f"/notices/{pk}/"))
    pages.append(client.get("/accounts/notifications/"))
    for page in pages:
        assert page.status_code == 200
        assert REPORTER not in page.content.decode()
    texts = " ".join(
        Notification.objects.filter(user=author).values_list("text", flat=True)
    )
    assert "hidden" in texts.lower()
    assert REPORTER not in texts
    export = json.dumps(user_data_export(user=author, by=author))
    assert REPORTER not in export
    assert "moderation_decisions" in export


def test_the_reporter_exports_their_own_flags(reported):
    export = user_data_export(user=reported, by=reported)
    assert export["moderation"]["flags_filed"][0]["reason"] == "harm"


def test_erasing_the_reporter_keeps_the_flag_but_not_their_name(reported):
    user_erase(user=reported, by=reported, keep_posts=True)
    flag = Flag.objects.get()
    assert flag.flagger is None and flag.note == ""


def test_erasing_the_author_removes_their_words_from_case_snapshots(reported, author):
    user_erase(user=author, by=author, keep_posts=False)
    case = Case.objects.get()
    assert "Call me" not in case.snapshot_body_html
    assert case.snapshot_author == ""


def test_the_erased_snapshot_placeholder_is_escaped_html(reported, author, monkeypatch):
    from django.utils import translation
    from django.utils.translation.trans_real import translation as catalogue

    # A translator's text is not markup: "<" and "&" in it must stay text.
    italian = catalogue("it")
    monkeypatch.setattr(
        italian,
        "gettext",
        lambda message: (
            "<b>cancellato</b> & basta"
            if message == "(erased by its author)"
            else message
        ),
    )
    with translation.override("it"):
        user_erase(user=author, by=author, keep_posts=False)
    html = Case.objects.get().snapshot_body_html
    assert "<b>" not in html
    assert "&lt;b&gt;cancellato&lt;/b&gt; &amp; basta" in html


def test_other_members_cannot_read_a_statement(client, reported, author, other_member):
    client.force_login(other_member)
    pk = author.statements.values_list("pk", flat=True).first()
    assert client.get(f"/notices/{pk}/").status_code == 404
