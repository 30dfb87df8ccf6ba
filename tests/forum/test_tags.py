"""Tags are refused, not rewritten, when they hold characters a tag cannot have."""

import html

import pytest
from django.core.exceptions import ValidationError

from forum.models import Thread
from forum.services.validation import parse_tags

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["<b>x</b>", "javascript:alert(1)", "work, a/b"])
def test_tag_with_disallowed_characters_is_refused(typed):
    with pytest.raises(ValidationError) as raised:
        parse_tags(typed)
    assert "letters, digits, spaces and - _ + . & '" in raised.value.messages[0]


def test_tags_with_allowed_characters_are_kept():
    assert parse_tags("Peer-support, drugs & alcohol, día 1, v2.0") == [
        "peer-support",
        "drugs & alcohol",
        "día 1",
        "v2.0",
    ]


def test_thread_form_with_a_bad_tag_keeps_everything_typed(client, member, category):
    client.force_login(member)
    response = client.post(
        "/c/general/new/",
        {
            "title": "My title",
            "body": "My long story",
            "tags": "housing, <b>x</b>",
            "mode": "open",
        },
    )
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "My title" in page and "My long story" in page
    assert 'value="housing, <b>x</b>"' in page
    assert "contains characters a tag cannot have (< > /)" in page
    assert not Thread.objects.exists()
