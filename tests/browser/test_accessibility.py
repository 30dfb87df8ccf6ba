"""An axe-core audit of every page type: WCAG 2.2 AA, light and dark, 320 and 1280 px.

axe-core comes from the npm registry, pinned in tests/browser/axe/package.json and
installed by `make install-axe`; it is evaluated into each page through the DevTools
protocol, so the page's own Content-Security-Policy stays in force while it runs.
"""

import io
import re
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from config.views import server_error
from exchange.models import Practice, PracticeStatus
from forum.models import CategoryVisibility, Post, Thread
from moderation.models import Case, CheckIn
from tests.services import services_required
from voice.models import Statement, StatementStatus, Story, StoryState

pytestmark = [pytest.mark.browser, pytest.mark.live]

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VARIANTS = [
    pytest.param("light", 1280, id="light-1280"),
    pytest.param("dark", 1280, id="dark-1280"),
    pytest.param("light", 320, id="light-320"),
    pytest.param("dark", 320, id="dark-320"),
]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        message = f"axe-core is not installed at {AXE} (make install-axe)"
        if services_required():
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text()


def audit(page, axe_source: str) -> list[str]:
    """Run axe on the loaded page; one line per violating node."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} "
        f"{node.get('failureSummary', '')[:200]}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", settings.DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/$"))


def optional(name: str, *args) -> list[str]:
    """URLs of pages that a later part of the product adds; absent ones are skipped."""
    try:
        return [reverse(name, args=args)]
    except NoReverseMatch:
        return []


def demo_urls() -> dict[str, list[str]]:
    """Every page type, by the demo role that sees it, on the seeded demo data."""
    thread = (
        Thread.objects.filter(category__visibility=CategoryVisibility.PUBLIC)
        .exclude(category__slug="exchange")
        .order_by("pk")
        .first()
    )
    public = thread.category
    practices = list(
        Practice.objects.filter(status=PracticeStatus.PUBLISHED).order_by("pk")[:2]
    )
    organisation = practices[0].organisation
    tag = thread.tags.first() or practices[0].tags.first()
    compare = (
        f"{reverse('exchange:compare')}?p={practices[0].slug}&p={practices[1].slug}"
    )
    case = Case.objects.order_by("pk").first()
    published = Statement.objects.filter(status=StatementStatus.PUBLISHED).first()
    consulting = Statement.objects.filter(status=StatementStatus.CONSULTATION).first()
    paragraph = consulting.paragraphs.order_by("position").first()
    draft = Statement.objects.filter(status=StatementStatus.DRAFT).first()
    story = Story.objects.filter(state=StoryState.PUBLISHED).first()
    checkin = CheckIn.objects.filter(member__username="demo_member").first()
    checkin_pages = [reverse("moderation:checkins")] + (
        [reverse("moderation:checkin", args=[checkin.pk])] if checkin else []
    )
    return {
        "anonymous": [
            "/",
            public.get_absolute_url(),
            thread.get_absolute_url(),
            reverse("exchange:list"),
            practices[0].get_absolute_url(),
            compare,
            reverse("pages:organisation", args=[organisation.slug]),
            reverse("pages:tag", args=[tag.name]) if tag else "/",
            reverse("pages:help"),
            reverse("pages:guidelines"),
            reverse("pages:privacy"),
            reverse("accounts:login"),
            reverse("accounts:signup"),
            reverse("accounts:password_reset"),
            "/t/999999/",  # 404
            *[f"{url}?q=work" for url in optional("pages:search")],
            reverse("voice:list"),
            published.get_absolute_url(),
            consulting.get_absolute_url(),
            reverse("voice:paragraph", args=[consulting.slug, paragraph.key]),
            reverse("stories:list"),
            story.get_absolute_url(),
            reverse("moderation:transparency"),
        ],
        "demo_member": [
            "/",
            thread.get_absolute_url(),
            reverse("forum:thread_new", args=[public.slug]),
            reverse("accounts:profile", args=["demo_member"]),
            reverse("accounts:settings"),
            reverse("accounts:notifications"),
            reverse("moderation:queue"),  # 403
            *[f"{url}?q=work" for url in optional("pages:search")],
            consulting.get_absolute_url(),
            reverse("stories:new"),
            reverse("stories:mine"),
            public.get_absolute_url(),  # the category's follow control
            reverse("accounts:notification_settings"),
            reverse("accounts:block", args=["quiet_harbour"]),
            reverse("accounts:export"),
            reverse("accounts:anonymise"),
            *checkin_pages,
            reverse("pages:help"),  # crisis lines for the member's country
            reverse("voice:list"),
            reverse("stories:list"),
        ],
        "demo_editor": [
            reverse("exchange:practice_create"),
            reverse("exchange:practice_edit", args=[practices[0].slug]),
        ],
        "demo_moderator": [
            reverse("moderation:queue"),
            *([reverse("moderation:case", args=[case.pk])] if case else []),
            reverse("moderation:approval"),
            reverse("moderation:log"),
            reverse("moderation:stats"),
            *checkin_pages,
            reverse("moderation:checkin_new"),
            reverse("moderation:transparency"),
            thread.get_absolute_url(),
        ],
        "demo_admin": [
            reverse("voice:new"),
            reverse("voice:edit", args=[draft.slug]),
            consulting.get_absolute_url(),
            reverse("voice:list"),
            published.get_absolute_url(),
            reverse("voice:paragraph", args=[consulting.slug, paragraph.key]),
        ],
    }


@pytest.fixture
def demo_site(daphne_servers):
    # On a thread of its own: Playwright's event loop runs in this one, and the seed's
    # live wake-ups must not try to run beside it.
    errors = []
    seeding = threading.Thread(target=seed_demo_data, args=(errors,))
    seeding.start()
    seeding.join()
    assert not errors, errors
    # The live insert is a demo member's reply: published at once, not held.
    return daphne_servers.start(env={"FIRST_POSTS_NEEDING_APPROVAL": "0"})


def seed_demo_data(errors: list) -> None:
    try:
        call_command("seed_demo", force=True, stdout=io.StringIO())
    except Exception as error:
        errors.append(error)
    finally:
        connection.close()


@pytest.mark.parametrize(("scheme", "width"), VARIANTS)
def test_every_page_type_has_no_wcag_violations(
    demo_site, browser, axe_source, scheme, width
):
    urls = demo_urls()
    found: dict[str, list[str]] = {}

    def check(page, label: str) -> None:
        problems = audit(page, axe_source)
        if problems:
            found[label] = problems

    for role, paths in urls.items():
        context = browser.new_context(
            color_scheme=scheme, viewport={"width": width, "height": 900}
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        if role != "anonymous":
            log_in(page, demo_site.url, role)
        for path in paths:
            page.goto(f"{demo_site.url}{path}")
            check(page, f"{role} {path}")
        if role == "demo_member":
            check_export_as_a_page(page, demo_site.url, check)
            check_reply_error_and_live_insert(page, demo_site.url, check)
        if role == "anonymous":
            check_server_error_page(page, demo_site.url, check)
        context.close()
    assert not found, "\n".join(
        f"{label}:\n  " + "\n  ".join(problems) for label, problems in found.items()
    )


def check_reply_error_and_live_insert(page, base: str, check) -> None:
    """The thread page after a refused reply, and after another member's reply arrives
    live (posted through the form in a second browser, as a person would)."""
    thread = (
        Thread.objects.filter(category__visibility=CategoryVisibility.PUBLIC)
        .exclude(category__slug="exchange")
        .order_by("pk")
        .first()
    )
    url = f"{base}{thread.get_absolute_url()}?page=1"
    page.goto(url)
    page.fill("form.reply-form textarea[name=body]", "   ")
    page.locator("form.reply-form button[type=submit]").click()
    page.wait_for_load_state()
    check(page, "demo_member reply with a form error")

    page.goto(url)
    writer = page.context.browser.new_context()
    other = writer.new_page()
    log_in(other, base, "demo_editor")
    other.goto(url)
    other.fill("form.reply-form textarea[name=body]", "Arrived *live* for the audit.")
    other.locator("form.reply-form button[type=submit]").click()
    other.wait_for_url("**#post-*")
    writer.close()
    post = Post.objects.filter(thread=thread).order_by("-pk").first()
    expect(page.locator(f"#post-{post.pk}")).to_be_visible()
    check(page, "demo_member thread after a live insert")


def check_export_as_a_page(page, base: str, check) -> None:
    """The data export in its web-page form (the answer to the export form's POST)."""
    page.goto(f"{base}{reverse('accounts:export')}")
    page.locator("main form:has(input[name=format][value=html]) button").click()
    page.wait_for_load_state()
    expect(page.locator("main h1")).to_be_visible()
    check(page, "demo_member export as a web page")


def check_server_error_page(page, base: str, check) -> None:
    """The 500 page as the handler renders it (nothing on the site fails on purpose)."""
    request = RequestFactory().get("/")
    html = server_error(request).content.decode()
    page.goto(f"{base}/")
    page.set_content(html)
    check(page, "anonymous 500")


def test_the_audit_reports_a_known_violation(live_site, browser, axe_source):
    """The harness itself: an image without a text alternative must be reported."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_site.url}/")
    page.evaluate(
        "() => document.querySelector('main').append(Object.assign("
        "document.createElement('img'), {src: '/static/missing.png'}))"
    )
    problems = audit(page, axe_source)
    context.close()
    assert any(problem.startswith("image-alt") for problem in problems), problems
