"""Write-ups stored as the services would store them, for tests that need many of them."""

import factory
from django.utils import timezone

from core.text import render_markdown
from exchange.choices import FacetKind, PracticeStatus
from exchange.filters import search_text
from exchange.models import ImplementationExperience, Practice, PracticeFacet
from tests.factories import OrganisationFactory, PostFactory, ThreadFactory

# A complete write-up as a service (or, with tags as text, the form) receives it.
WRITE_UP = {
    "title": "Bakery apprenticeships",
    "summary": "Paid apprenticeships in a community bakery for residents.",
    "areas": ["employment", "education"],
    "target_group": "Residents in the last phase of treatment",
    "tags": ["young adults", "women"],
    "settings": ["residential_community"],
    "countries": ["IT"],
    "languages": ["it", "en"],
    "approach": "Residents **bake** three mornings a week.",
    "objectives": "Skills and a reference.",
    "indicators": "Hours worked.",
    "outcomes": "Eight of ten found work.",
    "limitations": "Small numbers.",
    "evidence_level": "pre_post",
    "implementation": "Start with one baker.",
    "resources": "One master baker, half time.",
    "readiness": "manualised",
    "contact": "Ana, ana@example.org",
}


class PracticeFactory(factory.django.DjangoModelFactory):
    """A published write-up. Pass areas=, settings=, countries=, languages=, tags= lists."""

    class Meta:
        model = Practice
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    summary = "A fictional programme."
    approach = "Weekly sessions with a peer mentor."
    approach_html = factory.LazyAttribute(lambda p: render_markdown(p.approach))
    evidence_level = "monitoring_data"
    readiness = "running"
    contact = "programme@example.org"
    status = PracticeStatus.PUBLISHED
    search_text = factory.LazyAttribute(search_text)
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def store_lists(obj, create, extracted, **kwargs):
        if not create:
            return
        PracticeFacet.objects.bulk_create(
            PracticeFacet(practice=obj, kind=kind, value=value)
            for kind, values in (
                (FacetKind.AREA, obj._areas),
                (FacetKind.SETTING, obj._settings),
                (FacetKind.COUNTRY, obj._countries),
                (FacetKind.LANGUAGE, obj._languages),
            )
            for value in values
        )
        if obj._tags:
            obj.tags.set(obj._tags)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        lists = {
            "_areas": kwargs.pop("areas", ["employment"]),
            "_settings": kwargs.pop("settings", ["community"]),
            "_countries": kwargs.pop("countries", ["IT"]),
            "_languages": kwargs.pop("languages", ["en"]),
            "_tags": kwargs.pop("tags", []),
        }
        practice = super()._create(model_class, *args, **kwargs)
        for name, values in lists.items():
            setattr(practice, name, values)
        return practice


class ExperienceFactory(factory.django.DjangoModelFactory):
    """An implementation experience with its published reply in a discussion thread."""

    class Meta:
        model = ImplementationExperience

    practice = factory.SubFactory(PracticeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    post = factory.LazyAttribute(
        lambda e: PostFactory(
            thread=e.practice.thread or ThreadFactory(), author=e.author
        )
    )
    author = None
    country = "ES"
    period = "2024–2025"
    adapted = "Shorter sessions."
    adapted_html = factory.LazyAttribute(lambda e: render_markdown(e.adapted))
    results = "Most participants found work."
    results_html = factory.LazyAttribute(lambda e: render_markdown(e.results))
    recommendation = "yes"
