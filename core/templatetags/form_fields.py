"""`{% field_group field %}`: a form field's label, help, errors and widget, rendered
once per process for the forms every page shows blank.

Django renders a field through several templates per widget and one more per option, so
the reply form's language list alone costs more than the posts it sits under. An unbound
field's markup is a pure function of what the key below holds (the form and field
classes, names and ids, label, help text, value, widget and its attributes, choices,
language); it is kept in the process's own memory, never shared, and never holds what a
member typed back at them with errors: bound forms always render afresh.
"""

import hashlib

from django import template
from django.core.cache import caches
from django.forms import BoundField
from django.forms.models import ModelChoiceIterator
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

CACHE_ALIAS = "fields"


def _key(field: BoundField) -> str:
    form, widget = field.form, field.field.widget
    parts = (
        type(form).__module__,
        type(form).__qualname__,
        form.prefix,
        form.auto_id,
        form.label_suffix,
        form.use_required_attribute,
        field.html_name,
        field.auto_id,
        str(field.label),
        field.field.label_suffix,
        str(field.help_text),
        field.field.required,
        field.field.disabled,
        field.field.show_hidden_initial,
        field.field.template_name,
        field.css_classes(),
        repr(field.value()),
        type(widget).__module__,
        type(widget).__qualname__,
        widget.template_name,
        getattr(widget, "format", None),
        widget.is_localized,
        repr(sorted((name, str(value)) for name, value in widget.attrs.items())),
        repr([(str(value), str(label)) for value, label in widget.choices])
        if hasattr(widget, "choices")
        else None,
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


@register.simple_tag
def field_group(field: BoundField) -> SafeString:
    choices = getattr(field.field.widget, "choices", None)
    if field.form.is_bound or isinstance(choices, ModelChoiceIterator):
        # Choices from the database would be read twice: once for the key.
        return field.as_field_group()
    cache = caches[CACHE_ALIAS]
    key = _key(field)
    html = cache.get(key)
    if html is None:
        html = str(field.as_field_group())
        cache.set(key, html)
    # Django's own rendering of the field, kept as it was rendered.
    return mark_safe(html)  # noqa: S308


@register.simple_tag
def hidden_field(field: BoundField) -> SafeString:
    """A hidden input as Django writes it, without its three templates."""
    value = field.value()
    if value in (None, ""):
        return format_html(
            '<input type="hidden" name="{}" id="{}">', field.html_name, field.auto_id
        )
    return format_html(
        '<input type="hidden" name="{}" value="{}" id="{}">',
        field.html_name,
        value,
        field.auto_id,
    )
