"""Languages: the interface's (settings.LANGUAGES) and those members write in.

Names come from Django's get_language_info(), never from a list of our own: a
language's own name ("italiano", "srpski (latinica)") needs no translation, and its name
in the reader's language comes from Django's catalogues.
"""

from collections.abc import Mapping
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

# Languages of the region and of the network's members, by Django language code (each
# one Django knows, so get_language_info() names it). The interface languages are added
# to these.
REGION_LANGUAGES = (
    "sq", "bs", "bg", "ca", "hr", "cs", "da", "nl", "en", "et", "fi", "fr", "ka", "de",
    "el", "hu", "is", "ga", "it", "lv", "lt", "mk", "no", "pl", "pt", "ro", "ru", "sr",
    "sk", "sl", "es", "sv", "tr", "uk",
)  # fmt: skip


class LanguageNames(Mapping):
    """Code -> name in the reader's language, for code that reads a dict of labels."""

    def __init__(self, codes: tuple[str, ...]):
        self.codes = codes

    def __getitem__(self, code: str) -> str:
        if code not in self.codes:
            raise KeyError(code)
        return language_name(code)

    def __iter__(self):
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)


def interface_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def written_languages() -> list[str]:
    """Codes a post, write-up or experience may be written in."""
    return list(dict.fromkeys([*interface_languages(), *REGION_LANGUAGES]))


def language_name(code: str) -> str:
    """The language's name in the active language ("Italian", "italiano", "talijanski")."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def language_name_local(code: str) -> str:
    """The language's name in itself ("italiano"): what a `lang`-attributed label shows."""
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code


def _choices(codes: list[str] | tuple[str, ...]) -> list[tuple[str, str]]:
    return list(_sorted_names(get_language(), tuple(codes)))


@lru_cache(maxsize=64)
def _sorted_names(
    language: str | None, codes: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    # Names come from catalogues that do not change while the process runs: sorted once
    # per reading language (the argument that keys the cache), not on every form.
    return tuple(
        sorted(((code, language_name(code)) for code in codes), key=lambda c: c[1])
    )


def written_language_choices() -> list[tuple[str, str]]:
    """Sorted by name in the active language (call per request, not at import)."""
    return _choices(written_languages())


def region_language_choices() -> list[tuple[str, str]]:
    return _choices(REGION_LANGUAGES)


def interface_language_choices() -> list[tuple[str, str]]:
    """For the switcher and the settings form: each language by its own name."""
    return [(code, language_name_local(code)) for code in interface_languages()]


def language_default_for(user: object) -> str:
    """What a member writes in unless they say otherwise: their saved preference, else
    the language they are reading the site in, else the site's."""
    preferred = getattr(user, "preferred_language", "")
    if preferred in written_languages():
        return preferred
    active = get_language()
    if active in written_languages():
        return active
    return settings.LANGUAGE_CODE


def clean_language(code: str, *, default: str) -> str:
    """A written-language code, or `default` when none is given."""
    if not code:
        return default
    if code not in written_languages():
        raise ValidationError({"language": _("Choose a language from the list.")})
    return code


def language_cookie_set(response, language: str) -> None:
    """Keep `language` for the next visit, as Django's switcher does; others are ignored."""
    if language not in interface_languages():
        return
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
