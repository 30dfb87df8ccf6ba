import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.models import ReadState
from tests.forum.conftest import add_replies

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def writes_during(request) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = request()
    assert response.status_code == 200
    return [query["sql"] for query in queries if WRITE.match(query["sql"])]


def test_first_view_of_a_thread_page_records_how_far_the_member_read(
    client, member, make_thread
):
    thread = add_replies(make_thread(), 5)
    client.force_login(member)
    client.get(thread.get_absolute_url() + "?page=1")
    assert ReadState.objects.get(user=member, thread=thread).last_read_number == 6


def test_viewing_a_thread_page_already_read_writes_nothing(client, member, make_thread):
    thread = add_replies(make_thread(), 5)
    client.force_login(member)
    url = thread.get_absolute_url() + "?page=1"
    client.get(url)
    assert writes_during(lambda: client.get(url)) == []
    assert ReadState.objects.get(user=member, thread=thread).last_read_number == 6
