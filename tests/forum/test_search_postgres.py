"""How PostgreSQL is asked: each reading of a query once, so that the planner's
estimate of the matches stays near the truth and a rare word is read from the GIN index
instead of by testing every row in date order."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.models import SearchEntry
from forum.search.backends import CONFIGS, matching
from forum.search.query import parse_query
from tests.services import require_postgres

pytestmark = pytest.mark.django_db


def _match_sql(text: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        list(matching(SearchEntry.objects.all(), parse_query(text)))
    return queries.captured_queries[-1]["sql"]


def test_each_reading_of_a_word_is_asked_for_once():
    require_postgres()
    sql = _match_sql("recovery")
    # A few stemmers shorten the word; most configurations keep it as typed.
    assert sql.count("recoveri") == 1
    assert sql.count("recovery") == 1
    assert sql.count(":*") < len(CONFIGS) / 4
