from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core.text import render_markdown
from forum.models import Category, Post, Thread
from forum.services.counters import thread_counters_refresh

MEMBERS = 50
THREADS = 200
REPLIES_IN_FIRST = 1_000
BENCH_PASSWORD = "bench-password-not-secret"

BODY = (
    "Reply {n}: thanks for sharing this. What helped me was *small steps* and a "
    "**fixed routine**, written down the evening before:\n\n"
    "- a walk before work\n- one call to someone from the group\n"
    "- cooking dinner instead of buying it\n\n"
    "I kept the list in a note called `plan.txt` on my phone. The guide that our "
    "community used is at https://example.org/guide and the "
    "[housing notes](https://example.org/housing) were useful too. "
    "Keep going, it does get easier."
)


class Command(BaseCommand):
    help = (
        "Build the benchmark data set (separate from the demo): 50 members, a public "
        "category 'bench' with 200 threads, the first with 1,000 replies. Idempotent."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        now = timezone.now()
        password = make_password(BENCH_PASSWORD)
        existing = set(
            User.objects.filter(username__startswith="bench_member_").values_list(
                "username", flat=True
            )
        )
        User.objects.bulk_create(
            [
                User(
                    username=f"bench_member_{n:02d}",
                    email=f"bench_member_{n:02d}@example.org",
                    password=password,
                    email_confirmed_at=now,
                    guidelines_version=settings.GUIDELINES_VERSION,
                    guidelines_accepted_at=now,
                )
                for n in range(MEMBERS)
                if f"bench_member_{n:02d}" not in existing
            ]
        )
        members = list(
            User.objects.filter(username__startswith="bench_member_").order_by(
                "username"
            )
        )
        category, _created = Category.objects.get_or_create(
            slug="bench",
            defaults={"name": "Bench", "description": "Benchmark data set."},
        )
        have = Thread.objects.filter(category=category).count()
        start = now - timedelta(days=30)
        for index in range(have, THREADS):
            replies = REPLIES_IN_FIRST if index == 0 else index % 7
            when = start + timedelta(minutes=index)
            title = f"Bench thread {index + 1}"
            thread = Thread.objects.create(
                category=category,
                title=title,
                slug=Thread.slug_for(title),
                author=members[index % MEMBERS],
                created_at=when,
                last_post_at=when,
            )
            posts = []
            for number in range(1, replies + 2):
                body = BODY.format(n=number)
                posts.append(
                    Post(
                        thread=thread,
                        number=number,
                        author=members[(index + number) % MEMBERS],
                        body=body,
                        body_html=render_markdown(body),
                        created_at=when + timedelta(seconds=number),
                    )
                )
            Post.objects.bulk_create(posts, batch_size=500)
            Thread.objects.filter(pk=thread.pk).update(last_post_number=len(posts))
            thread_counters_refresh(thread)
        self.stdout.write(
            f"bench: {len(members)} members (password {BENCH_PASSWORD!r}), "
            f"{THREADS} threads in /c/bench/, the first with {REPLIES_IN_FIRST} replies"
        )
