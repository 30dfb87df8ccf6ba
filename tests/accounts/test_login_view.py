"""The login page around the form: `next`, methods and caching, as before the view
became Django's LoginView."""

import pytest

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_login_page_carries_a_local_next_into_the_form(client):
    response = client.get(LOGIN + "?next=/accounts/settings/")
    assert response.status_code == 200
    assert '<input type="hidden" name="next" value="/accounts/settings/">' in (
        response.text
    )


def test_login_page_drops_a_next_to_another_site(client):
    response = client.get(LOGIN + "?next=https://evil.example/")
    assert response.status_code == 200
    # The language switcher's own `next` is the page's path; the form carries none.
    assert '<input type="hidden" name="next"' not in response.text


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_login_answers_only_get_head_and_post(client, method):
    assert getattr(client, method)(LOGIN).status_code == 405
    assert client.head(LOGIN).status_code == 200


def test_login_page_is_never_cached(client):
    assert "no-store" in client.get(LOGIN)["Cache-Control"]
