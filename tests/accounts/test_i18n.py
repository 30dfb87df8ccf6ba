import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "skip_link", "signup_heading"),
    [
        ("it", "Vai al contenuto principale", "Crea un account"),
        ("sr-latn", "Preskoči na glavni sadržaj", "Napravite nalog"),
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
