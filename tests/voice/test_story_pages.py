import io
from xml.etree import ElementTree

import pytest
from django.core.management import call_command

from tests.factories import UserFactory
from voice.identifiability import identifiability_hints
from voice.models import Story, StoryArea

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _form(**fields):
    return {
        "title": "My way back",
        "body": "A quiet story.",
        "areas": ["health"],
        "language": "en",
        "signature": "anonymous",
        "has_consented": "on",
        **fields,
    }


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("At the clinic I met Marco Rossi, who changed everything.", "name"),
        ("Call me on +39 333 123 4567 if you need to.", "phone"),
        ("Write to lucia.b@example.org any time.", "email"),
        ("We lived in Via Roma 12 for a year.", "address"),
        ("Today I work at Ferrero on the night shift.", "employer"),
        ("Radim u Telekomu već dvije godine.", "employer"),
    ],
)
def test_identifying_details_are_hinted(text, kind):
    assert kind in [found for found, _label in identifiability_hints(text)]


def test_a_plain_story_gets_no_hint():
    text = "Things got better. I run every morning now. My sister visits on Sundays."
    assert identifiability_hints(text) == []


def test_the_preview_warns_but_stores_nothing_and_keeps_the_text(client, member):
    client.force_login(member)
    body = "My boss Marco Rossi knows. Call +39 333 123 4567."
    response = client.post("/stories/new/", _form(body=body, preview="1"))
    assert response.status_code == 200
    assert 'data-hint="name"' in response.text
    assert 'data-hint="phone"' in response.text
    assert "+39 333 123 4567" in response.text  # still in the textarea
    assert not Story.objects.exists()


def test_the_warning_never_blocks_sending(client, member):
    client.force_login(member)
    body = "My boss Marco Rossi knows. Call +39 333 123 4567."
    response = client.post("/stories/new/", _form(body=body, send="1"))
    assert response.status_code == 302
    assert Story.objects.get().body == body


def test_the_form_page_works_for_a_member(client, member):
    client.force_login(member)
    response = client.get("/stories/new/")
    assert response.status_code == 200
    assert 'name="has_consented"' in response.text


@pytest.fixture
def three_stories(member, submit_story, publish):
    return [
        publish(
            submit_story(
                member,
                title="Italian housing story",
                areas=[StoryArea.HOUSING],
                country="IT",
                language="it",
            )
        ),
        publish(
            submit_story(
                member,
                title="Serbian work story",
                areas=[StoryArea.EMPLOYMENT, StoryArea.FAMILY],
                country="RS",
                language="sr-latn",
            )
        ),
        publish(
            submit_story(
                member,
                title="Story from nowhere in particular",
                areas=[StoryArea.FAMILY],
                language="en",
            )
        ),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("area=family", {"Serbian work story", "Story from nowhere in particular"}),
        ("country=IT", {"Italian housing story"}),
        ("language=sr-latn", {"Serbian work story"}),
        ("area=family&language=en", {"Story from nowhere in particular"}),
        ("area=housing&country=RS", set()),
    ],
)
def test_stories_filter_by_area_country_and_language(
    client, three_stories, query, expected
):
    text = client.get(f"/stories/?{query}").text
    shown = {story.title for story in three_stories if story.title in text}
    assert shown == expected


def test_a_bad_filter_value_shows_every_story_with_an_error(client, three_stories):
    response = client.get("/stories/?area=nonsense")
    assert response.status_code == 400
    assert all(story.title in response.text for story in three_stories)


def test_the_feed_is_atom_with_published_stories_only(
    client, member, three_stories, submit_story
):
    submit_story(member, title="Not reviewed yet")
    response = client.get("/stories/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    titles = {entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")}
    assert titles == {story.title for story in three_stories}
    entry = next(
        entry
        for entry in root.iter(f"{ATOM}entry")
        if entry.findtext(f"{ATOM}title") == "Serbian work story"
    )
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Anonymous"
    terms = {category.get("term") for category in entry.iter(f"{ATOM}category")}
    assert terms == {"Employment", "Family and relationships"}


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_and_feed_take_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, submit_story, publish, size
):
    for number in range(size):
        author = UserFactory()
        publish(
            submit_story(
                author,
                title=f"Story {number}",
                areas=[StoryArea.HOUSING, StoryArea.HEALTH],
                signature="username",
            )
        )
    with django_assert_max_num_queries(3):
        assert client.get("/stories/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/stories/feed/").status_code == 200


def test_seed_demo_publishes_a_few_stories_and_runs_twice(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert Story.objects.filter(state="published").count() == 3
    assert Story.objects.filter(state="pending").count() == 1
    assert "A key of my own" in client.get("/stories/").text


def test_an_unfinished_form_still_gets_its_hints(client, member):
    client.force_login(member)
    response = client.post(
        "/stories/new/", {"body": "Write to lucia.b@example.org", "preview": "1"}
    )
    assert response.status_code == 400
    assert 'data-hint="email"' in response.text
    assert "lucia.b@example.org" in response.text
    assert not Story.objects.exists()


def test_live_hints_answer_for_the_text_and_store_nothing(client, member):
    client.force_login(member)
    response = client.post(
        "/stories/new/hints/", {"title": "Hi", "body": "Call +39 333 123 4567"}
    )
    assert response.status_code == 200
    assert 'data-hint="phone"' in response.text
    assert "+39" not in response.text
    assert not Story.objects.exists()
    calm = client.post("/stories/new/hints/", {"title": "Hi", "body": "I am well."})
    assert "data-hint" not in calm.text


def test_live_hints_are_for_members_only(client):
    response = client.post("/stories/new/hints/", {"body": "Call +39 333 123 4567"})
    assert response.status_code == 302
