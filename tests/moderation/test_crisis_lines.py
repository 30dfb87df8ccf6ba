"""Crisis lines by country: seeded numbers, the viewer's country first, at-risk posts."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from moderation.models import (
    Case,
    CrisisKind,
    CrisisResource,
    Flag,
    FlagReason,
    WatchedAction,
    WatchedWord,
)
from moderation.selectors import crisis_resources_for
from tests.factories import CategoryFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db

EU = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"


def test_every_eu_country_starts_with_112_and_nothing_is_seeded_for_ba_or_rs():
    for country in EU.split():
        lines = crisis_resources_for(country)
        assert lines[0].phone == "112"
        assert lines[0].country == country
        assert lines[0].kind == CrisisKind.EMERGENCY
        # 112 is listed once: the European row is not repeated under the country's.
        assert [line.phone for line in lines].count("112") == 1
    assert not CrisisResource.objects.filter(country__in=["BA", "RS"]).exists()
    seeded = set(CrisisResource.objects.values_list("phone", flat=True))
    assert seeded == {"112", "116 123"}


def test_116_123_follows_112_only_where_the_country_runs_it():
    latvia = crisis_resources_for("LV")
    assert [line.phone for line in latvia][:2] == ["112", "116 123"]
    assert latvia[1].kind == CrisisKind.EMOTIONAL
    assert "116 123" not in [line.phone for line in crisis_resources_for("IT")]


def test_the_data_migration_runs_twice_without_duplicates():
    migration = import_module(
        "moderation.migrations.0010_crisis_lines_for_eu_countries"
    )
    before = CrisisResource.objects.count()
    migration.add_lines(apps, None)
    assert CrisisResource.objects.count() == before


def test_a_line_needs_a_phone_or_an_address():
    line = CrisisResource(country="it", name="A line", kind=CrisisKind.DRUGS)
    with pytest.raises(ValidationError):
        line.full_clean()
    line.url = "https://example.org/"
    line.full_clean()
    assert line.country == "IT"


def test_viewer_country_lines_come_first_then_european_ones():
    CrisisResource.objects.create(
        country="IT",
        name="Linea droghe",
        phone="800 000 000",
        kind=CrisisKind.DRUGS,
        position=3,
    )
    CrisisResource.objects.create(
        country="EU", name="European chat", url="https://example.org/", position=9
    )
    names = [line.name for line in crisis_resources_for("it")]
    assert names.index("Linea droghe") < names.index("European chat")
    assert names[-1] == "European chat"
    # Serbia has no lines of its own yet: only the European ones.
    assert {line.country for line in crisis_resources_for("RS")} == {"EU"}


def test_help_page_shows_the_viewers_own_country_first(client):
    CrisisResource.objects.create(
        country="FR", name="Ligne France", phone="0800 000", position=2
    )
    CrisisResource.objects.create(
        country="EU", name="European chat", url="https://example.org/"
    )
    client.force_login(UserFactory(country="FR"))
    page = client.get("/help/").content.decode()
    assert 'id="crisis-lines"' in page
    assert page.index("Ligne France") < page.index("European chat")


def test_help_page_country_picker_works_signed_out(client):
    page = client.get("/help/?country=lv").content.decode()
    assert "116 123" in page
    assert '<option value="LV" selected>' in page
    assert "116 123" not in client.get("/help/?country=IT").content.decode()
    # An unknown code falls back to the European lines, never a 500.
    assert client.get("/help/?country=%3Cx%3E").status_code == 200


def test_help_page_no_longer_says_112_works_outside_the_eu(client):
    for language in ["en", "it", "sr-latn", "bs"]:
        page = client.get("/help/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert "everywhere in the European Union" not in page
        assert "u celoj Evropskoj uniji" not in page
        assert "u cijeloj Evropskoj uniji" not in page


def test_end_it_all_is_an_at_risk_word_in_the_demo():
    from moderation.demo import WATCHED_WORDS

    assert ("en", "end it all", WatchedAction.AT_RISK) in WATCHED_WORDS


@pytest.fixture
def at_risk_word(db):
    return WatchedWord.objects.create(
        language="", word="end it all", action=WatchedAction.AT_RISK
    )


def _reply(client, thread, body):
    return client.post(
        f"/t/{thread.pk}/reply/",
        {"body": body, "idempotency_key": "k-" + body[:8], "language": "en"},
        follow=True,
    )


def test_an_at_risk_reply_shows_the_poster_help_lines_and_opens_an_urgent_case(
    client, at_risk_word, settings
):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    thread = ThreadFactory(category=CategoryFactory())
    poster = UserFactory(country="LV")
    client.force_login(poster)
    response = _reply(client, thread, "Some days I just want to end it all.")
    page = response.content.decode()
    assert response.status_code == 200
    assert "You are not alone" in page
    assert "116 123" in page
    case = Case.objects.get(post__author=poster)
    assert case.is_urgent
    assert Flag.objects.get(case=case).reason == FlagReason.HARM
    # The next page has no message any more.
    assert "You are not alone" not in client.get("/").content.decode()


def test_an_ordinary_reply_shows_no_help_lines(client, at_risk_word, settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    thread = ThreadFactory(category=CategoryFactory())
    client.force_login(UserFactory(country="LV"))
    page = _reply(client, thread, "A good day at the group today.").content.decode()
    assert "You are not alone" not in page
    assert not Case.objects.exists()


def test_an_at_risk_new_thread_shows_help_lines(client, at_risk_word, settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    category = CategoryFactory()
    client.force_login(UserFactory(country="IE"))
    response = client.post(
        f"/c/{category.slug}/new/",
        {
            "title": "Tonight",
            "body": "I want to end it all tonight.",
            "mode": "open",
            "idempotency_key": "k-thread-1",
            "language": "en",
        },
        follow=True,
    )
    assert "You are not alone" in response.content.decode()
    assert Case.objects.get().is_urgent
