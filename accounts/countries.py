"""The network's countries (ISO 3166-1 alpha-2) for members, organisations and write-ups.

Names and their translations come from django-countries, never from a list of our own;
this module only says which countries the network offers.
"""

from collections.abc import Mapping

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import Countries

# Europe, and the countries around it that members come from.
NETWORK_COUNTRIES = (
    "AL", "AD", "AT", "BE", "BA", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "GE",
    "DE", "GR", "HU", "IS", "IE", "IT", "XK", "LV", "LI", "LT", "LU", "MT", "MD", "MC",
    "ME", "NL", "MK", "NO", "PL", "PT", "RO", "SM", "RS", "SK", "SI", "ES", "SE", "CH",
    "TR", "UA", "GB",
)  # fmt: skip

# django-countries has no Bosnian catalogue; its Croatian names are the Bosnian ones
# (ijekavian, Latin script), so a Bosnian reader gets those rather than English.
NAME_LANGUAGE = {"bs": "hr"}


class NetworkCountries(Countries):
    # Kosovo has a user-assigned code, which django-countries names only when told.
    only = [code if code != "XK" else ("XK", _("Kosovo")) for code in NETWORK_COUNTRIES]


countries = NetworkCountries()


def _name_language() -> str | None:
    language = translation.get_language()
    return NAME_LANGUAGE.get(language or "", language)


def country_name(code: str) -> str:
    """The country's name in the reader's language; an unknown code as it is."""
    with translation.override(_name_language()):
        return countries.name(code) or code


def country_choices() -> list[tuple[str, str]]:
    """Sorted by name in the reader's language (call per request, not at import)."""
    with translation.override(_name_language()):
        return [(country.code, str(country.name)) for country in countries]


class CountryNames(Mapping):
    """Code -> name in the reader's language, for code that reads a dict of labels."""

    def __getitem__(self, code: str) -> str:
        if code not in NETWORK_COUNTRIES:
            raise KeyError(code)
        return country_name(code)

    def __iter__(self):
        return iter(NETWORK_COUNTRIES)

    def __len__(self) -> int:
        return len(NETWORK_COUNTRIES)


COUNTRY_NAMES = CountryNames()
