"""Country names come from django-countries, in the reader's language."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.countries import COUNTRY_NAMES, country_choices, country_name
from accounts.forms import SettingsForm
from accounts.models import OrganisationApplication
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("en", "Bosnia and Herzegovina"),
        ("it", "Bosnia-Erzegovina"),
        ("sr-latn", "Bosna i Hercegovina"),
        ("bs", "Bosna i Hercegovina"),
    ],
)
def test_a_country_is_named_in_the_readers_language(language, name):
    with translation.override(language):
        assert country_name("BA") == name


def test_bosnian_readers_get_ijekavian_names_not_english_ones():
    with translation.override("bs"):
        assert country_name("DE") == "Njemačka"


def test_the_network_list_is_european_and_includes_kosovo():
    codes = dict(country_choices())
    assert {"IT", "BA", "RS", "XK"} <= set(codes)
    assert "US" not in codes
    assert "XK" in COUNTRY_NAMES and "US" not in COUNTRY_NAMES


def test_choices_are_sorted_by_the_name_the_reader_sees():
    with translation.override("it"):
        names = [name for _code, name in country_choices()]
    assert names.index("Austria") < names.index("Germania") < names.index("Italia")


def test_the_settings_form_offers_countries_in_the_readers_language():
    with translation.override("it"):
        choices = dict(SettingsForm().fields["country"].choices)
    assert choices["DE"] == "Germania"


def test_an_unknown_code_is_shown_as_it_is():
    assert country_name("ZZ") == "ZZ"


def test_the_application_list_names_the_country_in_the_readers_language(
    client, admin_user
):
    OrganisationApplication.objects.create(
        applicant=UserFactory(), name="Sentiero", country="BA", kind="other",
        description="x", contact_name="Ana",
    )  # fmt: skip
    client.force_login(admin_user)
    page = client.get(
        reverse("accounts:application_list"), headers={"accept-language": "it"}
    ).text
    assert "Bosnia-Erzegovina" in page
