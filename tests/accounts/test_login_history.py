"""Logins are recorded with time and address, exported, and erased after retention."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import LoginRecord, User
from accounts.services import retention, user_data_export
from accounts.services.retention import retention_apply, retention_register
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_a_login_is_recorded_with_its_address_and_exported(client, member):
    response = client.post(
        reverse("accounts:login"),
        {"username": member.username, "password": PASSWORD},
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302
    login = LoginRecord.objects.get(user=member)
    assert login.ip_address == "192.0.2.7"
    history = user_data_export(user=member, by=member)["accounts"]["login_history"]
    assert [row["ip_address"] for row in history] == ["192.0.2.7"]


def test_a_failed_login_records_nothing(client, member):
    client.post(
        reverse("accounts:login"), {"username": member.username, "password": "no"}
    )
    assert not LoginRecord.objects.exists()


def test_retention_erases_old_logins_and_keeps_recent_ones(member, settings):
    settings.RETENTION_IP_DAYS = 30
    now = timezone.now()
    old = LoginRecord.objects.create(user=member, ip_address="192.0.2.1")
    LoginRecord.objects.filter(pk=old.pk).update(at=now - timedelta(days=31))
    recent = LoginRecord.objects.create(user=member, ip_address="192.0.2.2")
    LoginRecord.objects.filter(pk=recent.pk).update(at=now - timedelta(days=29))
    assert retention_apply(now=now)["login_history"] == 1
    assert list(LoginRecord.objects.values_list("pk", flat=True)) == [recent.pk]
    assert retention_apply(now=now)["login_history"] == 0


def test_unconfirmed_accounts_are_pruned_after_their_period(settings):
    settings.RETENTION_UNCONFIRMED_DAYS = 14
    now = timezone.now()
    stale = UserFactory(email_confirmed_at=None)
    fresh = UserFactory(email_confirmed_at=None)
    confirmed = UserFactory()
    User.objects.filter(pk__in=[stale.pk, confirmed.pk]).update(
        date_joined=now - timedelta(days=15)
    )
    User.objects.filter(pk=fresh.pk).update(date_joined=now - timedelta(days=13))
    assert retention_apply(now=now)["unconfirmed_accounts"] == 1
    assert set(User.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}


def test_the_command_runs_registered_purgers_and_reports_counts(settings, capsys):
    seen = []
    retention_register("test_purger", lambda now: seen.append(now) or 3)
    try:
        call_command("apply_retention")
    finally:
        retention._purgers.pop("test_purger")
    out = capsys.readouterr().out
    assert "login_history: 0" in out
    assert "test_purger: 3" in out
    assert len(seen) == 1
