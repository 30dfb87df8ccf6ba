"""Erasure, proven table by table (SPEC §7).

A member is given every kind of data the project stores, then erased, with "keep posts"
and with "remove posts". Each time every text, char and JSON column of every model
(django.apps.apps.get_models()) is searched for their username, e-mail address and
name; any hit fails, naming the table, column and row.

To cover a new kind of data, write one `seed_<kind>(story)` function below that creates
it through the app's services, and add it to SEEDERS. Put the member's username,
address and name wherever the project copies them or others may type them (notes,
quotes, mentions, texts about them).

Not looked for: a real name the member typed into their own posts under "keep posts".
Those are their words, kept by their choice, and the project never stores a display
name of its own (the username is the only name shown).
"""

from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone

from accounts.models import User
from accounts.services import (
    consent_record,
    login_record,
    member_block,
    notification_send,
    posts_anonymise,
    user_erase,
)
from forum.models import Thread
from forum.search.selectors import SearchFilters, search
from forum.services import post_create, post_edit, reaction_toggle
from moderation.models import Case, Statement
from moderation.services import appeal_create, case_hide, case_note_add, flag_create
from tests.factories import ThreadFactory, UserFactory
from voice.models import StoryArea, StorySignature
from voice.services.stories import story_submit

pytestmark = pytest.mark.django_db(transaction=False)

USERNAME = "zoravelq"
EMAIL = "zoravel.quistberg@example.org"
FIRST_NAME = "Zoravel"
LAST_NAME = "Quistberg"


@dataclass
class Story:
    """The member being erased, the people around them, and what was made."""

    member: User
    friend: User
    moderator: User
    thread: Thread
    made: dict = field(default_factory=dict)

    @property
    def quote_of_member(self) -> str:
        post = self.made["post"]
        return (
            f"> [{self.member.username} wrote (#{post.number}):](/p/{post.pk}/)\n"
            f"> {post.body}"
        )


# One function per kind of data. Each creates it through the services, as use would.


def seed_posts_and_revisions(story: Story) -> None:
    post = post_create(thread=story.thread, by=story.member, body="Day 30 today.")
    post = post_edit(
        post=post,
        by=story.member,
        body="Day 31 today, and thanks to everyone.",
        expected_version=post.version,
    )
    story.made["post"] = post
    story.made["thread"] = ThreadFactory(author=story.member, title="My first month")


def seed_quotes_and_mentions_by_others(story: Story) -> None:
    story.made["quoting"] = post_create(
        thread=story.thread,
        by=story.friend,
        body=f"{story.quote_of_member}\n\nWell done @{story.member.username}!",
    )


def seed_reactions(story: Story) -> None:
    reaction_toggle(post=story.made["post"], by=story.friend, kind="support")
    reaction_toggle(post=story.made["quoting"], by=story.member, kind="thanks")


def seed_flags_filed_and_received(story: Story) -> None:
    flag_create(
        post=story.made["quoting"],
        by=story.member,
        reason="other",
        note=f"I am {story.member.username}, please remove my quote",
    )
    flag_create(
        post=story.made["post"],
        by=story.friend,
        reason="personal_info",
        note=f"{story.member.username} posted their name; mail {story.member.email}",
    )


def seed_case_snapshot_note_and_appeal(story: Story) -> None:
    case = Case.objects.get(post=story.made["post"])
    case_note_add(
        case=case,
        by=story.moderator,
        text=f"Asked {story.member.username} ({story.member.email}) to edit.",
    )
    case_hide(
        case=case,
        by=story.moderator,
        reason=f"Full name of {story.member.username} in the post",
        guideline="privacy",
    )
    statement = Statement.objects.get(user=story.member)
    appeal_create(
        statement=statement,
        by=story.member,
        text=f"I, {story.member.get_full_name()}, chose to share my name.",
    )


def seed_notifications(story: Story) -> None:
    notification_send(user=story.friend, kind="mention", actor=story.member, url="/")
    notification_send(user=story.member, kind="reply", text="Someone replied.")


def seed_account_records(story: Story) -> None:
    consent_record(
        user=story.member, kind="guidelines", version="2026-11", is_given=True
    )
    login_record(user=story.member, address="192.0.2.44")
    member_block(user=story.friend, by=story.member)


def seed_story(story: Story) -> None:
    story.made["story"] = story_submit(
        by=story.member,
        title="Back at work",
        body=f"Signed by {story.member.username}: it took time.",
        areas=[StoryArea.EMPLOYMENT],
        language="en",
        signature=StorySignature.USERNAME,
        has_consented=True,
    )


def seed_name_hidden_on_old_posts(story: Story) -> None:
    # Hiding one's name first must not leave a copy that erasure then misses.
    posts_anonymise(user=story.member, by=story.member, before=timezone.now())
    story.made["late"] = post_create(
        thread=story.thread, by=story.member, body="Still here, a week later."
    )


SEEDERS = [
    seed_posts_and_revisions,
    seed_name_hidden_on_old_posts,
    seed_quotes_and_mentions_by_others,
    seed_reactions,
    seed_flags_filed_and_received,
    seed_case_snapshot_note_and_appeal,
    seed_notifications,
    seed_account_records,
    seed_story,
]

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def text_columns():
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for column in model._meta.concrete_fields:
            if isinstance(column, TEXT_FIELDS):
                yield model, column


def hits(needles: list[str]) -> list[str]:
    """Every (table, column, row) whose text holds one of the needles, any case."""
    found = []
    for model, column in text_columns():
        rows = model._base_manager.all()
        if isinstance(column, models.JSONField):
            rows = rows.annotate(_as_text=Cast(column.name, models.TextField()))
            name = "_as_text"
        else:
            name = column.name
        for needle in needles:
            for pk in rows.filter(**{f"{name}__icontains": needle}).values_list(
                "pk", flat=True
            ):
                found.append(f"{model._meta.db_table}.{column.name} #{pk}: {needle}")
    return found


@pytest.fixture
def story(settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    member = UserFactory(
        username=USERNAME, email=EMAIL, first_name=FIRST_NAME, last_name=LAST_NAME
    )
    story = Story(
        member=member,
        friend=UserFactory(),
        moderator=UserFactory(is_moderator=True),
        thread=ThreadFactory(),
    )
    for seed in SEEDERS:
        seed(story)
    return story


NEEDLES = [USERNAME, EMAIL, f"{FIRST_NAME} {LAST_NAME}", LAST_NAME]


def test_the_scan_finds_the_member_before_erasure(story):
    # Without this the scan could pass by searching nothing.
    found = hits(NEEDLES)
    tables = {hit.split(".")[0] for hit in found}
    assert {"accounts_user", "forum_post", "moderation_flag"} <= tables
    assert any(hit.startswith("moderation_") for hit in found)
    assert any(hit.startswith("forum_threadevent") for hit in found)


@pytest.mark.parametrize(
    "keep_posts", [True, False], ids=["keep-posts", "remove-posts"]
)
def test_no_column_of_any_table_names_the_erased_member(story, keep_posts):
    user_erase(user=story.member, by=story.member, keep_posts=keep_posts)
    found = hits(NEEDLES)
    assert found == [], "\n".join(found)


def _index_hits(viewer) -> list[str]:
    from_index = []
    for needle in (USERNAME, LAST_NAME):
        results = search(viewer=viewer, text=needle, filters=SearchFilters())
        from_index += [f"{hit.url}: {needle}" for hit in results.hits]
    return from_index


@pytest.mark.parametrize(
    "keep_posts", [True, False], ids=["keep-posts", "remove-posts"]
)
def test_the_full_text_index_no_longer_finds_the_erased_member(story, keep_posts):
    # The FTS5 table (SQLite) and the tsvector column (PostgreSQL) are not model
    # columns: the scan above does not read them, the search itself does.
    assert _index_hits(story.moderator)
    user_erase(user=story.member, by=story.member, keep_posts=keep_posts)
    assert _index_hits(story.moderator) == []
