import math

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from accounts import throttle
from accounts.countries import country_choices
from accounts.models import MembershipRole, OrganisationKind, ProfileVisibility
from accounts.notification_kinds import KindGroup, email_choices_for
from accounts.sanctions import suspension_message, suspension_statement_link
from core.choices import ContentWarning
from core.languages import interface_language_choices
from core.text import normalise_line, normalise_text


def _required_country_choices() -> list[tuple[str, str]]:
    return [("", _("Choose a country")), *country_choices()]


def _optional_country_choices() -> list[tuple[str, str]]:
    return [("", _("Prefer not to say")), *country_choices()]


# True for every lock: a completed password reset ends the account's locks.
LOCKED_MESSAGE = ngettext_lazy(
    "Too many failed attempts. Please wait %(minutes)s minute and try again, "
    "or reset your password.",
    "Too many failed attempts. Please wait %(minutes)s minutes and try again, "
    "or reset your password.",
    "minutes",
)


def _locked_error(seconds: int) -> ValidationError:
    return ValidationError(
        LOCKED_MESSAGE,
        code="locked",
        params={"minutes": max(math.ceil(seconds / 60), 1)},
    )


def _is_own_password(user, password: str, *, address: str) -> bool:
    """Check a signed-in member's password with the login throttle.

    A stolen session must not guess the password without limit: failures count
    against the account and address as at login, and while they are locked even the
    right password is refused.
    """
    wait = throttle.login_wait_seconds(username=user.username, address=address)
    if wait:
        raise _locked_error(wait)
    if not user.check_password(password):
        throttle.login_failed(username=user.username, address=address)
        return False
    throttle.login_succeeded(username=user.username, address=address)
    return True


class ThrottledLoginMixin:
    """The login throttle around an AuthenticationForm; every refusal reads the same."""

    error_messages = {**AuthenticationForm.error_messages, "locked": LOCKED_MESSAGE}

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = throttle.client_address(self.request) if self.request else ""
        # SPEC §7: a locked name is refused before the password is checked, for
        # existing and unknown names alike, so a lockout reveals nothing.
        wait = throttle.login_wait_seconds(username=username, address=address)
        if wait:
            raise _locked_error(wait)
        try:
            cleaned = super().clean()
        except ValidationError:
            # The right password for an account that may not log in here (suspended,
            # or not staff at /admin/) is not a guess.
            if self.user_cache is None:
                throttle.login_failed(username=username, address=address)
            raise
        throttle.login_succeeded(username=username, address=address)
        return cleaned


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    """Django's login form plus the cache throttle."""

    # Set for a suspended member who gave the right password (their statement).
    statement_url = ""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.is_suspended:
            # Reached only with the right password, so the link reveals nothing
            # about an account to someone who does not hold it.
            self.statement_url = suspension_statement_link(user)
            raise ValidationError(
                suspension_message(user.suspended_until), code="suspended"
            )


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """/admin/login/ goes through the same throttle as the site's login."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "locked": LOCKED_MESSAGE,
    }


class SignupForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=40,
        min_length=3,
        validators=[UnicodeUsernameValidator()],
        help_text=_(
            "Shown next to everything you post. Choose a pseudonym: not your real "
            "name, not a name you use elsewhere. Letters, digits and @ . + - _ only."
        ),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "Never shown to anyone. We send a link to confirm it before you can post."
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    country = forms.ChoiceField(
        label=_("Country"),
        choices=_optional_country_choices,
        required=False,
        help_text=_("Optional. Never shown to other members."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=interface_language_choices
    )
    accepts_guidelines = forms.BooleanField(
        label=_("I have read and accept the community guidelines"),
        error_messages={
            "required": _("Please read and accept the community guidelines.")
        },
    )

    def clean_username(self):
        username = normalise_line(self.cleaned_data["username"])
        if username.lower().startswith("deleted"):
            raise ValidationError(
                _("That username is reserved. Please choose another.")
            )
        return username

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            from accounts.models import User

            probe = User(
                username=cleaned.get("username", ""), email=cleaned.get("email", "")
            )
            try:
                password_validation.validate_password(password, probe)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


class SettingsForm(forms.Form):
    bio = forms.CharField(
        label=_("About me"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown on your profile page, to whoever may see it."),
    )
    country = forms.ChoiceField(
        label=_("Country"), choices=_optional_country_choices, required=False
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=interface_language_choices
    )
    profile_visibility = forms.ChoiceField(
        label=_("Who can see my profile"),
        choices=ProfileVisibility.choices,
        widget=forms.RadioSelect,
    )
    show_organisations = forms.BooleanField(
        label=_("Show my organisations on my profile and on their pages"),
        required=False,
    )
    share_typing = forms.BooleanField(
        label=_("Let others see that someone is typing when I write a reply"),
        required=False,
    )
    show_name_when_typing = forms.BooleanField(
        label=_("Show my username (not just “someone”) while I am typing or online"),
        required=False,
    )
    email_notifications = forms.BooleanField(
        label=_("E-mail me a link when I get a notification (never the text itself)"),
        required=False,
    )
    easy_read = forms.BooleanField(
        label=_("Easy read: bigger text, more space, one column, shorter explanations"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warning_fields = []
        for kind, label in ContentWarning.choices:
            name = f"cw_{kind}"
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=[
                    ("collapse", _("Collapse: show the warning first")),
                    ("show", _("Show the post straight away")),
                ],
                initial="collapse",
            )
            self.warning_fields.append(name)

    def clean_bio(self):
        return normalise_text(self.cleaned_data["bio"])

    def content_warning_preferences(self) -> dict[str, str]:
        return {
            name.removeprefix("cw_"): self.cleaned_data[name]
            for name in self.warning_fields
        }

    def service_kwargs(self) -> dict:
        data = {
            key: value
            for key, value in self.cleaned_data.items()
            if not key.startswith("cw_")
        }
        data["content_warning_preferences"] = self.content_warning_preferences()
        return data

    @classmethod
    def initial_for(cls, user) -> dict:
        initial = {
            "bio": user.bio,
            "country": user.country,
            "preferred_language": user.preferred_language or settings.LANGUAGE_CODE,
            "profile_visibility": user.profile_visibility,
            "show_organisations": user.show_organisations,
            "share_typing": user.share_typing,
            "show_name_when_typing": user.show_name_when_typing,
            "email_notifications": user.email_notifications,
            "easy_read": user.easy_read,
        }
        for kind in ContentWarning.values:
            initial[f"cw_{kind}"] = user.content_warning_preferences.get(
                kind, "collapse"
            )
        return initial


class PasswordConfirmedForm(forms.Form):
    """A form the member confirms with their password (throttled like a login)."""

    password = forms.CharField(
        label=_("Your password, to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, address: str, **kwargs):
        self.user = user
        self.address = address
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not _is_own_password(self.user, password, address=self.address):
            raise ValidationError(_("That is not your password."))
        return password


class EmailChangeForm(PasswordConfirmedForm):
    email = forms.EmailField(
        label=_("New e-mail address"),
        help_text=_("We send a link there; the address changes when you open it."),
    )
    field_order = ["email", "password"]


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, address: str, **kwargs):
        self.address = address
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not _is_own_password(self.user, old_password, address=self.address):
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class DeleteAccountForm(PasswordConfirmedForm):
    keep_posts = forms.TypedChoiceField(
        label=_("What should happen to your posts?"),
        choices=[
            (
                "1",
                _(
                    "Keep them, shown as written by “deleted member”, so that "
                    "conversations still make sense"
                ),
            ),
            ("0", _("Remove them")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    field_order = ["keep_posts", "password"]


class OrganisationApplicationForm(forms.Form):
    name = forms.CharField(label=_("Organisation name"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=_required_country_choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    description = forms.CharField(
        label=_("What does your organisation do?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Shown on the organisation's public page once approved."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    contact_name = forms.CharField(
        label=_("Contact person"),
        max_length=200,
        help_text=_("Seen by the administrators only, to check the application."),
    )

    def clean_name(self):
        return normalise_line(self.cleaned_data["name"])

    def clean_contact_name(self):
        return normalise_line(self.cleaned_data["contact_name"])

    def clean_description(self):
        return normalise_text(self.cleaned_data["description"])


class ApplicationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (sent to the applicant when rejecting)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == "reject"
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error(
                "reason", _("Tell the applicant why: the reason is sent to them.")
            )
        return cleaned


class OrganisationEditForm(forms.Form):
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def clean_description(self):
        return normalise_text(self.cleaned_data["description"])


class InviteForm(forms.Form):
    username = forms.CharField(
        label=_("Username of the member to invite"), max_length=150
    )
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)


class SitePageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text (Markdown)"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 20}),
    )


class NotificationSettingsForm(forms.Form):
    """E-mail per group of notifications, consent to e-mail, and auto-watching."""

    email_consent = forms.BooleanField(
        label=_(
            "I agree to receive e-mail about my notifications (links only, never the text)"
        ),
        required=False,
    )
    watch_on_reply = forms.BooleanField(
        label=_("Watch the threads I start or reply to"), required=False
    )

    def __init__(self, *args, user, initial_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.group_fields = []
        for group, label in KindGroup.choices:
            name = f"email_{group}"
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=email_choices_for(group),
                widget=forms.RadioSelect,
                initial=(initial_choices or {}).get(group),
            )
            self.group_fields.append(self[name])
        if not self.is_bound:
            self.fields["email_consent"].initial = bool(user.email_consent_at)
            self.fields["watch_on_reply"].initial = user.watch_on_reply

    def email_choices(self) -> dict[str, str]:
        return {group: self.cleaned_data[f"email_{group}"] for group in KindGroup}


class BlockForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("block", _("Block")), ("unblock", _("Unblock"))]
    )


class AnonymiseForm(forms.Form):
    before = forms.DateField(
        label=_("Hide my name on posts written before"),
        help_text=_(
            "Those posts, their quotes and mentions of you in that time show "
            "“a member” instead of your name. This cannot be undone."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    confirm = forms.BooleanField(label=_("I understand this cannot be undone."))
