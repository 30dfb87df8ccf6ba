"""SPEC §6: the write-up list and a write-up page cost a fixed number of queries."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from exchange.choices import Area, Setting
from exchange.models import Practice, PracticeFacet
from exchange.services import exchange_category
from forum.models import Thread
from tests.exchange.factories import ExperienceFactory, PracticeFactory
from tests.factories import OrganisationFactory, ThreadFactory, UserFactory

pytestmark = pytest.mark.django_db

FILTERED = (
    "/exchange/?area=employment&area=housing&country=IT&tag=women&sort=implemented"
)
AREAS = list(Area.values)
SETTINGS = list(Setting.values)
COUNTRIES = ["IT", "ES", "PT", "IE", "SE", "RS"]


def make_write_ups(count, organisations):
    """`count` published write-ups with facets and tags, stored in bulk; some discussed
    and implemented."""
    start = Practice.objects.count()
    practices = Practice.objects.bulk_create(
        Practice(
            organisation=organisations[index % len(organisations)],
            slug=f"bulk-{index}",
            title=f"Bulk programme {index}",
            summary="A fictional programme.",
            status="published",
            published_at=timezone.now(),
        )
        for index in range(start, start + count)
    )
    facets, tagged = [], []
    tags = [
        Tag.objects.get_or_create(name=f"topic {n}", slug=f"topic-{n}")[0]
        for n in range(7)
    ]
    women = Tag.objects.get_or_create(name="women", slug="women")[0]
    content_type = ContentType.objects.get_for_model(Practice)
    for index, practice in enumerate(practices):
        kinds = [
            ("area", AREAS[index % 3]), ("area", AREAS[index % 3 + 1]),
            ("setting", SETTINGS[index % len(SETTINGS)]),
            ("country", COUNTRIES[index % 6]), ("country", COUNTRIES[(index + 1) % 6]),
            ("language", "en"), ("language", "it"),
        ]  # fmt: skip
        facets += [PracticeFacet(practice=practice, kind=k, value=v) for k, v in kinds]
        tagged += [
            TaggedItem(content_type=content_type, object_id=practice.pk, tag=tag)
            for tag in (women, tags[index % 7])
        ]
    PracticeFacet.objects.bulk_create(facets)
    TaggedItem.objects.bulk_create(tagged)
    for practice in practices[::25]:
        practice.thread = ThreadFactory(category=exchange_category())
        practice.save(update_fields=["thread"])
        ExperienceFactory(practice=practice, organisation=organisations[0])


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", ["/exchange/", FILTERED, "/exchange/feed/?country=IT"])
def test_list_costs_the_same_for_10_and_200_write_ups(
    client, member, url, django_assert_max_num_queries
):
    organisations = [OrganisationFactory() for _ in range(5)]
    client.force_login(member)
    make_write_ups(10, organisations)
    small = count_queries(client, url)
    make_write_ups(190, organisations)
    with django_assert_max_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200
    # And the fixed number stays small: facets are a handful of GROUP BYs.
    assert small <= 25


def test_write_up_page_costs_the_same_with_many_experiences(
    client, django_assert_max_num_queries
):
    viewer = UserFactory()
    practice = PracticeFactory(
        tags=["women", "housing first"],
        thread=ThreadFactory(category=exchange_category()),
    )
    client.force_login(viewer)

    def add_experiences(count):
        for _ in range(count):
            ExperienceFactory(practice=practice, organisation=OrganisationFactory())
        thread = practice.thread
        Thread.objects.filter(pk=thread.pk).update(
            last_post_number=thread.posts.count(), post_count=thread.posts.count()
        )

    add_experiences(2)
    small = count_queries(client, practice.get_absolute_url())
    add_experiences(60)
    with django_assert_max_num_queries(small):
        response = client.get(practice.get_absolute_url())
    assert response.content.decode().count("<tr>") == 1 + 62
