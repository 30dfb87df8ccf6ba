"""Benchmark data set for the practice exchange (bench/pages.py): many published
write-ups spread over every facet, stored in bulk. Running it twice adds nothing."""

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from accounts.models import Organisation
from exchange.choices import (
    COUNTRIES,
    LANGUAGES,
    Area,
    EvidenceLevel,
    Readiness,
    Setting,
)
from exchange.models import Practice, PracticeFacet

ORGANISATIONS = 20
TAGS = ("women", "young adults", "people leaving prison", "families", "peer support")


class Command(BaseCommand):
    help = "Create bench write-ups (bench-programme-N) for bench/pages.py."

    def add_arguments(self, parser):
        parser.add_argument("--write-ups", type=int, default=1000)

    @transaction.atomic
    def handle(self, *args, write_ups: int = 1000, **options):
        have = Practice.objects.filter(slug__startswith="bench-programme-").count()
        organisations = [
            Organisation.objects.get_or_create(
                slug=f"bench-organisation-{n}",
                defaults={
                    "name": f"Bench organisation {n}",
                    "country": "IT",
                    "kind": "other",
                },
            )[0]
            for n in range(ORGANISATIONS)
        ]
        areas, settings = list(Area.values), list(Setting.values)
        evidence, readiness = list(EvidenceLevel.values), list(Readiness.values)
        countries, languages = list(COUNTRIES), list(LANGUAGES)
        tags = [
            Tag.objects.get_or_create(
                name=name, defaults={"slug": name.replace(" ", "-")}
            )[0]
            for name in TAGS
        ]
        now = timezone.now()
        practices = Practice.objects.bulk_create(
            Practice(
                organisation=organisations[n % ORGANISATIONS],
                slug=f"bench-programme-{n}",
                title=f"Bench programme {n}",
                summary="A fictional programme for the benchmark.",
                approach="Weekly groups with a peer mentor."
                if n % 3
                else "Job coaching.",
                approach_html="<p>Weekly groups with a peer mentor.</p>"
                if n % 3
                else "<p>Job coaching.</p>",
                evidence_level=evidence[n % len(evidence)],
                readiness=readiness[n % len(readiness)],
                status="published",
                published_at=now,
                reviewed_on=now.date(),
            )
            for n in range(have, write_ups)
        )
        content_type = ContentType.objects.get_for_model(Practice)
        facets, tagged = [], []
        for n, practice in enumerate(practices, start=have):
            values = {
                ("area", areas[n % len(areas)]),
                ("area", areas[(n + 2) % len(areas)]),
                ("setting", settings[n % len(settings)]),
                ("country", countries[n % len(countries)]),
                ("country", "IT" if n % 4 == 0 else "ES"),
                ("language", "en"),
                ("language", languages[n % len(languages)]),
            }
            facets += [
                PracticeFacet(practice=practice, kind=k, value=v) for k, v in values
            ]
            tagged.append(
                TaggedItem(
                    content_type=content_type,
                    object_id=practice.pk,
                    tag=tags[n % len(tags)],
                )
            )
        PracticeFacet.objects.bulk_create(facets)
        TaggedItem.objects.bulk_create(tagged)
        if connection.vendor == "postgresql":
            # Freshly bulk-loaded tables have no planner statistics until autovacuum
            # runs; without them PostgreSQL picks nested loops and pages look 10x slower.
            with connection.cursor() as cursor:
                cursor.execute(
                    "ANALYZE exchange_practice, exchange_practicefacet, taggit_taggeditem"
                )
        self.stdout.write(f"exchange bench: {len(practices)} write-ups created")
