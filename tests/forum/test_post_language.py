"""Each post records the language it is written in; the author can change it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from forum.models import Post
from forum.services import post_create, post_edit, thread_create
from tests.factories import CategoryFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def italian(db):
    return UserFactory(username="giulia", preferred_language="it")


@pytest.fixture(autouse=True)
def _no_approval(settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0


def test_a_reply_is_in_its_authors_preferred_language(italian):
    post = post_create(thread=ThreadFactory(), by=italian, body="Ciao a tutti")
    assert post.language == "it"


def test_without_a_preference_a_reply_is_in_the_language_the_author_reads(member):
    with translation.override("bs"):
        post = post_create(thread=ThreadFactory(), by=member, body="Zdravo")
    assert post.language == "bs"


def test_the_author_can_say_a_reply_is_in_another_language(italian):
    post = post_create(thread=ThreadFactory(), by=italian, body="Hello", language="en")
    assert Post.objects.get(pk=post.pk).language == "en"


def test_a_language_that_is_not_offered_is_refused(italian):
    thread = ThreadFactory()
    with pytest.raises(ValidationError) as error:
        post_create(thread=thread, by=italian, body="Hi", language="klingon")
    assert "language" in error.value.message_dict
    assert not Post.objects.filter(thread=thread, author=italian).exists()


def test_a_thread_starts_with_a_post_in_the_chosen_language(italian):
    thread = thread_create(
        category=CategoryFactory(), by=italian, title="Dobar dan", body="Pozdrav",
        language="sr-latn",
    )  # fmt: skip
    assert thread.posts.get(number=1).language == "sr-latn"


def test_a_thread_with_a_bad_language_keeps_every_error_together(italian):
    with pytest.raises(ValidationError) as error:
        thread_create(
            category=CategoryFactory(), by=italian, title="", body="x", language="zz"
        )
    assert {"title", "language"} <= set(error.value.message_dict)


def test_editing_a_post_can_change_only_its_language(italian):
    post = post_create(thread=ThreadFactory(), by=italian, body="Hvala vam")
    edited = post_edit(
        post=post, by=italian, body="Hvala vam", expected_version=1, language="bs"
    )
    edited.refresh_from_db()
    assert (edited.language, edited.version) == ("bs", 1)
    assert not edited.revisions.exists()


def test_editing_a_post_without_a_language_keeps_its_own(italian):
    post = post_create(thread=ThreadFactory(), by=italian, body="Hi", language="en")
    post_edit(post=post, by=italian, body="Hi there", expected_version=1)
    post.refresh_from_db()
    assert post.language == "en"


def test_the_reply_form_offers_the_language_and_stores_the_choice(client, italian):
    thread = ThreadFactory()
    client.force_login(italian)
    page = client.get(thread.get_absolute_url() + "?page=1")
    assert page.context["form"]["language"].value() == "it"
    response = client.post(
        reverse("forum:thread_reply", args=[thread.pk]),
        {"body": "Hello in English", "language": "en", "idempotency_key": "k"},
    )
    assert response.status_code == 302
    assert Post.objects.get(author=italian).language == "en"


def test_the_edit_form_keeps_the_language_as_typed_on_an_error(client, italian):
    post = post_create(thread=ThreadFactory(), by=italian, body="Ciao")
    client.force_login(italian)
    response = client.post(
        reverse("forum:post_edit", args=[post.pk]),
        {"body": "", "version": 1, "language": "bs"},
    )
    assert response.status_code == 400
    assert response.context["form"]["language"].value() == "bs"
