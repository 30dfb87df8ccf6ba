import pytest
from django.core.exceptions import PermissionDenied

from exchange.models import Practice
from exchange.services import practice_create, practice_publish, practice_update
from tests.exchange.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_editor_creates_a_draft_of_their_organisation(
    org_editor, organisation, write_up
):
    practice = practice_create(organisation=organisation, by=org_editor, data=write_up)
    assert practice.is_draft
    assert practice.slug == "bakery-apprenticeships"
    assert "<strong>bake</strong>" in practice.approach_html
    assert practice.facet_values("area") == ["education", "employment"]
    assert sorted(practice.tags.names()) == ["women", "young adults"]


def test_member_cannot_create_a_write_up(member, organisation, write_up):
    with pytest.raises(PermissionDenied):
        practice_create(organisation=organisation, by=member, data=write_up)
    assert not Practice.objects.exists()


def test_member_gets_403_on_the_new_page(client, member):
    client.force_login(member)
    response = client.get("/exchange/new/")
    assert response.status_code == 403
    assert "Only editors" in response.content.decode()


def test_editor_of_another_organisation_cannot_edit(
    client, other_editor, organisation, write_up
):
    practice = PracticeFactory(organisation=organisation)
    with pytest.raises(PermissionDenied):
        practice_update(
            practice=practice, by=other_editor, data=write_up, expected_version=1
        )
    client.force_login(other_editor)
    assert client.get(f"/exchange/{practice.slug}/edit/").status_code == 403
    data = {**write_up, "expected_version": 1}
    response = client.post(f"/exchange/{practice.slug}/edit/", data)
    assert response.status_code == 403
    practice.refresh_from_db()
    assert practice.title != write_up["title"]


def test_editor_of_another_organisation_cannot_publish(
    client, other_editor, organisation
):
    practice = PracticeFactory(
        organisation=organisation, status="draft", published_at=None
    )
    with pytest.raises(PermissionDenied):
        practice_publish(practice=practice, by=other_editor)


@pytest.mark.parametrize("who", ["anonymous", "member", "other_editor"])
def test_draft_is_404_for_everyone_but_its_editors(
    client, who, member, other_editor, organisation
):
    practice = PracticeFactory(
        organisation=organisation, status="draft", published_at=None
    )
    if who == "member":
        client.force_login(member)
    elif who == "other_editor":
        client.force_login(other_editor)
    for url in ("/", "/edit/", "/history/"):
        response = client.get(f"/exchange/{practice.slug}{url}")
        if who == "anonymous" and url != "/":
            # Sent to log in, exactly as for an address with no write-up at all: the
            # redirect says nothing about the draft.
            missing = client.get(f"/exchange/no-such-write-up{url}")
            assert response.status_code == missing.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/?next="), url
            assert response["Location"].replace(practice.slug, "") == missing[
                "Location"
            ].replace("no-such-write-up", ""), url
        else:
            assert response.status_code == 404, url
            assert practice.title not in response.content.decode(), url
    response = client.get(f"/exchange/compare/?p={practice.slug}&p=missing")
    assert response.status_code == 404
    assert practice.title not in response.content.decode()


def test_draft_is_visible_to_its_editor_and_admins(
    client, org_editor, admin_user, organisation
):
    practice = PracticeFactory(
        organisation=organisation, status="draft", published_at=None
    )
    for user in (org_editor, admin_user):
        client.force_login(user)
        response = client.get(f"/exchange/{practice.slug}/")
        assert response.status_code == 200
        assert "Preview of a draft" in response.content.decode()


def test_contact_is_hidden_from_anonymous_visitors(client, member):
    practice = PracticeFactory(contact="Call Marta on +39 000 111")
    response = client.get(f"/exchange/{practice.slug}/")
    assert response.status_code == 200
    assert "Marta" not in response.content.decode()
    assert "Log in" in response.content.decode()
    client.force_login(member)
    assert (
        "Call Marta on +39 000 111"
        in client.get(f"/exchange/{practice.slug}/").content.decode()
    )
