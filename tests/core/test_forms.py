"""A service's refusal lands on the form the member filled in, next to what it is about."""

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.forms import form_error_add
from tests.factories import UserFactory


class TitleForm(forms.Form):
    title = forms.CharField()


def _form() -> TitleForm:
    form = TitleForm({"title": "Typed"})
    assert form.is_valid()
    return form


def test_an_error_keyed_by_a_field_goes_on_that_field_with_its_code():
    form = _form()
    form_error_add(
        form, ValidationError({"title": ValidationError("Too long.", code="long")})
    )
    assert form.errors.as_data()["title"][0].code == "long"
    assert form.non_field_errors() == []


def test_an_error_keyed_by_a_name_the_form_lacks_goes_on_the_whole_form():
    form = _form()
    form_error_add(form, ValidationError({"country": "Choose a country."}))
    assert form.non_field_errors() == ["Choose a country."]


def test_a_plain_error_and_a_refusal_go_on_the_whole_form():
    form = _form()
    form_error_add(form, ValidationError(["One.", "Two."]))
    form_error_add(form, PermissionDenied("Not yours."))
    assert form.non_field_errors() == ["One.", "Two.", "Not yours."]
    assert "title" not in form.errors


@pytest.mark.django_db
def test_a_taken_username_is_shown_on_the_username_field(client):
    UserFactory(username="Quiet_River")
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "Quiet_River",
            "email": "river@example.org",
            "password": "a-long-enough-passphrase",
            "country": "IT",
            "preferred_language": "it",
            "accepts_guidelines": "on",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["username"] == [
        "That username is taken. Please choose another one."
    ]
