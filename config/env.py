"""The one place that reads the environment: every machine-specific value comes through here."""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(
                f"{name} must be set in the environment when DJANGO_DEBUG=0 "
                "(see the configuration table in README.md)."
            )
        return default if default is not None else ""
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 0 or 1, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {value!r}."
        ) from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_seconds_list(name: str, default: list[float]) -> tuple[float, ...]:
    """Comma-separated durations in seconds, each zero or more."""
    try:
        values = tuple(float(item) for item in env_list(name, []))
    except ValueError:
        values = (-1.0,)
    if any(value < 0 for value in values):
        raise ImproperlyConfigured(
            f"{name} must be seconds separated by commas, not {os.environ[name]!r}."
        )
    return values or tuple(default)
