import pytest
from django.urls import reverse

from tests.exchange.factories import PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "skip_link", "signup_heading"),
    [
        ("it", "Vai al contenuto principale", "Crea un account"),
        ("sr-latn", "Preskoči na glavni sadržaj", "Napravite nalog"),
        ("bs", "Preskoči na glavni sadržaj", "Napravite račun"),
        ("en", "Skip to main content", "Create an account"),
    ],
)
def test_layout_and_account_pages_are_translated(
    client, language, skip_link, signup_heading
):
    response = client.get(
        reverse("accounts:signup"), headers={"accept-language": language}
    )
    assert f'<html lang="{language}"' in response.text
    assert skip_link in response.text
    assert signup_heading in response.text


def test_form_errors_are_translated(client):
    response = client.post(
        "/accounts/login/",
        {"username": "nobody", "password": "wrong"},
        headers={"accept-language": "it"},
    )
    assert response.status_code == 400
    assert "Controlla il modulo" in response.text


def test_the_language_switcher_offers_bosnian_and_renders_it_ijekavian(client):
    signup = reverse("accounts:signup")
    assert '<option value="bs" lang="bs">bosanski</option>' in client.get(signup).text

    response = client.post(
        "/i18n/setlang/", {"language": "bs", "next": signup}, follow=True
    )

    assert response.redirect_chain == [(signup, 302)]
    assert '<html lang="bs"' in response.text
    # The e-mail help text: ijekavian "Prije", where Serbian Latin says "Pre".
    assert "Prije nego što budete mogli pisati" in response.text


@pytest.mark.parametrize(
    ("language", "row_label"),
    [("sr-latn", "Okruženja"), ("bs", "Okruženja"), ("en", "Settings")],
)
def test_compare_names_where_programmes_run_not_the_account_settings(
    client, language, row_label
):
    PracticeFactory(slug="one", settings=["prison"])
    PracticeFactory(slug="two", settings=["online"])
    response = client.get(
        "/exchange/compare/?p=one&p=two", headers={"accept-language": language}
    )
    assert f'<th scope="row">{row_label}</th>' in response.text
