"""Demo moderation data: open cases, a pre-moderated category with a post waiting,
watched words in English and Italian, and crisis resources (verified entries only).

Idempotent: running it twice changes nothing. Runs after accounts and forum demo data.
"""

from django.contrib.auth import get_user_model

from forum.models import Category, Post
from forum.services import thread_create
from moderation.models import CheckIn, CrisisResource, Flag, WatchedAction, WatchedWord
from moderation.services import flag_create
from moderation.services.checkins import checkin_message_send, checkin_open

WATCHED_WORDS = [
    ("en", "dealer", WatchedAction.HOLD),
    ("en", "idiot", WatchedAction.CENSOR),
    ("en", "kill yourself", WatchedAction.BLOCK),
    ("en", "end it all", WatchedAction.AT_RISK),
    ("it", "spacciatore", WatchedAction.HOLD),
    ("it", "idiota", WatchedAction.CENSOR),
    ("it", "ammazzati", WatchedAction.BLOCK),
    ("it", "farla finita", WatchedAction.AT_RISK),
]

# (thread title, post number, flagger, reason, note)
FLAGS = [
    ("A hard week: relapse thoughts", 1, "sunrise_walker", "harm",
     "I am worried about them; they sound very low."),
    ("Social cooperatives that hire people in recovery", 2, "quiet_harbour", "spam",
     "Is this an advert?"),
    ("Telling an employer about my past?", 2, "northern_lights", "off_topic", ""),
]  # fmt: skip

PRE_MODERATED = {
    "slug": "first-steps",
    "name": "First steps",
    "description": "New here? Ask anything. A moderator reads each post before it appears.",
}
PENDING_THREAD = (
    "Is it normal to feel lost after leaving the community?",
    "I left two weeks ago and the days feel empty. Did it get easier for you?",
)


def seed(*, stdout) -> None:
    User = get_user_model()
    # The one number every EU country answers; the migration adds it too.
    CrisisResource.objects.get_or_create(
        country="EU",
        name="European emergency number",
        defaults={"phone": "112", "hours": "24/7"},
    )
    for language, word, action in WATCHED_WORDS:
        WatchedWord.objects.get_or_create(
            language=language, word=word, defaults={"action": action}
        )
    category, _created = Category.objects.get_or_create(
        slug=PRE_MODERATED["slug"],
        defaults={
            "name": PRE_MODERATED["name"],
            "description": PRE_MODERATED["description"],
            "is_pre_moderated": True,
            "position": 0,
        },
    )
    author = User.objects.filter(username="tide_keeper").first()
    title, body = PENDING_THREAD
    if author and not category.threads.filter(title=title).exists():
        thread_create(category=category, by=author, title=title, body=body)
    opened = 0
    for thread_title, number, flagger_name, reason, note in FLAGS:
        post = Post.objects.filter(thread__title=thread_title, number=number).first()
        flagger = User.objects.filter(username=flagger_name).first()
        if post is None or flagger is None:
            continue
        if Flag.objects.filter(post=post, flagger=flagger).exists():
            continue
        flag_create(post=post, by=flagger, reason=reason, note=note)
        opened += 1
    _seed_checkin(User)
    stdout.write(
        f"moderation: {len(WATCHED_WORDS)} watched words, {opened} new flags, "
        "a pre-moderated category"
    )


def _seed_checkin(User) -> None:
    """One open private check-in for demo_member, opened by demo_moderator."""
    member = User.objects.filter(username="demo_member").first()
    moderator = User.objects.filter(username="demo_moderator").first()
    if member is None or moderator is None:
        return
    if CheckIn.objects.filter(member=member, opened_by=moderator).exists():
        return
    checkin = checkin_open(
        member=member,
        by=moderator,
        reason="Demo: checking in after a worried report about a post.",
    )
    checkin_message_send(
        checkin=checkin,
        by=moderator,
        body="Hi, I am one of the volunteer moderators. I saw your post and wanted to "
        "check in privately. How are you doing this week?",
    )
