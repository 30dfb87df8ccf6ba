"""Login history: when and from which address a member signed in (for their export and
for security). `manage.py apply_retention` erases it after RETENTION_IP_DAYS."""

import ipaddress

from accounts.models import LoginRecord, User


def login_record(*, user: User, address: str) -> LoginRecord:
    try:
        ip = str(ipaddress.ip_address(address.strip()))
    except ValueError:
        ip = None
    return LoginRecord.objects.create(user=user, ip_address=ip)
