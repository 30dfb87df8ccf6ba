"""How the exchange's pages show write-ups: filter chips, stored fields as an editor
reads them, and the comparison table, from the rows the selectors fetched."""

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.languages import language_name
from exchange import services
from exchange.choices import FACET_LABELS, EvidenceLevel, Readiness
from exchange.filters import MULTI_PARAMS
from exchange.forms import ExchangeFilterForm, PracticeForm
from exchange.models import Practice


@dataclass
class ActiveFilter:
    label: str
    value: str
    remove_url: str


def _chip_values(query: QueryDict, form: ExchangeFilterForm, param: str) -> list[str]:
    """What the search used for `param`: its cleaned values, once each. A value the form
    refused is shown as typed, so that its chip can remove it."""
    if param in form.errors or not hasattr(form, "cleaned_data"):
        raw = [query.get(param, "")] if param == "q" else query.getlist(param)
        values = [value.strip() for value in raw]
    else:
        cleaned = form.cleaned_data.get(param)
        values = [cleaned] if param == "q" else list(cleaned or ())
    return [value for value in dict.fromkeys(values) if value]


def _normalised(field, value: str) -> str:
    value = value.strip()
    if getattr(field, "upper", False):
        return value.upper()
    if getattr(field, "lower", False):
        return value.lower()
    return value


def active_filters(query: QueryDict, form: ExchangeFilterForm) -> list[ActiveFilter]:
    """One entry per filter value the search applies, each with the URL that drops it."""
    labels = {param: FACET_LABELS[kind] for param, kind in MULTI_PARAMS.items()}
    labels |= {
        "evidence": dict(EvidenceLevel.choices),
        "readiness": dict(Readiness.choices),
    }
    active = []
    for param in ("q", *MULTI_PARAMS, "evidence", "readiness", "organisation", "tag"):
        field = form.fields[param]
        for value in _chip_values(query, form, param):
            rest = query.copy()
            rest.pop("page", None)
            if param == "q":
                rest.pop("q")
            else:
                rest.setlist(
                    param,
                    [v for v in rest.getlist(param) if _normalised(field, v) != value],
                )
            lookup = value.upper() if param == "country" else value.lower()
            active.append(
                ActiveFilter(
                    label=str(field.label),
                    value=str(labels.get(param, {}).get(lookup, value))[:100],
                    remove_url="?" + rest.urlencode(),
                )
            )
    return active


@dataclass
class FieldText:
    name: str
    label: str
    text: str


def current_content(practice: Practice) -> dict:
    """The write-up's editable content, keyed like the form (reads prefetched rows)."""
    content = {
        name: getattr(practice, name)
        for name in services.TEXT_FIELDS
        + ("language",)
        + services.CHOICE_FIELDS
        + services.NARRATIVE_FIELDS
    }
    for name, kind in services.MULTI_FIELDS.items():
        content[name] = practice.facet_values(kind)
    content["tags"] = sorted(tag.name for tag in practice.tags.all())
    return content


def field_texts(content: dict, names) -> list[FieldText]:
    """Stored content as an editor reads it: form labels, option labels, tags joined."""
    choices = {
        "evidence_level": dict(EvidenceLevel.choices),
        "readiness": dict(Readiness.choices),
    }
    rows = []
    for name in names:
        value = content.get(name)
        if name in services.MULTI_FIELDS:
            labels = FACET_LABELS[services.MULTI_FIELDS[name]]
            text = ", ".join(str(labels.get(v, v)) for v in value or ())
        elif name == "tags":
            text = ", ".join(value or ())
        elif name == "language":
            text = language_name(value) if value else ""
        elif name in choices:
            text = str(choices[name].get(value, value or ""))
        else:
            text = value or ""
        field = PracticeForm.base_fields.get(name)
        label = str(field.label) if field else name
        rows.append(FieldText(name=name, label=label, text=text))
    return rows


@dataclass
class CompareRow:
    label: str
    cells: list
    is_html: bool = False


def compare_rows(practices: list[Practice]) -> list[CompareRow]:
    def joined(values):
        return ", ".join(values) or "—"

    rows = [
        CompareRow(_("Organisation"), [p.organisation.name for p in practices]),
        CompareRow(_("Summary"), [p.summary for p in practices]),
        CompareRow(_("Areas"), [joined(p.area_labels) for p in practices]),
        CompareRow(_("Target group"), [p.target_group or "—" for p in practices]),
        CompareRow(
            _("Tags"), [joined(t.name for t in p.tags.all()) for p in practices]
        ),
        CompareRow(
            pgettext("where a programme runs", "Settings"),
            [joined(p.setting_labels) for p in practices],
        ),
        CompareRow(_("Countries"), [joined(p.country_labels) for p in practices]),
        CompareRow(_("Languages"), [joined(p.language_labels) for p in practices]),
        CompareRow(
            _("Evidence level"), [p.get_evidence_level_display() for p in practices]
        ),
        CompareRow(_("Readiness"), [p.get_readiness_display() for p in practices]),
        CompareRow(
            _("Implemented by other organisations"),
            [str(p.implemented_count) for p in practices],
        ),
        CompareRow(
            _("Last reviewed"),
            [p.reviewed_on.isoformat() if p.reviewed_on else "—" for p in practices],
        ),
    ]
    for name in services.NARRATIVE_FIELDS:
        label = Practice._meta.get_field(name).verbose_name
        rows.append(
            CompareRow(
                str(label).capitalize(),
                [getattr(p, f"{name}_html") for p in practices],
                is_html=True,
            )
        )
    return rows
