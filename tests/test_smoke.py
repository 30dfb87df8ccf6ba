import pytest

from core.text import render_markdown

pytestmark = pytest.mark.django_db


def test_home_page_renders_with_strict_csp(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_markdown_script_tag_renders_as_text():
    assert "<script" not in render_markdown("<script>alert(1)</script>")
