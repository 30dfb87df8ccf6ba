"""Account writes: signup, e-mail confirmation, settings, guidelines acceptance."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.models import ConsentKind, ProfileVisibility, User
from accounts.permissions import is_admin, is_member
from accounts.services.consent import consent_changes_record, consent_record
from accounts.services.notifications import email_consent_set
from core import live
from core.choices import ContentWarning
from core.languages import interface_languages
from core.mail import mail_composer, member_mail_enqueue

logger = logging.getLogger(__name__)

CONFIRMATION_SALT = "accounts.email-confirmation"
CONFIRMATION_MAX_AGE = 60 * 60 * 24 * 3
CONTENT_WARNING_CHOICES = ("show", "collapse")


def email_normalise(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


@transaction.atomic
def _username_taken() -> ValidationError:
    return ValidationError(
        {
            "username": ValidationError(
                _("That username is taken. Please choose another one."), code="taken"
            )
        }
    )


def user_signup(
    *,
    username: str,
    email: str,
    password: str,
    country: str,
    preferred_language: str,
    accepts_guidelines: bool,
) -> User | None:
    """Create an unconfirmed account and e-mail its confirmation link.

    SPEC §7: when the address already has an account nothing is created and that address
    gets a notice instead, so the caller answers both cases the same way. Returns the new
    user, or None in that case.
    """
    if not accepts_guidelines:
        raise ValidationError(_("Please read and accept the community guidelines."))
    # The username is public anyway; the e-mail address is not (SPEC §7), so the
    # username is checked first and an existing address never changes the answer.
    if User.objects.filter(username__iexact=username).exists():
        raise _username_taken()
    email = email_normalise(email)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        # Hash anyway: skipping the slow hash would make this answer measurably faster
        # than a real signup and so reveal that the address is registered.
        make_password(password)
        member_mail_enqueue(existing, "accounts.existing_account_notice")
        return None
    user = User(
        username=username,
        email=email,
        country=country,
        preferred_language=preferred_language,
        guidelines_version=settings.GUIDELINES_VERSION,
        guidelines_accepted_at=timezone.now(),
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            consent_record(
                user=user,
                kind=ConsentKind.GUIDELINES,
                version=settings.GUIDELINES_VERSION,
                is_given=True,
            )
    except IntegrityError:
        # A concurrent signup took the username or the address in the meantime.
        raise _username_taken() from None
    email_confirmation_send(user=user)
    return user


def email_confirmation_token(user: User) -> str:
    # Bound to the address: changing the e-mail invalidates links sent to the old one.
    return signing.dumps(
        {"user": user.pk, "email": user.email}, salt=CONFIRMATION_SALT, compress=True
    )


def email_confirmation_send(*, user: User) -> None:
    """E-mail `user` the signed link that confirms their address (once committed)."""
    if not user.email or user.has_confirmed_email:
        return
    member_mail_enqueue(user, "accounts.email_confirmation")


@mail_composer("accounts.email_confirmation")
def _compose_email_confirmation(user: User) -> tuple[str, str] | None:
    if not user.email or user.has_confirmed_email:
        return None
    link = _absolute(
        reverse(
            "accounts:confirm_email", kwargs={"token": email_confirmation_token(user)}
        )
    )
    subject = _("Confirm your e-mail address for %(site)s") % {
        "site": settings.SITE_NAME
    }
    body = _(
        "Welcome to %(site)s.\n\n"
        "Please confirm your e-mail address by opening this link within three "
        "days:\n%(link)s\n\n"
        "If you did not sign up, ignore this message: nothing happens without "
        "the link."
    ) % {"site": settings.SITE_NAME, "link": link}
    return subject, body


def _confirmation_user(token: str, *, for_update: bool) -> User:
    try:
        data = signing.loads(
            token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE
        )
    except signing.SignatureExpired:
        raise ValidationError(
            _("This link has expired. Log in to get a new one."), code="expired"
        ) from None
    except signing.BadSignature:
        raise ValidationError(
            _("This link is not valid. Please copy the whole link from the e-mail."),
            code="invalid",
        ) from None
    users = User.objects.select_for_update() if for_update else User.objects
    user = users.filter(
        pk=data.get("user"), email__iexact=data.get("email", "")
    ).first()
    if user is None or not user.email:
        raise ValidationError(
            _("This link is no longer valid. Log in to get a new one."),
            code="invalid",
        )
    return user


def email_confirmation_check(*, token: str) -> User:
    """The account a confirmation link is for, changing nothing (the link's GET)."""
    return _confirmation_user(token, for_update=False)


@transaction.atomic
def email_confirm(*, token: str) -> User:
    """Confirm the address a signed link was sent to. Raises ValidationError if invalid."""
    user = _confirmation_user(token, for_update=True)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])
    return user


EMAIL_CHANGE_SALT = "accounts.email-change"


def email_change_request(*, user: User, new_email: str) -> None:
    """E-mail a confirmation link to `new_email`; the address changes when it is opened.

    SPEC §7: if another account uses that address, it gets a notice instead and nothing
    else happens, so the caller answers both cases the same way.
    """
    if not is_member(user):
        raise PermissionDenied(_("Log in to change your e-mail address."))
    new_email = email_normalise(new_email)
    if new_email == user.email:
        return
    other = User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).first()
    if other is not None:
        member_mail_enqueue(other, "accounts.existing_account_notice")
        return
    member_mail_enqueue(
        user,
        "accounts.email_change",
        to=new_email,
        old_email=user.email,
        new_email=new_email,
    )


@mail_composer("accounts.email_change")
def _compose_email_change(
    user: User, *, old_email: str, new_email: str
) -> tuple[str, str] | None:
    if user.email != old_email:
        return None  # changed meanwhile: a link bound to the old address is useless
    token = signing.dumps(
        {"user": user.pk, "old": user.email, "new": new_email},
        salt=EMAIL_CHANGE_SALT,
        compress=True,
    )
    link = _absolute(reverse("accounts:email_change_confirm", kwargs={"token": token}))
    subject = _("Confirm your new e-mail address for %(site)s") % {
        "site": settings.SITE_NAME
    }
    body = _(
        "Someone, hopefully you, asked to use this address for an account on "
        "%(site)s.\n\nTo confirm, open this link within three days:\n%(link)s\n\n"
        "If this was not you, ignore this message: nothing changes without the link."
    ) % {"site": settings.SITE_NAME, "link": link}
    return subject, body


def _email_change_link_invalid() -> ValidationError:
    return ValidationError(
        _("This link is not valid any more. Ask for a new one in your settings."),
        code="invalid",
    )


def _email_change_target(token: str, *, for_update: bool) -> tuple[User, str]:
    invalid = _email_change_link_invalid()
    try:
        data = signing.loads(
            token, salt=EMAIL_CHANGE_SALT, max_age=CONFIRMATION_MAX_AGE
        )
    except signing.BadSignature:
        raise invalid from None
    # Bound to the old address too: a second change makes earlier links useless.
    users = User.objects.select_for_update() if for_update else User.objects
    user = users.filter(
        pk=data.get("user"), email__iexact=data.get("old", ""), is_active=True
    ).first()
    new_email = data.get("new", "")
    if user is None or not new_email:
        raise invalid
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise invalid
    return user, new_email


def email_change_check(*, token: str) -> User:
    """The account an address-change link is for, changing nothing (the link's GET)."""
    return _email_change_target(token, for_update=False)[0]


@transaction.atomic
def email_change_confirm(*, token: str) -> User:
    """Switch the account to the address the signed link was sent to."""
    user, new_email = _email_change_target(token, for_update=True)
    old_email = user.email
    user.email = new_email
    user.email_confirmed_at = timezone.now()
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "email_confirmed_at"])
    except IntegrityError:
        raise _email_change_link_invalid() from None
    if old_email:
        member_mail_enqueue(user, "accounts.email_changed_notice", to=old_email)
    return user


@mail_composer("accounts.email_changed_notice")
def _compose_email_changed_notice(user: User) -> tuple[str, str]:
    subject = _("Your e-mail address on %(site)s was changed") % {
        "site": settings.SITE_NAME
    }
    body = _(
        "The e-mail address of your account on %(site)s was changed to a new one. "
        "Messages now go there.\n\n"
        "If you did not do this, reset your password from the new address or "
        "contact the administrators: %(reset)s"
    ) % {
        "site": settings.SITE_NAME,
        "reset": _absolute(reverse("accounts:password_reset")),
    }
    return subject, body


@mail_composer("accounts.password_reset")
def _compose_password_reset(user: User) -> tuple[str, str] | None:
    # The token is made when the mail goes out, from the account as it is then.
    if not user.is_active or not user.has_usable_password():
        return None
    context = {
        "email": user.email,
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    subject = loader.render_to_string(
        "accounts/email/password_reset_subject.txt", context
    )
    body = loader.render_to_string("accounts/email/password_reset.txt", context)
    return "".join(subject.splitlines()), body


@mail_composer("accounts.existing_account_notice")
def _compose_existing_account_notice(user: User) -> tuple[str, str]:
    subject = _("Someone tried to sign up with your address on %(site)s") % {
        "site": settings.SITE_NAME
    }
    body = _(
        "Someone, perhaps you, tried to create a new account on %(site)s with "
        "this e-mail address. It already has an account, so nothing was created.\n\n"
        "Log in: %(login)s\n"
        "Forgot your password? %(reset)s\n\n"
        "If this was not you, you can ignore this message."
    ) % {
        "site": settings.SITE_NAME,
        "login": _absolute(reverse("accounts:login")),
        "reset": _absolute(reverse("accounts:password_reset")),
    }
    return subject, body


@transaction.atomic
def guidelines_accept(*, user: User) -> User:
    """Record that `user` accepted the current version of the community guidelines;
    accepting the same version twice adds no second record."""
    if not is_member(user):
        raise PermissionDenied(_("Log in to accept the guidelines."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.guidelines_version == settings.GUIDELINES_VERSION:
        return user
    user.guidelines_version = settings.GUIDELINES_VERSION
    user.guidelines_accepted_at = timezone.now()
    user.save(update_fields=["guidelines_version", "guidelines_accepted_at"])
    consent_record(
        user=user,
        kind=ConsentKind.GUIDELINES,
        version=settings.GUIDELINES_VERSION,
        is_given=True,
    )
    return user


@transaction.atomic
def user_settings_update(
    *,
    user: User,
    bio: str,
    country: str,
    preferred_language: str,
    profile_visibility: str,
    show_organisations: bool,
    share_typing: bool,
    show_name_when_typing: bool,
    email_notifications: bool,
    content_warning_preferences: dict[str, str],
    easy_read: bool = False,
) -> User:
    """Save the member's own profile, privacy and reading choices."""
    if profile_visibility not in ProfileVisibility.values:
        raise ValidationError(_("Choose who can see your profile."))
    preferences = {
        kind: choice
        for kind, choice in content_warning_preferences.items()
        if kind in ContentWarning.values and choice in CONTENT_WARNING_CHOICES
    }
    before = _consent_snapshot(user)
    user.bio = bio
    user.country = country
    user.preferred_language = preferred_language
    user.profile_visibility = profile_visibility
    user.show_organisations = show_organisations
    user.share_typing = share_typing
    # Naming oneself while typing only makes sense when typing is shared at all.
    user.show_name_when_typing = show_name_when_typing and share_typing
    # Consent to notification e-mail is kept with its time (GDPR Art. 7(1)).
    email_consent_set(user=user, consent=email_notifications)
    user.easy_read = easy_read
    user.content_warning_preferences = preferences
    user.save(
        update_fields=[
            "bio",
            "country",
            "preferred_language",
            "profile_visibility",
            "show_organisations",
            "share_typing",
            "show_name_when_typing",
            "email_notifications",
            "email_consent_at",
            "content_warning_preferences",
            "easy_read",
        ]
    )
    consent_changes_record(user=user, before=before, after=_consent_snapshot(user))
    return user


def user_language_set(*, user: User, language: str) -> User:
    """Save the interface language a member chose in the switcher."""
    if language not in interface_languages():
        raise ValidationError(_("Choose a language from the list."))
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return user


def _consent_snapshot(user: User) -> dict:
    return {
        ConsentKind.EMAIL: user.email_notifications,
        ConsentKind.SHOW_ORGANISATIONS: user.show_organisations,
        ConsentKind.NAME_WHEN_TYPING: user.show_name_when_typing,
        ConsentKind.PROFILE_VISIBILITY: user.profile_visibility,
    }


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# The app that keeps the audit log (moderation) records who appointed or removed a
# moderator; it registers in its AppConfig.ready(). Called inside the change's
# transaction with (user, by, is_moderator).
RoleChangeRecorder = Callable[[User, User, bool], None]
_role_change_recorders: list[RoleChangeRecorder] = []


def role_change_recorder_register(recorder: RoleChangeRecorder) -> None:
    """Have `recorder` told of every change of moderator status."""
    if recorder not in _role_change_recorders:
        _role_change_recorders.append(recorder)


@transaction.atomic
def moderator_status_set(*, user: User, by: User, is_moderator: bool) -> User:
    """An administrator appoints or removes a moderator; setting it twice changes nothing.

    A removed moderator's live sockets close, so the moderation queue they had open
    stops receiving cases."""
    if not is_admin(by):
        raise PermissionDenied(_("Only administrators appoint moderators."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.erased_at is not None:
        raise ValidationError(_("This account was erased."), code="erased")
    if user.is_moderator == is_moderator:
        return user
    user.is_moderator = is_moderator
    user.save(update_fields=["is_moderator"])
    for record in _role_change_recorders:
        record(user, by, is_moderator)
    if not is_moderator:
        live.user_disconnect(user.pk)
    return user


@transaction.atomic
def network_staff_set(*, user: User, by: User, is_network_staff: bool) -> User:
    """An administrator grants or removes the network-staff role; twice changes nothing.

    Audited by the caller's admin log entry (accounts.admin), which names who did it."""
    if not is_admin(by):
        raise PermissionDenied(_("Only administrators appoint network staff."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.erased_at is not None:
        raise ValidationError(_("This account was erased."), code="erased")
    if user.is_network_staff != is_network_staff:
        user.is_network_staff = is_network_staff
        user.save(update_fields=["is_network_staff"])
    return user
