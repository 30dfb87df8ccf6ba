"""`{% crisis_lines %}`: the viewer's own country's crisis lines, then the European ones."""

from django import template

from moderation.selectors import crisis_resources_for

register = template.Library()


@register.inclusion_tag("moderation/_crisis_lines.html", takes_context=True)
def crisis_lines(context, country=None, heading_id="crisis-lines-heading"):
    request = context.get("request")
    if country is None:
        user = getattr(request, "user", None)
        country = getattr(user, "country", "") if user is not None else ""
    return {"resources": crisis_resources_for(country or ""), "heading_id": heading_id}
