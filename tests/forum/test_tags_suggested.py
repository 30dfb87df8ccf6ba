"""Tag suggestions show only tags that anyone can already see on the site."""

import pytest

from exchange.choices import PracticeStatus
from forum.selectors import tags_suggested
from forum.services import thread_create
from tests.exchange.factories import PracticeFactory
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def test_tags_of_held_threads_and_drafts_are_not_suggested(
    member, category, members_category
):
    held_in = CategoryFactory(is_pre_moderated=True)
    thread_create(
        category=held_in, by=member, title="Held", body="x", tags="secret clinic"
    )
    thread_create(
        category=members_category, by=member, title="Inner", body="x", tags="inner"
    )
    thread_create(
        category=category, by=member, title="Open", body="x", tags="housing, work"
    )
    PracticeFactory(tags=["work", "women"])
    PracticeFactory(status=PracticeStatus.DRAFT, tags=["draft only"])

    assert tags_suggested() == ["work", "housing", "women"]


def test_tag_suggestions_cost_one_query(member, category, django_assert_num_queries):
    thread_create(category=category, by=member, title="A", body="x", tags="a, b")
    PracticeFactory(tags=["b"])
    with django_assert_num_queries(1):
        assert tags_suggested() == ["b", "a"]
