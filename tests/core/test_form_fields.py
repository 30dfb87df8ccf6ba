"""`{% field_group %}`: a blank field renders once per process; a form that was sent
always renders afresh, with what the member typed and its errors."""

import pytest
from django.core.cache import caches
from django.forms import BoundField
from django.template import Context, Template
from django.test.utils import override_settings
from django.utils import translation

from core.templatetags.form_fields import CACHE_ALIAS
from forum.forms import ReplyForm

pytestmark = pytest.mark.django_db

TEMPLATE = Template("{% load form_fields %}{% field_group form.language %}")


@pytest.fixture(autouse=True)
def _empty():
    caches[CACHE_ALIAS].clear()


def _render(form) -> str:
    return TEMPLATE.render(Context({"form": form}))


def _django_renders(monkeypatch) -> list[str]:
    """The names of the fields Django itself renders from here on."""
    calls = []
    original = BoundField.as_field_group

    def counting(self):
        calls.append(self.name)
        return original(self)

    monkeypatch.setattr(BoundField, "as_field_group", counting)
    return calls


def test_a_blank_field_is_rendered_once_and_then_served_as_it_was(monkeypatch):
    calls = _django_renders(monkeypatch)
    first = _render(ReplyForm(initial={"language": "it"}))
    again = _render(ReplyForm(initial={"language": "it"}))
    assert calls == ["language"]
    assert first == again
    assert '<option value="it" selected>' in first


def test_another_value_or_language_is_another_entry(monkeypatch):
    calls = _django_renders(monkeypatch)
    italian = _render(ReplyForm(initial={"language": "it"}))
    serbian = _render(ReplyForm(initial={"language": "sr"}))
    assert '<option value="sr" selected>' in serbian
    assert italian != serbian
    with translation.override("it"):
        in_italian = _render(ReplyForm(initial={"language": "it"}))
    assert in_italian != italian
    assert calls == ["language", "language", "language"]


@override_settings(LANGUAGE_CODE="en")
def test_a_sent_form_always_renders_afresh_with_its_errors(monkeypatch):
    calls = _django_renders(monkeypatch)
    for _ in range(2):
        form = ReplyForm(data={"body": "", "language": "xx"})
        assert not form.is_valid()
        html = _render(form)
        assert 'aria-invalid="true"' in html
    assert calls == ["language", "language"]
