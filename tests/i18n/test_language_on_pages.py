"""A post's, write-up's and experience's language is shown with `lang`, and threads and
the exchange can be filtered by it."""

import pytest

from tests.exchange.factories import PracticeFactory
from tests.factories import CategoryFactory, PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


def _thread(category, title, language):
    thread = ThreadFactory(category=category, title=title)
    thread.posts.filter(number=1).update(language=language)
    return thread


def test_a_post_carries_its_language_on_its_text_and_a_label(client):
    post = PostFactory(language="it", number=2)
    page = client.get(post.thread.get_absolute_url() + "?page=1").text
    assert '<div class="prose" lang="it">' in page
    assert '<span class="post-language" lang="it">italiano</span>' in page


def test_changing_a_posts_language_changes_the_cached_markup(client):
    post = PostFactory(language="it", number=2)
    url = post.thread.get_absolute_url() + "?page=1"
    client.get(url)
    post.language = "bs"
    post.save(update_fields=["language"])
    page = client.get(url).text
    assert '<div class="prose" lang="bs">' in page


def test_the_live_frame_names_the_posts_language():
    from forum.events import post_payload

    payload = post_payload(PostFactory(language="sr-latn"))
    assert (payload["language"], payload["language_name"]) == (
        "sr-latn",
        "srpski (latinica)",
    )


def test_a_category_lists_only_threads_started_in_the_chosen_language(client):
    category = CategoryFactory()
    _thread(category, "Ciao a tutti", "it")
    _thread(category, "Hello everyone", "en")
    page = client.get(category.get_absolute_url() + "?lang=it").text
    assert "Ciao a tutti" in page and "Hello everyone" not in page
    assert '<option value="it" selected>' in page
    everything = client.get(category.get_absolute_url()).text
    assert "Ciao a tutti" in everything and "Hello everyone" in everything


def test_an_unknown_language_filter_shows_every_thread(client):
    category = CategoryFactory()
    _thread(category, "Ciao a tutti", "it")
    _thread(category, "Hello everyone", "en")
    page = client.get(category.get_absolute_url() + "?lang=<b>x").text
    assert "Ciao a tutti" in page and "Hello everyone" in page


def test_the_language_filter_is_kept_across_pages(client, settings):
    category = CategoryFactory()
    for number in range(27):
        _thread(category, f"Discussione {number}", "it")
    _thread(category, "Hello everyone", "en")
    page = client.get(category.get_absolute_url() + "?lang=it").text
    assert "?lang=it&amp;page=2" in page


@pytest.mark.parametrize("size", [2, 30])
def test_a_filtered_category_costs_the_same_queries_at_any_size(
    client, django_assert_max_num_queries, size
):
    category = CategoryFactory()
    for number in range(size):
        _thread(category, f"Discussione {number}", "it" if number % 2 else "en")
    with django_assert_max_num_queries(12):
        assert client.get(category.get_absolute_url() + "?lang=it").status_code == 200


def test_the_exchange_filters_write_ups_by_the_language_they_are_written_in(client):
    PracticeFactory(title="Panetteria sociale", language="it")
    PracticeFactory(title="Social bakery", language="en")
    page = client.get("/exchange/?lang=it").text
    assert "Panetteria sociale" in page and "Social bakery" not in page


def test_a_write_up_shows_its_language_and_marks_its_text(client):
    practice = PracticeFactory(title="Pekara", language="bs")
    page = client.get(practice.get_absolute_url()).text
    assert '<h1 id="practice-title" lang="bs">Pekara</h1>' in page
    assert '<span class="language-label" lang="bs">bosanski</span>' in page
