"""Closed vocabularies of a write-up (SPEC §8): areas, settings, levels, countries, languages.

Countries are the network's ISO 3166-1 alpha-2 list (accounts.countries, shared with
members and organisations, named by django-countries); languages are the region's
(core.languages, named by Django). Adding one is a one-line change there; no migration
is needed (values live in PracticeFacet rows).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.countries import COUNTRY_NAMES
from accounts.countries import country_choices as country_choices
from core.languages import REGION_LANGUAGES, LanguageNames, region_language_choices


class Area(models.TextChoices):
    EMPLOYMENT = "employment", _("Employment")
    HOUSING = "housing", _("Housing")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    SOCIAL_RELATIONS = "social_relations", _("Social relations")
    LEGAL = "legal", _("Legal")
    OTHER = "other", _("Other")


class Setting(models.TextChoices):
    RESIDENTIAL_COMMUNITY = "residential_community", _("Residential community")
    OUTPATIENT = "outpatient", _("Outpatient")
    PRISON = "prison", _("Prison")
    COMMUNITY = "community", _("Community")
    ONLINE = "online", _("Online")
    OTHER = "other", _("Other")


class EvidenceLevel(models.TextChoices):
    NONE = "none", _("No evaluation yet")
    MONITORING_DATA = "monitoring_data", _("Monitoring data")
    PRE_POST = "pre_post", _("Before/after measurement")
    COMPARISON_GROUP = "comparison_group", _("Comparison group")
    RANDOMISED = "randomised", _("Randomised trial")


class Readiness(models.TextChoices):
    IDEA = "idea", _("Idea")
    PILOT = "pilot", _("Pilot")
    RUNNING = "running", _("Running")
    MANUALISED = "manualised", _("Manualised (manual and training available)")


class PracticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Recommendation(models.TextChoices):
    YES = "yes", _("Yes")
    WITH_CHANGES = "with_changes", _("With changes")
    NO = "no", _("No")


class FacetKind(models.TextChoices):
    AREA = "area", _("Area")
    SETTING = "setting", _("Setting")
    COUNTRY = "country", _("Country")
    LANGUAGE = "language", _("Language")


# One country list for members, organisations and write-ups.
COUNTRIES = COUNTRY_NAMES

# What the programme's material exists in: the region's languages (core.languages).
LANGUAGES = LanguageNames(REGION_LANGUAGES)


language_choices = region_language_choices


FACET_LABELS = {
    FacetKind.AREA: dict(Area.choices),
    FacetKind.SETTING: dict(Setting.choices),
    FacetKind.COUNTRY: COUNTRIES,
    FacetKind.LANGUAGE: LANGUAGES,
}

# The forum category that holds every write-up's discussion thread.
EXCHANGE_CATEGORY_SLUG = "exchange"
