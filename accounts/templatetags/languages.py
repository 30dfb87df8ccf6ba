"""Language names in templates: `{% load languages %}`, then `code|language_name` (in the
reader's language) or `code|language_name_local` (in the language itself, for a
`lang`-attributed label). Names come from Django (core.languages)."""

from django import template

from core import languages

register = template.Library()

register.filter("language_name", languages.language_name)
register.filter("language_name_local", languages.language_name_local)
