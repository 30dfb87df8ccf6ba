"""What moderators and members see on the moderation pages: blurring, ids, labels."""

import re
from html.parser import HTMLParser

import pytest

from forum.services import post_create
from moderation.models import Case, FlagReason
from moderation.services import flag_create
from tests.factories import ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    """The parts of a page these tests look at."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.label_targets: list[str] = []
        self.described_by: dict[str, list[str]] = {}
        self.visible: list[str] = []
        self._details: list[bool] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.label_targets.append(attrs["for"])
        if attrs.get("aria-describedby"):
            key = attrs.get("id") or f"{tag}[{attrs.get('name')}]"
            self.described_by[key] = attrs["aria-describedby"].split()
        if tag == "details":
            self._details.append("open" in attrs)

    def handle_endtag(self, tag):
        if tag == "details" and self._details:
            self._details.pop()

    def handle_data(self, data):
        # Text inside a closed <details> is not on screen until it is opened.
        if all(self._details):
            self.visible.append(data)

    @property
    def visible_text(self) -> str:
        return " ".join(self.visible)


def test_harm_case_keeps_the_text_out_of_the_edit_box_until_asked(
    client, moderator, make_post
):
    post = make_post(body="I do not want to be here any more.")
    flag_create(post=post, by=UserFactory(), reason=FlagReason.HARM)
    client.force_login(moderator)
    html = client.get(f"/moderation/cases/{Case.objects.get().pk}/").content.decode()
    assert "want to be here" in html
    assert "want to be here" not in Page(html).visible_text


def test_content_warning_case_keeps_the_edit_box_collapsed(
    client, moderator, make_post
):
    thread = ThreadFactory(content_warning="relapse")
    post = make_post(thread=thread, body="How it went wrong again.")
    flag_create(post=post, by=UserFactory(), reason=FlagReason.OFF_TOPIC)
    client.force_login(moderator)
    html = client.get(f"/moderation/cases/{Case.objects.get().pk}/").content.decode()
    assert "went wrong again" not in Page(html).visible_text


def test_ordinary_case_shows_the_text_to_edit(client, moderator, make_post):
    post = make_post(body="Buy cheap watches here.")
    flag_create(post=post, by=UserFactory(), reason=FlagReason.SPAM)
    client.force_login(moderator)
    html = client.get(f"/moderation/cases/{Case.objects.get().pk}/").content.decode()
    assert "cheap watches" in Page(html).visible_text


def test_held_post_under_a_content_warning_stays_collapsed_in_the_approval_queue(
    client, moderator, member
):
    thread = ThreadFactory(content_warning="relapse")
    post_create(thread=thread, by=member, body="How it went wrong again.")
    client.force_login(moderator)
    html = client.get("/moderation/approval/").content.decode()
    assert "went wrong again" in html
    assert "went wrong again" not in Page(html).visible_text


def _assert_ids_unique_and_labels_point_to_them(html: str) -> None:
    page = Page(html)
    duplicates = {name for name in page.ids if page.ids.count(name) > 1}
    assert not duplicates
    assert set(page.label_targets) <= set(page.ids)


def test_pages_with_several_forms_have_unique_ids(client, moderator, post, author):
    from moderation.models import Statement
    from moderation.services import appeal_create, audit_record

    flag_create(post=post, by=UserFactory(), reason=FlagReason.SPAM)
    for text in ("First.", "Second."):
        entry = audit_record(
            actor=UserFactory(is_moderator=True),
            action="post.hide",
            target=post,
            reason=text,
        )
        appeal_create(
            statement=Statement.objects.get(audit_entry=entry), by=author, text=text
        )
    thread = ThreadFactory()
    for body in ("Hello.", "Hello again."):
        post_create(thread=thread, by=UserFactory(), body=body)
    client.force_login(moderator)
    for url in (
        f"/moderation/cases/{Case.objects.get().pk}/",
        "/moderation/approval/",
        "/moderation/appeals/",
        f"/moderation/members/{author.username}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_ids_unique_and_labels_point_to_them(response.content.decode())


def test_sanction_on_the_case_page_uses_its_own_fields(client, moderator, post):
    flag_create(post=post, by=UserFactory(), reason=FlagReason.ABUSE)
    case = Case.objects.get()
    client.force_login(moderator)
    response = client.post(
        f"/moderation/cases/{case.pk}/sanction/",
        {"sanction-sanction": "silence", "sanction-duration": "3"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    _assert_ids_unique_and_labels_point_to_them(html)
    # The error sits under the sanction form's reason, not the action form's.
    assert 'aria-invalid="true"' in html
    before_sanction_form = html[: html.index('id="sanction-heading"')]
    assert 'aria-invalid="true"' not in before_sanction_form
    assert "errorlist" not in before_sanction_form
    response = client.post(
        f"/moderation/cases/{case.pk}/sanction/",
        {
            "sanction-sanction": "silence",
            "sanction-duration": "3",
            "sanction-guideline": "respect",
            "sanction-reason": "Insults.",
        },
    )
    assert response.status_code == 302
    post.author.refresh_from_db()
    assert post.author.is_silenced


def _described_text(html: str, element_id: str) -> str:
    match = re.search(rf'id="{re.escape(element_id)}"[^>]*>(.*?)</', html, re.S)
    assert match, f"nothing on the page has id {element_id}"
    return match.group(1)


def _assert_descriptions_exist(html: str) -> None:
    page = Page(html)
    for element, targets in page.described_by.items():
        assert set(targets) <= set(page.ids), element


def test_flag_form_links_its_help_texts_to_their_fields(client, member, post):
    client.force_login(member)
    html = client.get(f"/p/{post.pk}/flag/").content.decode()
    _assert_descriptions_exist(html)
    described = Page(html).described_by
    note = described["id_note"]
    assert "never learns who reported" in _described_text(html, note[0])
    harm = re.search(r'<input[^>]*value="harm"[^>]*>', html).group(0)
    harm_id = re.search(r'id="([^"]+)"', harm).group(1)
    assert "Moderators are alerted" in _described_text(html, described[harm_id][0])


def test_flag_form_errors_are_linked_to_their_fields(client, member, post):
    client.force_login(member)
    response = client.post(f"/p/{post.pk}/flag/", {"reason": "", "note": "x" * 1001})
    assert response.status_code == 400
    html = response.content.decode()
    _assert_descriptions_exist(html)
    assert "id_note_error" in Page(html).described_by["id_note"]


def test_moderation_form_help_and_errors_are_linked(client, moderator, post):
    flag_create(post=post, by=UserFactory(), reason=FlagReason.SPAM)
    client.force_login(moderator)
    response = client.post(
        f"/moderation/cases/{Case.objects.get().pk}/act/", {"action": "hide"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    _assert_descriptions_exist(html)
    assert "id_reason_error" in Page(html).described_by["id_reason"]
