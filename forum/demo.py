"""Fictional demo categories, threads and replies for the network. Idempotent.

Demo content is written directly (not through the services) so that the first-posts
approval rule and the rate limits do not hold it back; counters are then recounted.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from core.text import mentioned_usernames, render_markdown
from forum.models import Category, CategoryVisibility, Post, Thread
from forum.services.counters import thread_counters_refresh
from forum.services.notify import post_published_notify, thread_watch_on_post
from forum.services.search import search_post_index

# slug, name, description, visibility, pre-moderated
CATEGORIES = [
    ("introductions", "Introductions", "Say hello: who you are, where you are, what brings you here.", "public", False),
    ("employment", "Employment", "Finding and keeping work, training, social cooperatives, telling an employer or not.", "public", False),
    ("housing", "Housing", "Housing first, supported housing, leaving a community, landlords and deposits.", "public", False),
    ("health", "Health", "Physical and mental health, treatment, hepatitis C, medication. Members only.", "members", False),
    ("family", "Family and relationships", "Children, partners, parents, rebuilding trust. Members only.", "members", False),
    ("staying-well", "Staying well", "Cravings, hard days, what helps. Read by a moderator before posts appear.", "members", True),
    ("network-news", "Network news", "News from the network's organisations: meetings, programmes, calls.", "public", False),
]  # fmt: skip

# category slug, title, author, mode, content warning, tags, [(author, body), ...]
THREADS = [
    ("introductions", "Hello from Bologna", "demo_member", "open", "", ["introductions", "italy"], [
        ("demo_member", "Hi all. I finished the residential programme last spring and now live in a shared flat run by the community. Happy to be here."),
        ("sunrise_walker", "Welcome! Three years for me this winter. The first year out was the hardest; ask anything."),
        ("quiet_harbour", "Welcome from Cork. What helped me most was a weekly meeting I could not skip."),
    ]),
    ("employment", "Telling an employer about my past?", "quiet_harbour", "advice", "", ["employment", "disclosure"], [
        ("quiet_harbour", "I have an interview for a warehouse job next week. There is a two-year gap on my CV. **Do I say why?**\n\nWhat did you do?"),
        ("tide_keeper", "I said *I was in a health programme* and left it there. Most interviewers did not ask more."),
        ("demo_editor", "Our job coaches practise exactly this question with people. A short, calm answer that ends with what you can do now works best:\n\n- one sentence about the gap\n- one about what you learned\n- then back to the job"),
        ("sunrise_walker", "Thanks @demo_editor, that list is useful."),
    ]),
    ("employment", "Social cooperatives that hire people in recovery", "demo_editor", "open", "", ["employment", "social-cooperatives", "italy"], [
        ("demo_editor", "Type B social cooperatives in Italy must have at least 30% of workers from disadvantaged groups. Ours runs a bakery and a carpentry shop. Ask us how it works."),
        ("northern_lights", "In Sweden we have work-integration social enterprises (WISE). Similar idea, different law."),
    ]),
    ("housing", "Leaving the community: where to live?", "sunrise_walker", "advice", "", ["housing", "leaving-treatment"], [
        ("sunrise_walker", "I leave the community in two months. I cannot go back to my old neighbourhood. What options did you have?"),
        ("demo_member", "Our community has a *half-way* flat for six months. Ask your team early, places go fast."),
        ("tide_keeper", "Housing First in Lisbon took me straight into a flat with a support worker visiting weekly. It saved me."),
    ]),
    ("health", "Hepatitis C treatment after years of waiting", "northern_lights", "open", "", ["health", "hepatitis-c"], [
        ("northern_lights", "Finished the tablets last month. Twelve weeks, almost no side effects. If you have been putting off the test, please do it."),
        ("quiet_harbour", "Same here, cured two years ago. The nurse at the low-threshold clinic did everything."),
    ]),
    ("health", "When a friend overdosed", "tide_keeper", "listening", "overdose", ["overdose", "grief"], [
        ("tide_keeper", "I want to write this down somewhere. Last month a friend from my old life overdosed. He survived because someone had naloxone. I keep thinking about how close it was.\n\nI don't need advice, I just needed to say it."),
    ]),
    ("family", "Rebuilding contact with my daughter", "quiet_harbour", "open", "", ["family", "parenting"], [
        ("quiet_harbour", "My daughter is fourteen. We meet once a month with a social worker. It is slow. How did others rebuild trust with their kids?"),
        ("sunrise_walker", "Small promises, kept every time. It took my son a year to believe me."),
    ]),
    ("staying-well", "A hard week: relapse thoughts", "demo_member", "listening", "relapse", ["relapse", "hard-days"], [
        ("demo_member", "This week was bad. An old friend called and I almost went. I didn't. I'm writing here instead."),
    ]),
    ("staying-well", "What helps on a bad evening", "sunrise_walker", "open", "", ["hard-days", "coping"], [
        ("sunrise_walker", "Things that help me when evenings are long:\n\n1. a walk, even ten minutes\n2. calling someone from the group\n3. cooking something that takes time\n\nWhat helps you?"),
        ("northern_lights", "Cold water on my face and a very loud song."),
        ("demo_member", "Writing here, honestly."),
    ]),
    ("network-news", "Network meeting in Lisbon, spring 2027", "demo_admin", "open", "", ["network", "events"], [
        ("demo_admin", "The next network meeting will be in Lisbon. Member organisations can propose a workshop until the end of January. More in the practice exchange."),
    ]),
]  # fmt: skip


def _user(username: str):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            email=f"{username}@example.org",
            password=settings.DEMO_PASSWORD,
            email_confirmed_at=timezone.now(),
            guidelines_version=settings.GUIDELINES_VERSION,
            guidelines_accepted_at=timezone.now(),
        )
    return user


def seed(*, stdout) -> None:
    created_threads = 0
    for position, (slug, name, description, visibility, pre_moderated) in enumerate(
        CATEGORIES
    ):
        Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "position": position,
                "visibility": CategoryVisibility(visibility),
                "is_pre_moderated": pre_moderated,
            },
        )
    start = timezone.now() - timedelta(days=len(THREADS) + 1)
    for index, (slug, title, author, mode, warning, tags, posts) in enumerate(THREADS):
        category = Category.objects.get(slug=slug)
        if Thread.objects.filter(category=category, title=title).exists():
            continue
        when = start + timedelta(days=index)
        thread = Thread.objects.create(
            category=category,
            title=title,
            slug=Thread.slug_for(title),
            author=_user(author),
            mode=mode,
            content_warning=warning,
            created_at=when,
            last_post_at=when,
        )
        thread.tags.set(tags)
        for number, (poster, body) in enumerate(posts, start=1):
            names = {
                name
                for name in mentioned_usernames(body)
                if get_user_model().objects.filter(username=name).exists()
            }
            post = Post.objects.create(
                thread=thread,
                number=number,
                author=_user(poster),
                body=body,
                body_html=render_markdown(body, mentions=names),
                created_at=when + timedelta(hours=number),
            )
            search_post_index(post)
        Thread.objects.filter(pk=thread.pk).update(last_post_number=len(posts))
        thread_counters_refresh(thread)
        created_threads += 1
    stdout.write(f"forum: {len(CATEGORIES)} categories, {created_threads} new threads")
    _notify_demo_member()


def _notify_demo_member() -> None:
    """The replies to demo_member's threads as notifications, so that the bell shows
    something; one per post, however often the seed runs."""
    member = _user("demo_member")
    for thread in Thread.objects.filter(author=member).select_related("category"):
        thread_watch_on_post(thread=thread, by=member)
        for post in thread.posts.filter(number__gt=1).exclude(author=member):
            post_published_notify(post, mentioned=[])
