"""Edit links for visitors, unknown reactions, the report link and tag addresses."""

import unicodedata

import pytest
from django.urls import clear_script_prefix, set_script_prefix

from forum.models import Reaction
from forum.services import post_create, thread_create

pytestmark = pytest.mark.django_db


def test_visitor_opening_an_edit_link_is_sent_to_login(client, member, make_thread):
    post = post_create(thread=make_thread(), by=member, body="Mine.")
    response = client.get(f"/p/{post.pk}/edit/")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/p/{post.pk}/edit/"


def test_unknown_reaction_says_so_on_the_thread_page(
    client, member, other_member, make_thread
):
    post = post_create(thread=make_thread(), by=other_member, body="Hello.")
    client.force_login(member)
    response = client.post(f"/p/{post.pk}/react/", {"kind": "<script>"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0].endswith(f"#post-{post.pk}")
    assert "That reaction does not exist." in response.content.decode()
    assert not Reaction.objects.exists()


@pytest.fixture
def served_under_forum():
    """As behind a proxy that mounts the site at /forum/ (SCRIPT_NAME)."""
    set_script_prefix("/forum/")
    yield
    clear_script_prefix()


def test_report_link_follows_the_site_prefix(
    client, member, other_member, make_thread, served_under_forum
):
    thread = make_thread()
    post = post_create(thread=thread, by=other_member, body="Hello.")
    client.force_login(member)
    page = client.get(f"/t/{thread.pk}/{thread.slug}/?page=1").content.decode()
    assert f'href="/forum/p/{post.pk}/flag/"' in page


def test_decomposed_or_capitalised_tag_redirects_to_the_stored_tag(
    client, member, category
):
    thread_create(category=category, by=member, title="x", body="x", tags="café")
    decomposed = unicodedata.normalize("NFD", "Café")
    response = client.get(f"/tags/{decomposed}/", {"page": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/tags/caf%C3%A9/?page=1"
    assert client.get(response["Location"]).status_code == 200
