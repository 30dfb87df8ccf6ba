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
name of its own (the username is the only name shown). Nor in what they wrote as an
organisation's editor (an amendment, an endorsement's text): those are the
organisation's words and stay its record; erasure only unlinks the editor.

Mail still waiting in the task queue is seeded on the database task backend, as in
production; on SQLite the search index's FTS5 table, which is no model, is read with
raw SQL.
"""

from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models
from django.db.models.functions import Cast
from django.test import TestCase
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import (
    Block,
    ConsentRecord,
    Digest,
    LoginRecord,
    MembershipRole,
    Notification,
    NotificationPreference,
    User,
)
from accounts.services import (
    consent_record,
    login_record,
    member_block,
    notification_send,
    posts_anonymise,
    user_erase,
)
from accounts.services.notifications import (
    digest_period_start,
    digest_send,
    notification_preferences_update,
)
from accounts.services.users import email_change_request
from forum.models import (
    Follow,
    PostRevision,
    Reaction,
    SearchEntry,
    Thread,
    ThreadEvent,
)
from forum.search.selectors import SearchFilters, search
from forum.services import post_create, post_edit, reaction_toggle
from forum.services.notify import category_follow, thread_follow
from forum.services.threads import thread_create
from moderation.models import Appeal, Case, CheckIn, CheckInMessage, Flag, Statement
from moderation.services import appeal_create, case_hide, case_note_add, flag_create
from moderation.services.checkins import (
    checkin_message_report,
    checkin_message_send,
    checkin_open,
)
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ThreadFactory,
    UserFactory,
)
from tests.task_worker import DATABASE_TASKS
from voice.models import (
    Amendment,
    CoSignature,
    Endorsement,
    StoryArea,
    StorySignature,
)
from voice.models import Story as VoiceStory
from voice.models import Testimony as VoiceTestimony
from voice.services import statements as voice_statements
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
    story.made["thread"] = thread_create(
        category=story.thread.category,
        by=story.member,
        title="My first month",
        body="This is day one.",
    )


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


def seed_follows_and_notifications_of_every_kind(story: Story) -> None:
    thread_follow(thread=story.thread, by=story.member, level="watching")
    category_follow(category=story.thread.category, by=story.member, level="watching")
    thread_follow(thread=story.made["thread"], by=story.friend, level="watching")
    # A reply in a thread they watch, a mention and a quote of them, batched reactions.
    post_create(
        thread=story.made["thread"],
        by=story.friend,
        body=f"{story.quote_of_member}\n\n@{story.member.username}, same here.",
    )
    reaction_toggle(post=story.made["late"], by=story.friend, kind="support")
    reaction_toggle(post=story.made["late"], by=story.moderator, kind="support")
    # The member's own words reach the friend as a reply in a thread they watch.
    post_create(thread=story.made["thread"], by=story.member, body="Thank you both.")
    notification_preferences_update(
        user=story.member,
        email={"reply": "daily", "mention": "daily", "reaction": "daily"},
        watch_on_reply=True,
        email_consent=True,
    )
    now = timezone.now()
    digest_send(
        user=story.member,
        period="daily",
        period_start=digest_period_start("daily", now),
    )


def seed_mail_waiting_in_the_queue(story: Story) -> None:
    # Mail stays queued as task rows (the worker has not run yet) when erasure comes.
    with DATABASE_TASKS, TestCase.captureOnCommitCallbacks(execute=True):
        email_change_request(
            user=story.member, new_email=f"{LAST_NAME.lower()}.new@example.org"
        )
        notification_send(
            user=story.member, kind="reply", text="A moderator wrote to you."
        )
    assert DBTaskResult.objects.exists()


def seed_checkins(story: Story) -> None:
    checkin = checkin_open(
        member=story.member,
        by=story.moderator,
        reason=f"{story.member.username} wrote about ending it all",
        case=Case.objects.get(post=story.made["post"]),
    )
    checkin_message_send(
        checkin=checkin,
        by=story.moderator,
        body=f"Hello {story.member.username}, how are you today?",
    )
    checkin_message_send(
        checkin=checkin,
        by=story.member,
        body=f"Better. My name is {story.member.get_full_name()}, by the way.",
    )
    checkin_message_report(
        message=CheckInMessage.objects.get(checkin=checkin, author=story.moderator),
        by=story.member,
        note=f"{story.member.username} does not want this",
    )


def seed_statement_voice(story: Story) -> None:
    staff = UserFactory(is_network_staff=True)
    organisation = OrganisationFactory(name="Sentiero Fittizio", country="IT")
    MembershipFactory(
        user=story.member, organisation=organisation, role=MembershipRole.EDITOR
    )
    MembershipFactory(
        user=story.friend, organisation=organisation, role=MembershipRole.EDITOR
    )
    statement = voice_statements.statement_create(
        by=staff,
        data={
            "title": "Work after recovery",
            "summary": "Employment for people in recovery.",
            "policy_area": "employment",
            "addressees": "European Parliament",
            "language": "en",
            "body": "People in recovery need work.\n\nCriminal records close doors.",
        },
    )
    statement = voice_statements.statement_move(
        statement=statement, by=staff, to_status="consultation"
    )
    voice_statements.testimony_submit(
        statement=statement,
        by=story.member,
        text=f"I am {story.member.get_full_name()}; a record kept me out of work.",
        pseudonym=story.member.username,
    )
    voice_statements.amendment_propose(
        paragraph=statement.paragraphs.first(),
        by=story.member,
        organisation=organisation,
        text="People in recovery need fair work.",
        reason="Clearer.",
    )
    statement = voice_statements.statement_move(
        statement=statement, by=staff, to_status="endorsement"
    )
    voice_statements.endorsement_create(
        statement=statement,
        by=story.member,
        organisation=organisation,
        text="Our members have lived this.",
    )
    voice_statements.cosignature_set(
        statement=statement, by=story.member, show_username=True
    )


def seed_account_records(story: Story) -> None:
    consent_record(
        user=story.member, kind="guidelines", version="2026-11", is_given=True
    )
    login_record(user=story.member, address="192.0.2.44")
    member_block(user=story.friend, by=story.member)
    member_block(user=story.member, by=UserFactory())


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
    seed_follows_and_notifications_of_every_kind,
    seed_mail_waiting_in_the_queue,
    seed_checkins,
    seed_statement_voice,
    seed_story,
    seed_account_records,
]

# A search vector holds the words of the text it indexes (PostgreSQL's tsvector).
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, SearchVectorField)
CAST_FIELDS = (models.JSONField, SearchVectorField)


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
        if isinstance(column, CAST_FIELDS):
            rows = rows.annotate(_as_text=Cast(column.name, models.TextField()))
            name = "_as_text"
        else:
            name = column.name
        for needle in needles:
            for pk in rows.filter(**{f"{name}__icontains": needle}).values_list(
                "pk", flat=True
            ):
                found.append(f"{model._meta.db_table}.{column.name} #{pk}: {needle}")
    return found + full_text_hits(needles)


def full_text_hits(needles: list[str]) -> list[str]:
    """SQLite keeps the search index's words in an FTS5 table outside the models."""
    if connection.vendor != "sqlite":
        return []
    found = []
    with connection.cursor() as cursor:
        for needle in needles:
            cursor.execute(
                "SELECT rowid FROM forum_search_fts "
                "WHERE lower(title) LIKE %s OR lower(body) LIKE %s",
                [f"%{needle.lower()}%"] * 2,
            )
            found += [f"forum_search_fts #{row[0]}: {needle}" for row in cursor]
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
        # As each request would: what it queues on commit runs.
        with TestCase.captureOnCommitCallbacks(execute=True):
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
    assert {
        "django_tasks_database_dbtaskresult",
        "forum_searchentry",
        "moderation_checkin",
        "moderation_checkinmessage",
        "voice_testimony",
        "voice_story",
    } <= tables
    if connection.vendor == "sqlite":
        assert any(hit.startswith("forum_search_fts") for hit in found)
    if connection.vendor == "postgresql":
        assert any(hit.startswith("forum_searchentry.vector") for hit in found)


def test_the_member_has_every_kind_of_data_before_erasure(story):
    # A seeder that silently made nothing would leave its kind unproven.
    member = story.member
    held = {
        "notification kinds": set(
            Notification.objects.filter(user=member).values_list("kind", flat=True)
        ),
        "batched reactions": Notification.objects.filter(
            user=member, kind="post.reaction", count__gt=1
        ).exists(),
        "notifications they caused": Notification.objects.filter(actor=member).exists(),
    }
    assert {"mention", "reply", "post.reaction", "checkin"} <= held[
        "notification kinds"
    ]
    assert held["batched reactions"] and held["notifications they caused"]
    for model, column in [
        (NotificationPreference, "user"),
        (Digest, "user"),
        (Follow, "user"),
        (Block, "blocker"),
        (Block, "blocked"),
        (ConsentRecord, "user"),
        (LoginRecord, "user"),
        (PostRevision, "post__author"),
        (Reaction, "user"),
        (Flag, "flagger"),
        (Flag, "post__author"),
        (Appeal, "statement__user"),
        (CheckIn, "member"),
        (CheckInMessage, "author"),
        (CheckInMessage, "reported_at__isnull"),
        (VoiceTestimony, "author"),
        (Amendment, "proposed_by"),
        (Endorsement, "editor"),
        (CoSignature, "user"),
        (VoiceStory, "author"),
        (ThreadEvent, "thread__author"),
        (SearchEntry, "author"),
    ]:
        value = False if column.endswith("__isnull") else member
        assert model.objects.filter(**{column: value}).exists(), (model, column)
    assert DBTaskResult.objects.filter(
        args_kwargs__kwargs__member_id=member.pk
    ).exists()


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
