"""A reaction is named in words; its emoji is decoration that screen readers skip."""

import re

import pytest

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_reaction_buttons_name_the_reaction_and_hide_the_glyph(client, member):
    post = PostFactory(number=2)
    client.force_login(member)
    page = client.get(post.thread.get_absolute_url() + "?page=1").text
    buttons = re.findall(
        r'<button type="submit"[^>]* class="reaction[^"]*"[^>]*>(.*?)</button>',
        page,
        re.S,
    )
    assert buttons
    for button in buttons:
        glyph = re.search(
            r'<span class="emoji" aria-hidden="true">([^<]+)</span>', button
        )
        assert glyph, button
        # Without the glyph (no emoji font, or a screen reader) a word remains.
        words = re.sub(r"<[^>]+>", " ", button.replace(glyph.group(0), ""))
        assert re.search(r"[A-Za-z]{3,}", words), button
