"""SPEC §6: the last page of a 10,000-post thread costs what the first does (PostgreSQL)."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from forum.models import Post
from forum.selectors import thread_page
from tests.factories import ThreadFactory
from tests.forum.conftest import add_replies
from tests.forum.test_queries import THREAD_PAGE_QUERIES
from tests.services import require_postgres

pytestmark = pytest.mark.django_db


def test_last_page_of_ten_thousand_posts_is_an_index_range(
    client, member, category, django_assert_max_num_queries
):
    require_postgres()
    thread = add_replies(ThreadFactory(category=category), 9_999)
    assert thread.last_post_number == 10_000
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE forum_post")

    posts = thread_page(thread=thread, viewer=member, page=500)
    assert [post.number for post in posts] == list(range(9_981, 10_001))

    query = (
        Post.objects.filter(thread=thread, number__gte=9_981, number__lte=10_000)
        .order_by("number")
        .query
    )
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index" in plan and "Seq Scan" not in plan
    # The planner's estimate for the last page matches the first: 20 rows, not 10,000.
    rows = [int(n) for n in re.findall(r"rows=(\d+)", plan)]
    assert max(rows) < 200

    client.force_login(member)
    for page in (1, 500):
        # The count must hold in a fresh process too, where no content type is cached
        # yet (this test may run alone).
        ContentType.objects.clear_cache()
        # Each page here is read further than before: the read state moves on (one
        # upsert) and the notifications about the posts shown are marked read (one
        # UPDATE), whichever page it is.
        with django_assert_max_num_queries(THREAD_PAGE_QUERIES + 2):
            response = client.get(f"{thread.get_absolute_url()}?page={page}")
        numbers = [post.number for post in response.context["posts"]]
        assert len(numbers) == 20
    assert numbers[-1] == 10_000
