"""/search/: the header box on every page, the form without JavaScript, a fixed number
of queries per results page."""

from io import StringIO

import pytest
from django.core.management import call_command

from forum.services import post_create, thread_create
from tests.factories import CategoryFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db

# Session and user; visible categories and organisations for the filter form;
# organisations that match; the candidates (newest 1,000 matches) and the page of
# results; the unread count; the member's blocks.
# On PostgreSQL a query text new to the process reads its readings once (one more).
SEARCH_QUERIES = 10


@pytest.mark.parametrize("url", ["/", "/exchange/", "/help/"])
def test_every_page_has_a_labelled_search_box_in_its_header(client, url):
    page = client.get(url).text
    assert (
        '<form class="header-search" method="get" action="/search/" role="search"'
        in page
    )
    assert '<label for="header-search-q">' in page


def test_results_page_lists_matches_with_highlighted_snippets(client, member):
    thread = thread_create(
        category=CategoryFactory(),
        by=member,
        title="Finding work",
        body="A CV <b>clinic</b>.",
    )
    response = client.get("/search/", {"q": "clinic"})
    assert response.status_code == 200
    assert thread.get_absolute_url() in response.text
    assert "&lt;b&gt;<mark>clinic</mark>&lt;/b&gt;" in response.text
    assert 'value="clinic"' in response.text


def test_query_of_only_common_words_says_why_nothing_is_shown(client):
    response = client.get("/search/", {"q": "the of and"})
    assert response.status_code == 200
    assert "Nothing to search for" in response.text


def test_invalid_filter_is_reported_and_what_was_typed_is_kept(client):
    response = client.get(
        "/search/", {"q": "housing", "from": "2025-05-01", "to": "2025-01-01"}
    )
    assert response.status_code == 400
    assert "The end date is before the start date." in response.text
    assert 'value="housing"' in response.text
    assert 'name="from"' in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 100_000},
        {"q": "a", "page": "999999999999"},
        {"q": "a", "type": "<script>"},
        {"q": "\x00"},
        {"q": '"', "sort": "DROP"},
    ],
)
def test_hostile_parameters_never_give_a_server_error(client, params):
    assert client.get("/search/", params).status_code in (200, 400)


def test_pages_keep_the_query_and_filters(client, member):
    thread = thread_create(category=CategoryFactory(), by=member, title="A", body="x")
    for index in range(25):
        post_create(thread=thread, by=UserFactory(), body=f"pebble {index}")
    response = client.get("/search/", {"q": "pebble", "type": "post"})
    assert "q=pebble&amp;type=post&amp;page=2" in response.text
    second = client.get("/search/", {"q": "pebble", "type": "post", "page": "2"})
    assert second.text.count('class="search-hit search-hit-post"') == 5


@pytest.mark.parametrize("size", [5, 60])
def test_results_page_queries_do_not_grow(
    client, member, size, django_assert_max_num_queries
):
    category = CategoryFactory()
    for index in range(size):
        author = UserFactory()
        thread = thread_create(
            category=category, by=author, title=f"Meadow {index}", body="walk"
        )
        post_create(thread=thread, by=UserFactory(), body="meadow walk")
    client.force_login(member)
    with django_assert_max_num_queries(SEARCH_QUERIES):
        response = client.get("/search/", {"q": "meadow"})
    assert response.status_code == 200
    assert response.text.count('class="search-hit ') == min(2 * size, 20)


def test_reindex_command_indexes_posts_written_before_the_index(client):
    thread = ThreadFactory(first_post="An older post about beekeeping.")
    before = client.get("/search/", {"q": "beekeeping"}).text
    assert thread.get_absolute_url() not in before
    call_command("search_reindex", stdout=StringIO())
    call_command("search_reindex", stdout=StringIO())
    response = client.get("/search/", {"q": "beekeeping"})
    assert response.text.count(thread.get_absolute_url()) == 1
