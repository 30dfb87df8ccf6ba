"""The home page and /tags/<tag>/: forum threads and exchange write-ups together."""

import pytest

from forum.services import thread_create
from tests.exchange.factories import ExperienceFactory, PracticeFactory
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db


def test_tag_page_lists_threads_with_the_tag(client, member, category):
    thread_create(category=category, by=member, title="Tagged", body="x", tags="Work")
    page = client.get("/tags/work/").content.decode()
    assert "Tagged" in page
    assert client.get("/tags/nothing-here/").status_code == 404


def test_home_lists_categories_and_latest_threads(client, member, make_thread):
    make_thread(title="Latest news here")
    page = client.get("/").content.decode()
    assert "General" in page and "Latest news here" in page


def test_tag_page_lists_threads_and_write_ups(client):
    PracticeFactory(title="Women's housing project", tags=["women"])
    ThreadFactory(title="A thread about women").tags.set(["women"])
    html = client.get("/tags/women/").content.decode()
    assert "Women&#x27;s housing project" in html
    assert "A thread about women" in html


def test_a_tag_used_only_by_write_ups_has_a_page(client):
    PracticeFactory(title="Apprenticeships", tags=["apprenticeships"])
    PracticeFactory(
        title="Hidden draft", tags=["drafty"], status="draft", published_at=None
    )
    response = client.get("/tags/apprenticeships/")
    assert response.status_code == 200
    assert "Apprenticeships" in response.content.decode()
    assert client.get("/tags/drafty/").status_code == 404


@pytest.mark.parametrize("count", [5, 40])
def test_home_shows_the_latest_write_ups_in_fixed_queries(
    client, count, django_assert_max_num_queries
):
    for index in range(count):
        practice = PracticeFactory(title=f"Write-up {index}", tags=["women"])
        if index >= count - 5:
            ExperienceFactory(practice=practice, organisation=practice.organisation)
    # Session-less visitor: categories, threads, and four for the write-ups (list,
    # facets, tags, implementation counts).
    with django_assert_max_num_queries(7):
        html = client.get("/").content.decode()
    assert f"Write-up {count - 1}" in html
    assert html.count('class="card practice-card"') == 5
