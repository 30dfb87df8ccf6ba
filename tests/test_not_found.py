"""Every lookup selector raises the one domain error, and the site answers it with 404."""

import pytest

from accounts import selectors as accounts_selectors
from accounts.models import OrganisationInvitation
from core.errors import NotFound
from exchange import selectors as exchange_selectors
from forum import selectors as forum_selectors
from moderation import selectors as moderation_selectors
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LOOKUPS = {
    "category": lambda viewer: forum_selectors.category_get(slug="none", viewer=viewer),
    "thread": lambda viewer: forum_selectors.thread_get(pk=10**9, viewer=viewer),
    "thread socket": lambda viewer: forum_selectors.thread_for_socket(pk=10**9),
    "post": lambda viewer: forum_selectors.post_get(pk=10**9, viewer=viewer),
    "case": lambda viewer: moderation_selectors.case_get(pk=10**9, viewer=viewer),
    "approval": lambda viewer: moderation_selectors.approval_get(
        pk=10**9, viewer=viewer
    ),
    "appeal": lambda viewer: moderation_selectors.appeal_get(pk=10**9, viewer=viewer),
    "statement": lambda viewer: moderation_selectors.statement_get(
        pk=10**9, viewer=viewer
    ),
    "statement link": lambda viewer: moderation_selectors.statement_by_token(
        token="forged"
    ),
    "member": lambda viewer: moderation_selectors.member_moderation_get(
        username="nobody", viewer=viewer
    ),
    "write-up": lambda viewer: exchange_selectors.practice_get(
        slug="none", viewer=viewer
    ),
    "profile": lambda viewer: accounts_selectors.profile_for(
        username="nobody", viewer=viewer
    ),
    "organisation": lambda viewer: accounts_selectors.organisation_page(
        slug="none", viewer=viewer
    ),
    "application": lambda viewer: accounts_selectors.application_for(
        pk=10**9, viewer=viewer
    ),
    "site page": lambda viewer: accounts_selectors.site_page(slug="none"),
    "thread to moderate": lambda viewer: moderation_selectors.thread_for_moderation(
        pk=10**9, viewer=viewer
    ),
    "watched word": lambda viewer: moderation_selectors.watched_word_get(
        pk=10**9, viewer=viewer
    ),
    "own flag": lambda viewer: moderation_selectors.flag_own(
        post_pk=10**9, viewer=viewer
    ),
    "membership": lambda viewer: accounts_selectors.membership_get(
        pk=10**9, organisation_slug="none"
    ),
    "invitation": lambda viewer: accounts_selectors.invitation_for(
        pk=10**9, viewer=viewer
    ),
}


@pytest.mark.parametrize("lookup", LOOKUPS.values(), ids=LOOKUPS.keys())
def test_a_missing_object_raises_not_found(lookup, moderator):
    with pytest.raises(NotFound):
        lookup(moderator)


def test_a_view_answers_a_selectors_not_found_with_its_message(client):
    response = client.get("/t/999999/no-such-thread/")
    assert response.status_code == 404
    assert "No such thread." in response.text


def test_a_missing_write_up_is_a_404_page(client):
    response = client.get("/exchange/no-such-write-up/")
    assert response.status_code == 404
    assert "No write-up with this address." in response.text


def test_another_members_invitation_is_not_found(client, member, other_member):
    invitation = OrganisationInvitation.objects.create(
        organisation=OrganisationFactory(), user=other_member, role="member"
    )
    client.force_login(member)
    response = client.post(
        f"/accounts/invitations/{invitation.pk}/answer/", {"answer": "accept"}
    )
    assert response.status_code == 404
    assert "No such invitation." in response.text
    assert OrganisationInvitation.objects.filter(pk=invitation.pk).exists()
