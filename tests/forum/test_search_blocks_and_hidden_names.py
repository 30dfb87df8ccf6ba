"""Seams between search and the members' controls: a block hides each member's words
from the other in /search/ as on the pages, and hiding one's name on past posts takes
the name out of the index in the same transaction."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.services import member_block, posts_anonymise
from forum.models import Post, SearchEntry
from forum.search.selectors import SearchFilters, search
from forum.services import post_create
from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db


def _authors_and_urls(viewer, text, **filters):
    results = search(viewer=viewer, text=text, filters=SearchFilters(**filters))
    return [(hit.author, hit.url) for hit in results.hits]


@pytest.fixture
def words(member, other_member, settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    thread = ThreadFactory(author=other_member)
    mine = post_create(thread=thread, by=member, body="kingfisher from me")
    theirs = post_create(thread=thread, by=other_member, body="kingfisher from them")
    return {"mine": mine, "theirs": theirs}


def test_a_block_hides_each_members_posts_from_the_other_in_search(
    member, other_member, moderator, words
):
    before = _authors_and_urls(member, "kingfisher")
    assert len(before) == 2
    member_block(user=other_member, by=member)

    seen_by_blocker = [url for _a, url in _authors_and_urls(member, "kingfisher")]
    assert seen_by_blocker == [words["mine"].get_absolute_url()]
    seen_by_blocked = [url for _a, url in _authors_and_urls(other_member, "kingfisher")]
    assert seen_by_blocked == [words["theirs"].get_absolute_url()]
    # A moderator is never held back by a block.
    assert len(_authors_and_urls(moderator, "kingfisher")) == 2


def test_the_search_page_respects_a_block(member, other_member, words):
    member_block(user=member, by=other_member)
    client = Client()
    client.force_login(member)
    html = client.get(reverse("pages:search"), {"q": "kingfisher"}).content.decode()
    assert words["mine"].get_absolute_url() in html
    assert words["theirs"].get_absolute_url() not in html


def test_a_block_still_holds_on_posts_shown_as_a_member(member, other_member, words):
    posts_anonymise(user=member, by=member, before=timezone.now() + timedelta(days=1))
    member_block(user=member, by=other_member)
    urls = [url for _a, url in _authors_and_urls(other_member, "kingfisher")]
    assert words["mine"].get_absolute_url() not in urls


def test_hiding_ones_name_takes_it_out_of_the_index(member, other_member, settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    thread = ThreadFactory(author=other_member)
    old = post_create(thread=thread, by=member, body="heron at dawn")
    Post.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    quote = f"> [{member.username} wrote (#{old.number}):](/p/{old.pk}/)\n> heron"
    reply = post_create(
        thread=thread, by=other_member, body=f"{quote}\n\nthanks @{member.username}"
    )
    Post.objects.filter(pk=reply.pk).update(
        created_at=timezone.now() - timedelta(days=9)
    )

    posts_anonymise(user=member, by=member, before=timezone.now() - timedelta(days=5))

    assert SearchEntry.objects.get(post=old).author_id is None
    assert member.username not in SearchEntry.objects.get(post=reply).body
    for viewer in (member, other_member):
        hits = search(viewer=viewer, text="heron", filters=SearchFilters()).hits
        assert hits and all(hit.author != member.username for hit in hits)
        assert not search(
            viewer=viewer, text=member.username, filters=SearchFilters()
        ).hits
        assert not search(
            viewer=viewer,
            text="heron",
            filters=SearchFilters(author=member.username),
        ).hits
