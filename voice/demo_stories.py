"""Demo recovery stories: three published, one waiting in the moderators' queue.

Idempotent (each story has a fixed submit key): running it twice changes nothing. Runs
after the accounts demo data, whose members tell them.
"""

from accounts.models import User
from voice.models import StoryArea, StorySignature, StoryState
from voice.services.stories import story_decide, story_submit

# (key, author, title, body, areas, country, language, signature, name, is_published)
STORIES = [
    (
        "demo-story-1",
        "sunrise_walker",
        "Pekara u pet ujutro",
        "Tri godine nisam znao šta da radim s jutrima. Danas ih provodim u pekari "
        "zajednice: *testo ne čeka*, i to mi je pomoglo da i ja ne čekam.\n\n"
        "Nije bilo lako. Ali je moguće.",
        [StoryArea.EMPLOYMENT, StoryArea.COMMUNITY],
        "RS",
        "sr-latn",
        StorySignature.ANONYMOUS,
        "",
        True,
    ),
    (
        "demo-story-2",
        "quiet_harbour",
        "A key of my own",
        "For six years every door I walked through belonged to someone else. The "
        "housing-first pilot gave me a key before it asked me anything.\n\n"
        "- The first month I slept.\n- The second month I cooked.\n"
        "- The third month I called my daughter.",
        [StoryArea.HOUSING, StoryArea.FAMILY],
        "IE",
        "en",
        StorySignature.USERNAME,
        "",
        True,
    ),
    (
        "demo-story-3",
        "northern_lights",
        "Learning to ask for help",
        "The hardest part of recovery for me was not stopping, it was **asking**. "
        "Peer groups taught me that asking is a skill, and skills can be learned.",
        [StoryArea.HEALTH, StoryArea.COMMUNITY],
        "",
        "en",
        StorySignature.FIRST_NAME,
        "Erik",
        True,
    ),
    (
        "demo-story-4",
        "tide_keeper",
        "Back in the classroom",
        "At forty I sat an exam again. My hands shook, and I passed.",
        [StoryArea.EDUCATION],
        "ES",
        "en",
        StorySignature.ANONYMOUS,
        "",
        False,
    ),
]


def seed(*, stdout) -> None:
    moderator = User.objects.get(username="demo_moderator")
    for (
        key,
        username,
        title,
        body,
        areas,
        country,
        language,
        signature,
        name,
        is_published,
    ) in STORIES:
        author = User.objects.get(username=username)
        story = story_submit(
            by=author,
            title=title,
            body=body,
            areas=areas,
            country=country,
            language=language,
            signature=signature,
            signed_name=name,
            has_consented=True,
            idempotency_key=key,
        )
        if is_published and story.state == StoryState.PENDING:
            story_decide(pk=story.pk, by=moderator, approve=True)
    stdout.write("Recovery stories: 3 published, 1 waiting for review.")
