"""Search through the one selector; the same tests run on SQLite (FTS5) and, in
`make ci`, on PostgreSQL (tsvector + GIN), and expect the same results."""

import pytest
from django.contrib.auth.models import AnonymousUser

from forum.models import CategoryVisibility, SearchEntry
from forum.privacy import erase_user_data
from forum.search.selectors import SearchFilters, search
from forum.services import post_create, post_edit, thread_create, thread_retitle
from forum.services.visibility import post_hide
from tests.factories import CategoryFactory, UserFactory

pytestmark = pytest.mark.django_db

ANYONE = AnonymousUser()


def _urls(viewer, text, **filters):
    results = search(viewer=viewer, text=text, filters=SearchFilters(**filters))
    return [hit.url for hit in results.hits]


@pytest.fixture
def public():
    return CategoryFactory(slug="public", name="Public")


@pytest.fixture
def author(db):
    return UserFactory(username="writer")


# Visibility matrix -------------------------------------------------------------------


@pytest.fixture
def matrix(author, moderator, public):
    """One post per state, each with its own word."""
    members_only = CategoryFactory(slug="inner", visibility=CategoryVisibility.MEMBERS)
    held = CategoryFactory(slug="held", is_pre_moderated=True)
    posts = {}
    posts["public"] = thread_create(
        category=public, by=author, title="Open", body="lighthouse"
    ).posts.get()
    posts["members"] = thread_create(
        category=members_only, by=author, title="Inner", body="harbour"
    ).posts.get()
    hidden = thread_create(category=public, by=author, title="Gone", body="x")
    posts["hidden"] = post_create(thread=hidden, by=author, body="driftwood")
    post_hide(post=posts["hidden"], by=moderator)
    posts["pending"] = thread_create(
        category=held, by=author, title="Waiting", body="seashell"
    ).posts.get()
    return posts


WORDS = {
    "public": "lighthouse",
    "members": "harbour",
    "hidden": "driftwood",
    "pending": "seashell",
}
EXPECTED = {
    "anonymous": {"public"},
    "member": {"public", "members"},
    "moderator": {"public", "members", "hidden", "pending"},
}


@pytest.mark.parametrize("who", ["anonymous", "member", "moderator"])
@pytest.mark.parametrize("state", ["public", "members", "hidden", "pending"])
def test_search_shows_exactly_what_the_viewer_may_read(
    matrix, who, state, member, moderator
):
    viewer = {"anonymous": ANYONE, "member": member, "moderator": moderator}[who]
    found = _urls(viewer, WORDS[state])
    assert bool(found) is (state in EXPECTED[who])


def test_author_finds_their_own_post_waiting_for_approval(matrix, author):
    assert _urls(author, "seashell")


def test_moved_thread_follows_its_new_category(public, author, member, moderator):
    thread = thread_create(category=public, by=author, title="Moving", body="anchor")
    thread.category = CategoryFactory(visibility=CategoryVisibility.MEMBERS)
    thread.save()
    assert _urls(ANYONE, "anchor") == []
    assert _urls(member, "anchor") == [thread.get_absolute_url()]


# Ranking and queries -----------------------------------------------------------------


def test_title_match_ranks_above_body_match(public, author):
    in_body = thread_create(
        category=public, by=author, title="Evening", body="We talked about gardening."
    )
    in_title = thread_create(
        category=public, by=author, title="Gardening", body="Tomatoes."
    )
    assert _urls(ANYONE, "gardening") == [
        in_title.get_absolute_url(),
        in_body.get_absolute_url(),
    ]
    # Newest first is an option, and the newest here is the title match too.
    newest = thread_create(
        category=public, by=author, title="Later", body="gardening again"
    )
    assert _urls(ANYONE, "gardening", sort="newest")[0] == newest.get_absolute_url()


def test_relevance_orders_all_candidates_not_only_the_newest_page(public, author):
    in_title = thread_create(
        category=public, by=author, title="Gardening", body="Tomatoes."
    )
    thread = thread_create(category=public, by=author, title="Evening", body="Hello.")
    for number in range(25):
        post_create(thread=thread, by=UserFactory(), body=f"Gardening note {number}.")
    results = search(viewer=ANYONE, text="gardening", filters=SearchFilters())
    assert results.count == 26
    assert results.hits[0].url == in_title.get_absolute_url()
    second = search(viewer=ANYONE, text="gardening", filters=SearchFilters(), page=2)
    assert in_title.get_absolute_url() not in [hit.url for hit in second.hits]
    assert len(second.hits) == 6


def test_quoted_phrase_matches_words_in_order_only(public, author):
    adjacent = thread_create(
        category=public, by=author, title="A", body="peer support groups"
    )
    thread_create(category=public, by=author, title="B", body="support from a peer")
    assert _urls(ANYONE, '"peer support"') == [adjacent.get_absolute_url()]


def test_excluded_word_removes_results(public, author):
    kept = thread_create(category=public, by=author, title="A", body="housing help")
    thread_create(category=public, by=author, title="B", body="housing eviction")
    assert _urls(ANYONE, "housing -eviction") == [kept.get_absolute_url()]


def test_last_word_matches_as_a_prefix(public, author):
    thread = thread_create(
        category=public, by=author, title="A", body="apprenticeship scheme"
    )
    assert _urls(ANYONE, "apprentice") == [thread.get_absolute_url()]
    # Only the last word: an earlier one must be whole.
    assert _urls(ANYONE, "apprentice scheme") == []


@pytest.mark.parametrize("text", ["the and of", "!!! ???", "-housing", "   "])
def test_query_of_only_common_words_or_symbols_gives_a_clear_empty_result(
    public, author, text
):
    thread_create(category=public, by=author, title="A", body="the housing of it")
    results = search(viewer=ANYONE, text=text, filters=SearchFilters())
    assert results.hits == []
    assert bool(results.message) is bool(text.strip())


@pytest.mark.parametrize(
    "text",
    [
        '"unterminated phrase',
        'NEAR(a b) OR c* AND "x" ^title: body:',
        "'; DROP TABLE forum_searchentry; --",
        "a:* & !b | (c <-> d)",
        "\x00\u202e\ufeff",
        "word " * 5000,
        '"' * 1000,
        "-" * 1000,
    ],
)
def test_hostile_query_is_bounded_and_never_fails(public, author, text):
    thread_create(category=public, by=author, title="Word", body="word near")
    search(viewer=ANYONE, text=text, filters=SearchFilters())
    assert SearchEntry.objects.count() == 1


def test_snippet_is_escaped_before_it_is_highlighted(public, author):
    thread_create(
        category=public,
        by=author,
        title="<b>Bold</b> title",
        body='<script>alert("x")</script> <img src=x onerror=alert(1)> recovery',
    )
    hit = search(viewer=ANYONE, text="recovery", filters=SearchFilters()).hits[0]
    assert "<script" not in hit.snippet and "<img" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<mark>recovery</mark>" in hit.snippet
    assert "<b>" not in hit.title


# Filters -----------------------------------------------------------------------------


def test_filters_narrow_the_results(public, author, member):
    other = CategoryFactory(slug="other")
    tagged = thread_create(
        category=public, by=author, title="A", body="kitchen", tags="cooking"
    )
    reply = post_create(thread=tagged, by=member, body="kitchen too")
    elsewhere = thread_create(category=other, by=member, title="B", body="kitchen")
    assert set(_urls(ANYONE, "kitchen", kind="thread")) == {
        tagged.get_absolute_url(),
        elsewhere.get_absolute_url(),
    }
    assert _urls(ANYONE, "kitchen", kind="post") == [reply.get_absolute_url()]
    assert _urls(ANYONE, "kitchen", category="other") == [elsewhere.get_absolute_url()]
    assert set(_urls(ANYONE, "kitchen", tag="cooking")) == {
        tagged.get_absolute_url(),
        reply.get_absolute_url(),
    }
    assert set(_urls(ANYONE, "kitchen", author="member_one")) == {
        reply.get_absolute_url(),
        elsewhere.get_absolute_url(),
    }
    created = tagged.created_at.date()
    assert len(_urls(ANYONE, "kitchen", date_from=created, date_to=created)) == 3
    assert _urls(ANYONE, "kitchen", date_to=created.replace(year=2000)) == []


def test_language_filter_uses_the_authors_language(public):
    italian = UserFactory(preferred_language="it")
    thread = thread_create(category=public, by=italian, title="Casa", body="lavoro")
    thread_create(category=public, by=UserFactory(), title="Work", body="lavoro")
    assert _urls(ANYONE, "lavoro", language="it") == [thread.get_absolute_url()]


# Keeping the index up to date --------------------------------------------------------


def test_edit_and_retitle_update_the_index(public, author):
    thread = thread_create(category=public, by=author, title="Old name", body="before")
    post = thread.posts.get()
    post_edit(post=post, by=author, body="afterwards", expected_version=post.version)
    thread = thread_retitle(thread=thread, title="Fresh name", tags=[])
    assert _urls(ANYONE, "before") == []
    assert _urls(ANYONE, "afterwards") == [thread.get_absolute_url()]
    assert _urls(ANYONE, "fresh") == [thread.get_absolute_url()]
    assert _urls(ANYONE, "old") == []


def test_erasure_removes_posts_and_name_from_the_index(public, author, member):
    thread = thread_create(category=public, by=member, title="Mine", body="compass")
    post_create(thread=thread, by=author, body="thanks @member_one, compass found")
    erase_user_data(member, keep_posts=False)
    assert _urls(ANYONE, "member_one") == []
    assert [
        hit.kind
        for hit in search(viewer=ANYONE, text="compass", filters=SearchFilters()).hits
    ] == ["post"]
    assert not SearchEntry.objects.filter(author=member).exists()


def test_erasure_keeping_posts_forgets_the_author(public, member):
    thread_create(category=public, by=member, title="Mine", body="lantern")
    erase_user_data(member, keep_posts=True)
    assert _urls(ANYONE, "lantern", author="member_one") == []
    hit = search(viewer=ANYONE, text="lantern", filters=SearchFilters()).hits[0]
    assert hit.author == ""


def test_post_language_chosen_by_the_author_follows_into_the_index(public, author):
    thread = thread_create(category=public, by=author, title="A", body="ciao")
    post = thread.posts.get()
    assert _urls(ANYONE, "ciao", language="it") == []
    post_edit(post=post, by=author, body="ciao", expected_version=1, language="it")
    assert _urls(ANYONE, "ciao", language="it") == [thread.get_absolute_url()]
    assert SearchEntry.objects.get(post=post).config == "italian"
