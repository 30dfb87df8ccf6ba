"""The easy-read setting: a class on <body> for the larger, roomier layout, and the
shorter help texts where a field has one."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.factories import ThreadFactory

pytestmark = pytest.mark.django_db


def _settings(**changes):
    data = {
        "bio": "",
        "country": "",
        "preferred_language": "en",
        "profile_visibility": "private",
        "cw_relapse": "collapse",
        "cw_overdose": "collapse",
        "cw_self_harm": "collapse",
        "cw_trauma": "collapse",
        "cw_other": "collapse",
    }
    return {**data, **changes}


def test_a_member_turns_on_easy_read_and_every_page_uses_it(client, member):
    client.force_login(member)
    assert 'class="easy-read"' not in client.get("/").text
    response = client.post(reverse("accounts:settings"), _settings(easy_read="on"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.easy_read is True
    for url in ("/", "/exchange/", reverse("accounts:settings")):
        assert '<body class="easy-read">' in client.get(url).text, url


def test_easy_read_shows_the_shorter_help_text(client, member):
    thread = ThreadFactory()
    client.force_login(member)
    url = thread.get_absolute_url() + "?page=1"
    assert "Markdown works" in client.get(url).text
    member.easy_read = True
    member.save()
    page = client.get(url).text
    assert "Markdown works" not in page
    assert "Write in your own words." in page


def test_the_stylesheet_has_the_easy_read_layout(client):
    css = Path(finders.find("css/site.css")).read_text(encoding="utf-8")
    assert "body.easy-read {" in css
    assert "body.easy-read .wrap { max-width: 48rem; }" in css
