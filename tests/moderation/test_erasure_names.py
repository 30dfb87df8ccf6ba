"""Erasure leaves the member's name nowhere: in others' notifications, in case snapshots,
or in what moderators and flaggers typed about them."""

import pytest
from django.urls import reverse

from accounts.models import Notification
from accounts.services import notification_send, user_erase
from forum.services import post_create
from moderation.models import AuditEntry, Case, CaseNote, Flag, FlagReason, Statement
from moderation.privacy import redact_member
from moderation.services import case_hide, case_note_add, flag_create
from tests.factories import ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME = "vanishing_vera"
EMAIL = "vera.private@example.org"


@pytest.fixture
def story(settings, moderator):
    """Vera mentions Sam; Sam quotes and thanks her; Pat reports Sam's post naming her;
    a moderator notes and decides, naming her and her e-mail address."""
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    settings.MODERATION_AUTO_HIDE_FLAGGERS = 10
    vera = UserFactory(username=NAME, email=EMAIL)
    sam = UserFactory(username="steady_sam")
    pat = UserFactory(username="patient_pat")
    thread = ThreadFactory()
    hers = post_create(thread=thread, by=vera, body="Hello @steady_sam, I am new.")
    quote = f"> [{NAME} wrote (#{hers.number}):](/p/{hers.pk}/)\n> I am new."
    sams = post_create(thread=thread, by=sam, body=f"{quote}\n\nThanks @{NAME}!")
    flag_create(
        post=sams, by=pat, reason=FlagReason.PERSONAL_INFO, note=f"{NAME} is {EMAIL}"
    )
    case = Case.objects.get(post=sams)
    case_note_add(case=case, by=moderator, text=f"Asked @{NAME} ({EMAIL}) to confirm.")
    case_hide(
        case=case,
        by=moderator,
        reason=f"Names {NAME} and {EMAIL.upper()}.",
        guideline="privacy",
    )
    return vera, sam, case


def _visible_texts(client, moderator, sam, case) -> str:
    client.force_login(sam)
    texts = [client.get(reverse("accounts:notifications")).content.decode()]
    texts += [n.message for n in Notification.objects.select_related("actor")]
    client.force_login(moderator)
    texts.append(client.get(case.get_absolute_url()).content.decode())
    case.refresh_from_db()
    texts += [case.snapshot_body, case.snapshot_body_html, case.snapshot_author]
    texts += list(CaseNote.objects.values_list("text", flat=True))
    texts += list(Flag.objects.values_list("note", flat=True))
    texts += list(AuditEntry.objects.values_list("reason", flat=True))
    texts += list(Statement.objects.values_list("reason", flat=True))
    return "\n".join(texts)


@pytest.mark.parametrize("keep_posts", [True, False])
def test_erasure_leaves_the_name_in_no_notification_or_snapshot(
    client, story, moderator, keep_posts
):
    vera, sam, case = story
    before = _visible_texts(client, moderator, sam, case)
    assert NAME in before and EMAIL in before
    user_erase(user=vera, by=vera, keep_posts=keep_posts)
    after = _visible_texts(client, moderator, sam, case)
    assert NAME not in after
    assert EMAIL not in after.lower()
    (mention,) = Notification.objects.filter(user=sam, kind="mention")
    assert mention.message == "A deleted member mentioned you in a thread."
    assert "Thanks @deleted member!" in case.snapshot_body_html
    if keep_posts:
        assert "deleted member wrote" in case.snapshot_body_html
    else:
        assert "Quote removed" in case.snapshot_body_html
        assert "I am new" not in case.snapshot_body_html


def test_a_mention_notification_stores_no_name_and_follows_a_rename(
    member, other_member
):
    notification = notification_send(
        user=other_member, kind="mention", actor=member, url="/p/1/"
    )
    assert notification.text == ""
    member.username = "renamed_member"
    member.save(update_fields=["username"])
    notification.refresh_from_db()
    assert notification.message == "renamed_member mentioned you in a thread."


def test_redaction_spares_other_handles_that_contain_the_name():
    text = (
        "vera, @vera. vera_two, vera.b and averaged VERA@Example.org vera@example.orgs"
    )
    assert redact_member(text, username="vera", email="vera@example.org") == (
        "deleted member, deleted member. vera_two, vera.b and averaged "
        "[e-mail address removed] vera@example.orgs"
    )


def test_existing_mention_notifications_are_migrated_to_their_author(story):
    from importlib import import_module

    from django.apps import apps

    vera, sam, _case = story
    Notification.objects.filter(kind="mention").update(
        actor=None, text=f"{NAME} mentioned you in a thread."
    )
    migration = import_module("accounts.migrations.0007_notification_actor")
    migration.name_mentions_by_actor(apps, None)
    (mention,) = Notification.objects.filter(user=sam, kind="mention")
    assert (mention.text, mention.actor) == ("", vera)
    user_erase(user=vera, by=vera, keep_posts=True)
    mention.refresh_from_db()
    assert NAME not in mention.message


def test_existing_snapshots_get_their_markdown_back(story):
    from importlib import import_module

    from django.apps import apps

    _vera, _sam, case = story
    source = case.snapshot_body
    Case.objects.update(snapshot_body="")
    migration = import_module("moderation.migrations.0006_case_snapshot_body")
    migration.keep_snapshot_sources(apps, None)
    case.refresh_from_db()
    assert case.snapshot_body == source
