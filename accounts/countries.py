"""European countries (ISO 3166-1 alpha-2) for members, organisations and write-ups."""

from django.utils.translation import gettext_lazy as _

COUNTRIES = [
    ("AL", _("Albania")),
    ("AD", _("Andorra")),
    ("AT", _("Austria")),
    ("BE", _("Belgium")),
    ("BA", _("Bosnia and Herzegovina")),
    ("BG", _("Bulgaria")),
    ("HR", _("Croatia")),
    ("CY", _("Cyprus")),
    ("CZ", _("Czechia")),
    ("DK", _("Denmark")),
    ("EE", _("Estonia")),
    ("FI", _("Finland")),
    ("FR", _("France")),
    ("GE", _("Georgia")),
    ("DE", _("Germany")),
    ("GR", _("Greece")),
    ("HU", _("Hungary")),
    ("IS", _("Iceland")),
    ("IE", _("Ireland")),
    ("IT", _("Italy")),
    ("XK", _("Kosovo")),
    ("LV", _("Latvia")),
    ("LI", _("Liechtenstein")),
    ("LT", _("Lithuania")),
    ("LU", _("Luxembourg")),
    ("MT", _("Malta")),
    ("MD", _("Moldova")),
    ("MC", _("Monaco")),
    ("ME", _("Montenegro")),
    ("NL", _("Netherlands")),
    ("MK", _("North Macedonia")),
    ("NO", _("Norway")),
    ("PL", _("Poland")),
    ("PT", _("Portugal")),
    ("RO", _("Romania")),
    ("SM", _("San Marino")),
    ("RS", _("Serbia")),
    ("SK", _("Slovakia")),
    ("SI", _("Slovenia")),
    ("ES", _("Spain")),
    ("SE", _("Sweden")),
    ("CH", _("Switzerland")),
    ("TR", _("Türkiye")),
    ("UA", _("Ukraine")),
    ("GB", _("United Kingdom")),
]

COUNTRY_NAMES = dict(COUNTRIES)


def country_name(code: str) -> str:
    return str(COUNTRY_NAMES.get(code, code))
