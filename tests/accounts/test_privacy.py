import json

import pytest
from django.urls import reverse

from accounts.models import Membership, Notification, User
from accounts.services import notification_send, user_data_export, user_erase
from accounts.services.privacy import privacy_modules
from tests.factories import PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db


def test_export_is_a_json_download_of_own_data_only(client, member, other_member):
    notification_send(user=member, kind="reply", text="for member")
    notification_send(user=other_member, kind="reply", text="for someone else")
    client.force_login(member)
    response = client.post(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["accounts"]["account"]["username"] == member.username
    assert data["accounts"]["account"]["email"] == member.email
    assert [n["text"] for n in data["accounts"]["notifications"]] == ["for member"]
    assert "for someone else" not in response.content.decode()


def test_export_gathers_every_app_that_has_a_privacy_module(member):
    data = user_data_export(user=member, by=member)
    labels = {label for label, _module in privacy_modules()}
    assert "accounts" in labels
    assert not labels & {"auth", "admin", "taggit", "channels"}
    assert labels <= set(data)


def test_every_app_that_stores_member_data_registers_its_part_bottom_floor_first():
    # Erasure runs them in reverse: a higher app's copies point at a lower app's rows.
    assert [label for label, _part in privacy_modules()] == [
        "accounts",
        "forum",
        "exchange",
        "moderation",
        "voice",
    ]


def test_nobody_exports_or_erases_someone_else(member, admin_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        user_data_export(user=member, by=admin_user)
    with pytest.raises(PermissionDenied):
        user_erase(user=member, by=admin_user, keep_posts=True)


def test_erasure_anonymises_the_account_and_logs_out(client, member, organisation):
    MembershipFactory(user=member, organisation=organisation)
    notification_send(user=member, kind="reply", text="x")
    old_username, old_email = member.username, member.email
    client.force_login(member)
    response = client.post(
        reverse("accounts:delete"), {"keep_posts": "1", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    user = User.objects.get(pk=member.pk)
    assert user.erased_at is not None
    assert not user.is_active
    assert user.username.startswith("deleted-")
    assert user.email == "" and user.bio == "" and user.country == ""
    assert not user.has_usable_password()
    assert not User.objects.filter(username=old_username).exists()
    assert not User.objects.filter(email=old_email).exists()
    assert not Membership.objects.filter(user=user).exists()
    assert not Notification.objects.filter(user=user).exists()
    assert (
        client.post(
            "/accounts/login/", {"username": old_username, "password": PASSWORD}
        ).status_code
        == 400
    )


def test_erasure_needs_the_password(client, member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:delete"), {"keep_posts": "0", "password": "wrong"}
    )
    assert response.status_code == 400
    member.refresh_from_db()
    assert member.erased_at is None and member.is_active


def test_erased_member_frees_the_address_for_a_new_signup(member):
    user_erase(user=member, by=member, keep_posts=False)
    from accounts.services import user_signup

    assert (
        user_signup(
            username="fresh_start",
            email=member.email,
            password="a-long-unusual-passphrase",
            country="",
            preferred_language="en",
            accepts_guidelines=True,
        )
        is not None
    )


@pytest.mark.parametrize("keep_posts", [True, False])
def test_erasure_passes_the_members_choice_to_every_app(member, keep_posts):
    from forum.models import Post
    from tests.factories import PostFactory, ThreadFactory

    thread = ThreadFactory()
    ThreadFactory(author=member, first_post="My own story.")
    reply = PostFactory(thread=thread, author=member, body="x")
    user_erase(user=member, by=member, keep_posts=keep_posts)
    assert not Post.objects.filter(author=member).exists()
    reply.refresh_from_db()
    assert reply.author_id is None
    assert (reply.body == "x") is keep_posts


def test_erasing_the_last_editor_tells_the_admins(org_editor, organisation, admin_user):
    user_erase(user=org_editor, by=org_editor, keep_posts=True)
    assert not Membership.objects.filter(organisation=organisation).exists()
    notice = Notification.objects.get(user=admin_user, kind="organisation.no_editor")
    assert organisation.name in notice.text
    assert "editor_one" not in notice.text
    assert notice.url == organisation.get_absolute_url()


def test_erasing_one_of_two_editors_tells_nobody(org_editor, organisation, admin_user):
    MembershipFactory(organisation=organisation, role="editor")
    user_erase(user=org_editor, by=org_editor, keep_posts=True)
    assert not Notification.objects.filter(kind="organisation.no_editor").exists()
