"""Closed vocabularies of a write-up (SPEC §8): areas, settings, levels, countries, languages.

Countries are the network's ISO 3166-1 alpha-2 list (accounts.countries, shared with
members and organisations); languages are ISO 639-1 codes of the region's languages.
Adding one is a one-line change; no migration is needed (values live in PracticeFacet
rows).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.countries import COUNTRY_NAMES


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

LANGUAGES = {
    "sq": _("Albanian"),
    "bs": _("Bosnian"),
    "bg": _("Bulgarian"),
    "ca": _("Catalan"),
    "hr": _("Croatian"),
    "cs": _("Czech"),
    "da": _("Danish"),
    "nl": _("Dutch"),
    "en": _("English"),
    "et": _("Estonian"),
    "fi": _("Finnish"),
    "fr": _("French"),
    "ka": _("Georgian"),
    "de": _("German"),
    "el": _("Greek"),
    "hu": _("Hungarian"),
    "is": _("Icelandic"),
    "ga": _("Irish"),
    "it": _("Italian"),
    "lv": _("Latvian"),
    "lt": _("Lithuanian"),
    "mk": _("Macedonian"),
    "mt": _("Maltese"),
    "no": _("Norwegian"),
    "pl": _("Polish"),
    "pt": _("Portuguese"),
    "ro": _("Romanian"),
    "ru": _("Russian"),
    "sr": _("Serbian"),
    "sk": _("Slovak"),
    "sl": _("Slovenian"),
    "es": _("Spanish"),
    "sv": _("Swedish"),
    "tr": _("Turkish"),
    "uk": _("Ukrainian"),
}


def country_choices() -> list[tuple[str, str]]:
    """Sorted by name in the active language (called per request, not at import)."""
    return sorted(COUNTRIES.items(), key=lambda item: str(item[1]))


def language_choices() -> list[tuple[str, str]]:
    return sorted(LANGUAGES.items(), key=lambda item: str(item[1]))


FACET_LABELS = {
    FacetKind.AREA: dict(Area.choices),
    FacetKind.SETTING: dict(Setting.choices),
    FacetKind.COUNTRY: COUNTRIES,
    FacetKind.LANGUAGE: LANGUAGES,
}

# The forum category that holds every write-up's discussion thread.
EXCHANGE_CATEGORY_SLUG = "exchange"
