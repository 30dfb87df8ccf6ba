"""A member's saved language, then the browser's, then English; at login and on every
page, with a switcher that works without JavaScript."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SKIP_LINK = {
    "it": "Vai al contenuto principale",
    "bs": "Preskoči na glavni sadržaj",
    "en": "Skip to main content",
}


@pytest.fixture
def italian(db):
    return UserFactory(username="giulia", preferred_language="it")


def test_a_member_lands_in_their_language_after_logging_in(client, italian):
    response = client.post(
        "/accounts/login/",
        {"username": italian.username, "password": PASSWORD},
        headers={"accept-language": "en"},
        follow=True,
    )
    assert response.redirect_chain[-1][1] == 302
    assert '<html lang="it"' in response.text
    assert SKIP_LINK["it"] in response.text
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "it"


def test_the_preference_wins_over_the_browser_and_the_cookie_on_every_page(
    client, italian
):
    client.force_login(italian)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bs"
    for url in ("/", "/exchange/", reverse("accounts:settings")):
        response = client.get(url, headers={"accept-language": "en"})
        assert '<html lang="it"' in response.text, url
        assert response["Content-Language"] == "it"


def test_the_site_stays_in_the_members_language_after_they_log_out(client, italian):
    client.force_login(italian)
    client.get("/")
    client.post(reverse("accounts:logout"))
    response = client.get("/", headers={"accept-language": "en"})
    assert '<html lang="it"' in response.text


def test_without_a_preference_the_browser_decides_then_english(client, member):
    client.force_login(member)
    assert '<html lang="bs"' in client.get("/", headers={"accept-language": "bs"}).text
    assert '<html lang="en"' in client.get("/", headers={"accept-language": "ja"}).text


def test_a_visitor_reads_the_browsers_language(client):
    response = client.get("/", headers={"accept-language": "it-IT,it;q=0.9"})
    assert SKIP_LINK["it"] in response.text


def test_the_switcher_saves_a_members_choice_for_every_later_page(client, italian):
    client.force_login(italian)
    response = client.post(
        reverse("accounts:language_set"), {"language": "bs", "next": "/exchange/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/exchange/"
    italian.refresh_from_db()
    assert italian.preferred_language == "bs"
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    assert SKIP_LINK["bs"] in client.get("/", headers={"accept-language": "it"}).text


def test_the_switcher_ignores_a_language_the_site_does_not_have(client, italian):
    client.force_login(italian)
    response = client.post(
        reverse("accounts:language_set"), {"language": "xx", "next": "/"}
    )
    assert response.status_code == 302
    italian.refresh_from_db()
    assert italian.preferred_language == "it"


def test_the_switcher_is_a_plain_form_on_every_page(client):
    for url in ("/", "/exchange/", "/accounts/login/", "/nowhere/"):
        page = client.get(url).text
        assert f'action="{reverse("accounts:language_set")}" method="post"' in page
        assert '<button type="submit">' in page


def test_a_visitor_switches_with_a_cookie_only(client):
    response = client.post(
        reverse("accounts:language_set"), {"language": "it", "next": "/"}
    )
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "it"
