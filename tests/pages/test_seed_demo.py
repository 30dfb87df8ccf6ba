"""seed_demo: every app's demo part, in order, once."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Membership, Organisation, User
from accounts.permissions import can_moderate, is_admin, is_org_editor
from forum.models import Thread

pytestmark = pytest.mark.django_db


def _counts():
    return (
        User.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
    )


def test_seed_demo_creates_the_demo_roles_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert is_admin(User.objects.get(username="demo_admin"))
    assert can_moderate(User.objects.get(username="demo_moderator"))
    editor = User.objects.get(username="demo_editor")
    assert any(is_org_editor(editor, org) for org in Organisation.objects.all())
    member = User.objects.get(username="demo_member")
    assert member.check_password(settings.DEMO_PASSWORD)
    assert len(set(Organisation.objects.values_list("country", flat=True))) >= 3


def test_seed_demo_does_not_go_through_members_rate_limits(settings):
    # As when Redis still holds the demo members' counts from an earlier database.
    settings.DEBUG = True
    settings.FORUM_THREADS_PER_HOUR = 0
    settings.FORUM_REPLIES_PER_MINUTE = 0
    call_command("seed_demo")
    assert Thread.objects.filter(category__slug="first-steps").exists()


def test_seed_demo_refuses_in_production_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.filter(username="demo_admin").exists()
    call_command("seed_demo", "--force")
    assert User.objects.filter(username="demo_admin").exists()
