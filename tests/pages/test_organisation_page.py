"""/o/<slug>/: the organisation, its staff, its editors' tools and its write-ups."""

import pytest
from django.urls import reverse

from accounts.models import OrganisationInvitation
from tests.exchange.factories import ExperienceFactory, PracticeFactory
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_public_page_shows_badge_and_only_members_who_opted_in(
    client, organisation, org_editor
):
    shown = UserFactory(username="visible_one", show_organisations=True)
    hidden = UserFactory(username="hidden_one", show_organisations=False)
    MembershipFactory(organisation=organisation, user=shown)
    MembershipFactory(organisation=organisation, user=hidden)
    response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    assert "Verified member" in response.text
    assert "visible_one" in response.text
    assert "hidden_one" not in response.text
    assert "Manage the organisation" not in response.text
    client.force_login(org_editor)
    response = client.get(organisation.get_absolute_url())
    assert "hidden_one" in response.text
    assert "Manage the organisation" in response.text


def _invite(client, organisation, username):
    return client.post(
        reverse("pages:organisation_invite", kwargs={"slug": organisation.slug}),
        {"username": username, "role": "member"},
        follow=True,
    )


def test_invite_form_does_not_tell_whether_a_member_exists(
    client, organisation, org_editor
):
    private = UserFactory(username="private_one")
    assert client.get(f"/u/{private.username}/").status_code == 404
    client.force_login(org_editor)
    unknown = _invite(client, organisation, "no_such_member")
    existing = _invite(client, organisation, private.username)
    again = _invite(client, organisation, private.username)
    for response in (unknown, existing, again):
        assert response.status_code == 200
        assert "If this member exists, they will see your invitation." in response.text
        assert "There is no member" not in response.text
        # The editor's page lists no open invitations that would name a private member.
        assert private.username not in response.text
    assert OrganisationInvitation.objects.filter(user=private).count() == 1
    assert not OrganisationInvitation.objects.exclude(user=private).exists()


def test_unknown_organisation_is_a_404(client):
    assert client.get("/o/nothing-here/").status_code == 404


def test_organisation_page_costs_a_fixed_number_of_queries(
    client, organisation, org_editor, django_assert_max_num_queries
):
    for n in range(8):
        MembershipFactory(
            organisation=organisation,
            user=UserFactory(username=f"staff{n}", show_organisations=True),
        )
    client.force_login(org_editor)
    with django_assert_max_num_queries(10):
        response = client.get(organisation.get_absolute_url())
    assert response.text.count('class="badge">Member<') == 8


def test_organisation_page_lists_write_ups_and_experiences(
    client, organisation, org_editor, other_organisation
):
    PracticeFactory(organisation=organisation, title="Open kitchen")
    PracticeFactory(
        organisation=organisation,
        title="Unfinished plan",
        status="draft",
        published_at=None,
    )
    elsewhere = PracticeFactory(
        organisation=other_organisation, title="Street outreach"
    )
    ExperienceFactory(practice=elsewhere, organisation=organisation, country="PT")
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Open kitchen" in html
    assert "Unfinished plan" not in html
    assert "Street outreach" in html and "Portugal" in html
    client.force_login(org_editor)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Unfinished plan" in html
