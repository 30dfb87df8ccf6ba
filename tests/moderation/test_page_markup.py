"""What moderators and members see on the moderation pages: blurring, ids, labels."""

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
