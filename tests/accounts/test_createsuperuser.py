import pytest
from django.core.management import call_command

from accounts.models import User
from accounts.permissions import is_admin

pytestmark = pytest.mark.django_db


def test_createsuperuser_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "site_admin")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "admin@example.org")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-admin-passphrase")
    call_command("createsuperuser", "--noinput")
    admin = User.objects.get(username="site_admin")
    assert admin.is_superuser and admin.check_password("a-long-admin-passphrase")
    assert is_admin(admin)
