"""What a member can be told about, grouped as the e-mail settings show it.

A notification's `kind` is a dotted name ("reply", "moderation.statement"); its group is
what the member chooses e-mail for. Moderation notices cannot be switched off: they are
always stored, and their e-mail choice has no "off".
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailChoice(models.TextChoices):
    OFF = "off", _("Off")
    INSTANT = "instant", _("At once")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")


class KindGroup(models.TextChoices):
    REPLY = "reply", _("Replies in threads I started or watch")
    MENTION = "mention", _("Mentions of me")
    QUOTE = "quote", _("Quotes of my posts")
    REACTION = "reaction", _("Reactions to my posts")
    WATCHING = "watching", _("New threads and write-ups in what I watch")
    PRACTICE = (
        "practice",
        _("Replies and experience reports on my organisation's write-ups"),
    )
    MODERATION = "moderation", _("Moderation notices and application decisions")


# Not switched off, in the list or by e-mail (DSA Art. 17 statements, decisions).
LOCKED_GROUPS = frozenset({KindGroup.MODERATION})

DEFAULT_EMAIL = {
    KindGroup.REPLY: EmailChoice.DAILY,
    KindGroup.MENTION: EmailChoice.INSTANT,
    KindGroup.QUOTE: EmailChoice.INSTANT,
    KindGroup.REACTION: EmailChoice.WEEKLY,
    KindGroup.WATCHING: EmailChoice.DAILY,
    KindGroup.PRACTICE: EmailChoice.INSTANT,
    KindGroup.MODERATION: EmailChoice.INSTANT,
}

# When one post concerns a member several ways, the notification says the closest one.
POST_KIND_PRIORITY = (
    "mention",
    "post.quote",
    "practice.experience",
    "practice.reply",
    "post.reply",
    "watch.thread",
)

_GROUP_OF_KIND = {
    "mention": KindGroup.MENTION,
    "post.reply": KindGroup.REPLY,
    "post.quote": KindGroup.QUOTE,
    "post.reaction": KindGroup.REACTION,
}


def kind_group(kind: str) -> str:
    """The settings group of a stored kind; unknown kinds count as moderation notices
    (organisation and moderation decisions), so that nothing is switched off by mistake."""
    if kind in _GROUP_OF_KIND:
        return _GROUP_OF_KIND[kind]
    head = kind.split(".", 1)[0]
    if head == "watch":
        return KindGroup.WATCHING
    if head == "practice":
        return KindGroup.PRACTICE
    return KindGroup.MODERATION


def email_choices_for(group: str) -> list[tuple[str, str]]:
    choices = EmailChoice.choices
    if group in LOCKED_GROUPS:
        return [choice for choice in choices if choice[0] != EmailChoice.OFF]
    return choices
