import pytest
from django.urls import reverse

from accounts.models import ProfileVisibility
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_profile_is_private_by_default(client, member, other_member, moderator):
    url = member.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(other_member)
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 200
    client.force_login(moderator)
    assert client.get(url).status_code == 200


def test_private_and_missing_profiles_answer_alike(client, member):
    private = client.get(member.get_absolute_url())
    missing = client.get("/u/no_such_member/")
    assert private.status_code == missing.status_code == 404


def test_members_only_profile(client, other_member):
    user = UserFactory(profile_visibility=ProfileVisibility.MEMBERS, bio="Hello all")
    assert client.get(user.get_absolute_url()).status_code == 404
    client.force_login(other_member)
    response = client.get(user.get_absolute_url())
    assert response.status_code == 200
    assert "Hello all" in response.text


def test_public_profile_lists_organisations_only_if_chosen(client, organisation):
    user = UserFactory(profile_visibility=ProfileVisibility.PUBLIC)
    MembershipFactory(user=user, organisation=organisation)
    assert organisation.name not in client.get(user.get_absolute_url()).text
    user.show_organisations = True
    user.save()
    assert organisation.name in client.get(user.get_absolute_url()).text


def _settings_data(**overrides):
    data = {
        "bio": "Walking every day.",
        "country": "RS",
        "preferred_language": "sr-latn",
        "profile_visibility": "members",
        "show_organisations": "on",
        "share_typing": "on",
        "show_name_when_typing": "on",
        "cw_relapse": "show",
        "cw_overdose": "collapse",
        "cw_self_harm": "collapse",
        "cw_trauma": "show",
        "cw_other": "collapse",
    }
    data.update(overrides)
    return data


def test_settings_are_saved(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:settings"), _settings_data())
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.bio == "Walking every day."
    assert member.profile_visibility == ProfileVisibility.MEMBERS
    assert member.show_name_when_typing and member.share_typing
    assert member.content_warning_preferences["relapse"] == "show"
    assert member.content_warning_preferences["overdose"] == "collapse"


def test_name_is_never_shown_while_typing_is_not_shared(client, member):
    client.force_login(member)
    data = _settings_data()
    del data["share_typing"]
    client.post(reverse("accounts:settings"), data)
    member.refresh_from_db()
    assert not member.share_typing
    assert not member.show_name_when_typing


def test_invalid_settings_keep_what_was_typed(client, member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:settings"),
        _settings_data(profile_visibility="everyone-ever", bio="Typed <b>bio</b>"),
    )
    assert response.status_code == 400
    assert "Typed &lt;b&gt;bio&lt;/b&gt;" in response.text
    member.refresh_from_db()
    assert member.bio == ""


def test_settings_need_login(client):
    response = client.get(reverse("accounts:settings"))
    assert response.status_code == 302
