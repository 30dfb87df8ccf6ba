import pytest
from django.http import Http404

from config.views import page_not_found

pytestmark = pytest.mark.django_db


def test_not_found_page_says_what_was_not_found(client):
    response = client.get("/t/999999/nothing/")
    assert response.status_code == 404
    assert "No such thread." in response.text
    assert "/t/999999/nothing/" in response.text


def test_not_found_message_is_shown_in_the_readers_language(client):
    response = client.get("/u/nobody_here/", HTTP_ACCEPT_LANGUAGE="it")
    assert response.status_code == 404
    assert "Nessun profilo visibile con questo nome." in response.text


def test_not_found_message_is_escaped(rf):
    response = page_not_found(
        rf.get("/somewhere/"), Http404('<img src=x onerror="alert(1)">')
    )
    assert response.status_code == 404
    assert "<img" not in response.content.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in response.content.decode()


def test_unknown_address_shows_no_resolver_internals(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "tried" not in response.text
    assert "/no-such-page/" in response.text
