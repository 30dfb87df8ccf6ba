"""In-process CPU per request and where it goes: one page or the reply POST, profiled.

Builds the `manage.py seed_bench` data in a temporary SQLite file, with production
settings (`DJANGO_DEBUG=0`) and, when REDIS_URL is set, Redis for the caches as in
production; then runs one request kind through Django's test client: 20 warm-up
requests, 100 timed with `time.process_time()` (CPU of this process only, so other load
on the machine does not count), then 50 under cProfile, printed by cumulative time.

    .venv/bin/python bench/profile_requests.py list|thread|post [--member] [--top 40]

`list` is the category page, `thread` the first page of the 1,000-reply thread, `post`
a reply (always by a member, to a two-post thread). `--member` signs the pages in.
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="bench-profile-"))
for name, value in {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_HTTPS": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "testserver",
    "DATABASE_URL": "",
    "SQLITE_PATH": str(WORKDIR / "bench.sqlite3"),
    "LOG_LEVEL": "WARNING",
    "FIRST_POSTS_NEEDING_APPROVAL": "0",
    "FORUM_REPLIES_PER_MINUTE": "1000000",
}.items():
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from forum.models import Thread  # noqa: E402

CSRF = "b" * 32
REPLY = (
    "Bench post {n}: **channels** and *django* with `render()`.\n\n"
    "- first point\n- second point\n- [a link](https://example.com/doc)\n\n"
    "A closing paragraph with plain words: forum thread reply socket index latency."
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["list", "thread", "post"])
    parser.add_argument("--member", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("seed_bench", verbosity=0)
    # Production settings serve hashed static names: the manifest must match the
    # templates of this checkout.
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    if args.member or args.kind == "post":
        client.force_login(User.objects.get(username="bench_member_03"))
    client.cookies["csrftoken"] = CSRF
    big = Thread.objects.get(title="Bench thread 1")
    target = Thread.objects.get(title="Bench thread 2")
    sent = [0]

    def request() -> None:
        if args.kind == "post":
            sent[0] += 1
            response = client.post(
                f"/t/{target.pk}/reply/",
                {"body": REPLY.format(n=sent[0])},
                HTTP_X_CSRFTOKEN=CSRF,
            )
            expected = 302
        else:
            path = (
                "/c/bench/"
                if args.kind == "list"
                else f"{big.get_absolute_url()}?page=1"
            )
            response = client.get(path)
            expected = 200
        if response.status_code != expected:
            raise RuntimeError(f"{args.kind} answered {response.status_code}")

    for _ in range(20):
        request()
    started = time.process_time()
    for _ in range(100):
        request()
    cpu_ms = (time.process_time() - started) * 10
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(50):
        request()
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.top)
    who = "member" if args.member or args.kind == "post" else "anonymous"
    print(f"{args.kind} ({who}): {cpu_ms:.1f} ms CPU per request (100 requests)")
    print(out.getvalue())


if __name__ == "__main__":
    main()
