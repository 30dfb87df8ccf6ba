"""The catalogues are complete: every shipped language translates every msgid that
`makemessages` finds in the code, with nothing fuzzy.

makemessages runs on a copy of the catalogues in a temporary directory, so the test
never changes the tree. Needs GNU gettext (apt: gettext), as `makemessages` does.
"""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import to_locale

ROOT = Path(settings.BASE_DIR)
DOMAINS = ("django", "djangojs")
# What makemessages must not read: installed packages, benchmarks, tests.
IGNORED = (".venv", "bench", "tests", "staticfiles", "node_modules")

pytestmark = pytest.mark.skipif(
    shutil.which("msgmerge") is None, reason="needs GNU gettext (apt: gettext)"
)


def _locales() -> list[str]:
    return [to_locale(code) for code, _name in settings.LANGUAGES if code != "en"]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """The project's catalogues after makemessages, in a temporary copy of the tree."""
    copy = tmp_path_factory.mktemp("catalogues") / "tree"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(*IGNORED, "*.mo", "__pycache__", ".git"),
        symlinks=True,
    )
    for domain in DOMAINS:
        command = [
            str(ROOT / ".venv" / "bin" / "python"),
            "manage.py",
            "makemessages",
            "--no-obsolete",
            "--domain",
            domain,
            *[f"--locale={locale}" for locale in _locales()],
            *[f"--ignore={pattern}" for pattern in IGNORED],
        ]
        subprocess.run(command, cwd=copy, check=True, capture_output=True, timeout=600)
    return copy / "locale"


def _entries(po: Path, *flags: str) -> list[str]:
    """msgids of `po` that msgattrib selects with `flags`."""
    result = subprocess.run(
        ["msgattrib", *flags, "--no-wrap", str(po)],
        check=True,
        capture_output=True,
        text=True,
    )
    entries, context = [], ""
    for line in result.stdout.splitlines():
        if line.startswith("msgctxt "):
            context = line.removeprefix("msgctxt ").strip('"') + "\x04"
        elif line.startswith("msgid "):
            if line != 'msgid ""':
                entries.append(context + line.removeprefix("msgid ").strip('"'))
            context = ""
    return entries


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("locale", _locales())
def test_every_string_in_the_code_is_translated(extracted, locale, domain):
    po = extracted / locale / "LC_MESSAGES" / f"{domain}.po"
    untranslated = _entries(po, "--untranslated")
    fuzzy = _entries(po, "--only-fuzzy")
    assert not untranslated and not fuzzy, (
        f"{locale}/{domain}.po: {len(untranslated)} untranslated, {len(fuzzy)} fuzzy; "
        f"first: {(untranslated + fuzzy)[:5]}. See docs/translating.md."
    )


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("locale", _locales())
def test_the_shipped_catalogue_holds_every_msgid_in_the_code(extracted, locale, domain):
    shipped = ROOT / "locale" / locale / "LC_MESSAGES" / f"{domain}.po"
    fresh = extracted / locale / "LC_MESSAGES" / f"{domain}.po"
    missing = set(_entries(fresh)) - set(_entries(shipped))
    assert not missing, (
        f"{len(missing)} msgids in the code are not in {shipped.relative_to(ROOT)}: "
        f"{sorted(missing)[:5]}. Run makemessages (docs/translating.md)."
    )
