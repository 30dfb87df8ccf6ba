import pytest

from moderation.models import Case, CaseState, FlagReason
from moderation.selectors import PAGE_SIZE
from moderation.services import case_claim, flag_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(make_post):
    posts = [make_post(body=f"Post {index}") for index in range(5)]
    for post in posts:
        for _ in range(2):
            flag_create(post=post, by=UserFactory(), reason=FlagReason.SPAM)
    return posts


# Session and user, the moderation menu's three counts (open cases, approvals, appeals),
# the header's unread notifications, the page of cases (with post, thread, category and
# assignee) and their open flags.
QUEUE_PAGE_QUERIES = 8


@pytest.mark.parametrize("size", [2, 60])
def test_queue_page_queries_do_not_grow(
    client, moderator, second_moderator, make_post, size, django_assert_max_num_queries
):
    reasons = [FlagReason.SPAM, FlagReason.ABUSE, FlagReason.OFF_TOPIC]
    flaggers = [UserFactory() for _ in range(3)]
    for index in range(size):
        # Each case in its own thread and category, with its own mix of reasons.
        post = make_post(body=f"Post {index}")
        for flagger, reason in zip(flaggers, reasons[: index % 3 + 1], strict=False):
            flag_create(post=post, by=flagger, reason=reason)
        if index % 2:
            case_claim(case=Case.objects.get(post=post), by=second_moderator)
    client.force_login(moderator)
    with django_assert_max_num_queries(QUEUE_PAGE_QUERIES):
        page = client.get("/moderation/")
    assert page.status_code == 200
    assert page.content.decode().count('class="case-row') == min(size, PAGE_SIZE)


def test_queue_filters_by_reason_state_and_assignee(
    client, moderator, cases, make_post
):
    urgent = make_post(body="worrying")
    flag_create(post=urgent, by=UserFactory(), reason=FlagReason.HARM)
    client.force_login(moderator)
    html = client.get("/moderation/?reason=harm&state=open").content.decode()
    assert html.count('class="case-row') == 1
    html = client.get("/moderation/?state=resolved").content.decode()
    assert 'class="case-row' not in html
    html = client.get("/moderation/?assignee=none&state=open").content.decode()
    assert html.count('class="case-row') == 6
    # Urgent first, whatever its age.
    first = html.index('class="case-row')
    assert "case-urgent" in html[first : first + 40]


def test_harm_cases_are_hidden_until_the_moderator_chooses_to_see_them(
    client, moderator, make_post
):
    post = make_post(body="I don't want to be here any more.")
    flag_create(post=post, by=UserFactory(), reason=FlagReason.HARM)
    client.force_login(moderator)
    html = client.get(f"/moderation/cases/{Case.objects.get().pk}/").content.decode()
    details = html.index('<details class="sensitive">')
    assert details < html.index("want to be here")
    assert '<details class="sensitive" open' not in html


def test_content_warning_threads_are_hidden_too(client, moderator, make_post):
    from tests.factories import ThreadFactory

    post = make_post(thread=ThreadFactory(content_warning="relapse"), body="Detail.")
    flag_create(post=post, by=UserFactory(), reason=FlagReason.OFF_TOPIC)
    client.force_login(moderator)
    html = client.get(f"/moderation/cases/{Case.objects.get().pk}/").content.decode()
    assert '<details class="sensitive">' in html


def test_ordinary_cases_are_shown_plainly(client, moderator, cases):
    client.force_login(moderator)
    html = client.get(f"/moderation/cases/{Case.objects.first().pk}/").content.decode()
    assert '<details class="sensitive">' not in html
    assert Case.objects.first().state == CaseState.OPEN


def test_audit_log_is_filterable(client, moderator, cases):
    from moderation.services import case_dismiss, case_hide

    first, second = Case.objects.all()[:2]
    case_hide(case=first, by=moderator, reason="Ad.", guideline="no_spam")
    case_dismiss(case=second, by=moderator, reason="Fine.")
    client.force_login(moderator)
    html = client.get("/moderation/log/?action=post.hide").content.decode()
    assert "Ad." in html and "Fine." not in html
    html = client.get(f"/moderation/log/?actor={moderator.username}").content.decode()
    assert "Ad." in html and "Fine." in html
    html = client.get("/moderation/log/?actor=system").content.decode()
    assert "Ad." not in html


def test_stats_page_draws_a_server_rendered_svg_chart(client, moderator, cases):
    from moderation.services import case_hide

    case_hide(
        case=Case.objects.first(), by=moderator, reason="Ad.", guideline="no_spam"
    )
    client.force_login(moderator)
    html = client.get("/moderation/stats/").content.decode()
    assert "<svg" in html and "<rect" in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Spam or advertising: 10" in html
    assert "Post hidden: 1" in html
