"""A gentle check for details that could identify someone in a story before it is sent.

It only reads: nothing it finds is stored or logged, and it never blocks a submission.
The patterns are deliberately loose (a false hint costs a second look; a missed one
could cost someone their job), and cover the network's languages where words matter.
"""

import re

from django.utils.translation import gettext_lazy as _

HINT_LABELS = {
    "name": _("a full name"),
    "phone": _("a phone number"),
    "email": _("an e-mail address"),
    "address": _("a street address"),
    "employer": _("an employer or workplace"),
}

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Eight or more digits, allowing spaces, dots, dashes and brackets between them.
_PHONE = re.compile(r"(?:\+|\b)\d(?:[\s().-]*\d){7,}")
_STREET_WORDS = (
    r"via|viale|vicolo|piazza|piazzale|corso|largo|ulica|ul\.|bulevar|trg|put|"
    r"street|st\.|road|rd\.|avenue|ave\.|lane|strasse|straße"
)
_ADDRESS = re.compile(
    rf"\b(?:{_STREET_WORDS})\s+[^\W\d_][\w'.]*(?:\s+[^\W\d_][\w'.]*){{0,3}},?\s*\d+"
    rf"|\b\d+[a-z]?,?\s+[^\W\d_][\w']*(?:\s+[^\W\d_][\w']*){{0,2}}\s+(?:{_STREET_WORDS})\b",
    re.IGNORECASE,
)
_EMPLOYER = re.compile(
    r"\b(?:(?i:works?|worked|working|employed|a job)\s+(?i:at|for|by|with)"
    r"|(?i:my\s+(?:boss|employer|manager)\s+at)"
    r"|(?i:lavor[oai]\w*|assunt[oaie])\s+(?i:presso|da|per|alla|al|nella|nel)"
    r"|(?i:radi[mol]\w*|zaposlen[aio]?|posao)\s+(?i:u|kod|za|na))"
    r"\s+(?:the\s+|la\s+|il\s+|lo\s+)?[A-ZČĆŠŽĐ]"
)
_WORD = r"[A-ZČĆŠŽĐÀÈÉÌÒÙ][a-zčćšžđàèéìòù']+"
# Two capitalised words in a row, not at the start of a sentence ("I met Marco Rossi").
_FULL_NAME = re.compile(rf"(?<![.!?:\n]\s)(?<!^)(?<=\s){_WORD}\s+{_WORD}\b")


def identifiability_hints(text: str) -> list[tuple[str, str]]:
    """(kind, label) for each kind of identifying detail the text seems to contain."""
    text = text or ""
    found = {
        "name": bool(_FULL_NAME.search(text)),
        "phone": bool(_PHONE.search(text)),
        "email": bool(_EMAIL.search(text)),
        "address": bool(_ADDRESS.search(text)),
        "employer": bool(_EMPLOYER.search(text)),
    }
    return [(kind, str(HINT_LABELS[kind])) for kind, hit in found.items() if hit]
