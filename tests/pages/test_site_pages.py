from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import SitePage
from accounts.services import site_page_save

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/help/", "112"),
        ("/guidelines/", "Use a pseudonym"),
        ("/privacy/", "Download your data"),
    ],
)
def test_site_pages_exist_from_the_start(client, url, text):
    response = client.get(url)
    assert response.status_code == 200
    assert text in response.text


def test_guidelines_show_their_version(client):
    assert settings.GUIDELINES_VERSION in client.get("/guidelines/").text


def test_member_who_accepted_an_old_version_is_asked_again(client, member):
    member.guidelines_version = "2020-01"
    member.save()
    client.force_login(member)
    assert "accept the new version" in client.get("/guidelines/").text
    client.post(reverse("pages:guidelines_accept"))
    member.refresh_from_db()
    assert member.guidelines_version == settings.GUIDELINES_VERSION
    assert "accept the new version" not in client.get("/guidelines/").text


def test_admin_edits_a_page_and_the_markdown_is_sanitised(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("pages:site_page_edit", kwargs={"slug": "help"}),
        {
            "language": "en",
            "title": "Need help now?",
            "body": "**Call 112**\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))",
        },
    )
    assert response.status_code == 302
    page = SitePage.objects.get(slug="help", language="en")
    assert "<strong>Call 112</strong>" in page.body_html
    assert "<script" not in page.body_html
    assert 'href="javascript' not in page.body_html
    assert page.updated_by == admin_user


def test_only_admins_edit_pages(client, member, moderator):
    for user in (member, moderator):
        with pytest.raises(PermissionDenied):
            site_page_save(slug="help", language="en", title="x", body="y", by=user)
        client.force_login(user)
        url = reverse("pages:site_page_edit", kwargs={"slug": "help"})
        assert client.get(url).status_code == 403
    assert "112" in SitePage.objects.get(slug="help", language="en").body


def test_page_in_the_reader_language_falls_back_to_english(client, admin_user):
    site_page_save(
        slug="privacy",
        language="it",
        title="Privacy",
        body="Testo italiano.",
        by=admin_user,
    )
    italian = client.get("/privacy/", headers={"accept-language": "it"})
    assert "Testo italiano." in italian.text
    SitePage.objects.filter(slug="privacy", language="sr-latn").delete()
    serbian = client.get("/privacy/", headers={"accept-language": "sr-latn"})
    assert "Download your data" in serbian.text


def test_empty_page_form_is_refused_and_kept(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("pages:site_page_edit", kwargs={"slug": "privacy"}),
        {"language": "en", "title": "Kept title", "body": ""},
    )
    assert response.status_code == 400
    assert "Kept title" in response.text


def test_django_admin_edits_go_through_the_renderer(client, admin_user):
    page = SitePage.objects.get(slug="privacy", language="en")
    client.force_login(admin_user)
    response = client.post(
        f"/admin/accounts/sitepage/{page.pk}/change/",
        {"slug": "privacy", "language": "en", "title": "Privacy", "body": "*kept*"},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body_html == "<p><em>kept</em></p>\n"
    assert SitePage.objects.filter(slug="privacy", language="en").count() == 1


@pytest.mark.parametrize(
    ("url", "language", "text"),
    [
        ("/help/", "it", "chiama il 112"),
        ("/help/", "sr-latn", "Van EU pozovite"),
        ("/help/", "bs", "Izvan EU pozovite"),
        ("/guidelines/", "it", "Usa uno pseudonimo"),
        ("/guidelines/", "sr-latn", "Koristite pseudonim"),
        ("/guidelines/", "bs", "Ova pravila ga čuvaju sigurnim"),
        ("/privacy/", "it", "Scarica i tuoi dati"),
        ("/privacy/", "sr-latn", "Preuzmite svoje podatke"),
        ("/privacy/", "bs", "Mnogi članovi ovdje dijele podatke"),
    ],
)
def test_site_pages_ship_in_every_interface_language(client, url, language, text):
    response = client.get(url, headers={"accept-language": language})
    assert text in response.text


# What every language's privacy page says: the retention periods and the sections on
# private check-ins, recovery stories and blocking (docs/privacy.md).
PRIVACY_PAGE_SAYS = {
    "en": [
        "30 days",
        "after 14 days",
        "180 days after they are closed",
        "## Private check-ins",
        "## Recovery stories and testimonies",
        "## Blocking",
        "Hide your name on your past posts",
        "a daily digest",
        "one click",
    ],
    "it": [
        "30 giorni",
        "dopo 14 giorni",
        "180 giorni dopo la chiusura",
        "## Colloqui riservati",
        "## Storie di recupero e testimonianze",
        "## Bloccare un membro",
        "Nascondi il tuo nome sui messaggi passati",
        "un riepilogo giornaliero",
        "con un clic",
    ],
    "sr-latn": [
        "30 dana",
        "posle 14 dana",
        "180 dana nakon što se zatvore",
        "## Poverljivi razgovori",
        "## Priče o oporavku i svedočenja",
        "## Blokiranje",
        "Sakrijte svoje ime na ranijim objavama",
        "dnevni pregled",
        "jednim klikom",
    ],
    "bs": [
        "30 dana",
        "nakon 14 dana",
        "180 dana nakon što se zatvore",
        "## Povjerljivi razgovori",
        "## Priče o oporavku i svjedočenja",
        "## Blokiranje",
        "Sakrijte svoje ime na ranijim objavama",
        "sedmični pregled",
        "jednim klikom",
    ],
}


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("language", sorted(PRIVACY_PAGE_SAYS))
def test_the_seeded_privacy_page_is_complete_in_every_language(client, language):
    page = SitePage.objects.get(slug="privacy", language=language)
    assert page.updated_by is None
    body = _words(page.body)
    for text in PRIVACY_PAGE_SAYS[language]:
        assert text in body, (language, text)
    shown = _words(client.get("/privacy/", headers={"accept-language": language}).text)
    assert "180" in shown
    assert PRIVACY_PAGE_SAYS[language][3].removeprefix("## ") in shown


def test_the_privacy_migration_leaves_an_administrator_edit_alone(admin_user):
    migration = import_module("accounts.migrations.0013_privacy_page_in_every_language")
    SitePage.objects.filter(slug="privacy", language="bs").update(body="staro")
    site_page_save(
        slug="privacy",
        language="it",
        title="Privacy",
        body="Testo nostro.",
        by=admin_user,
    )
    migration.update_privacy_pages(django_apps, None)
    assert (
        "## Povjerljivi razgovori"
        in SitePage.objects.get(slug="privacy", language="bs").body
    )
    assert SitePage.objects.get(slug="privacy", language="it").body == "Testo nostro."
