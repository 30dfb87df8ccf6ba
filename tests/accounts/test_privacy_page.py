import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_privacy_page_says_how_long_data_is_kept_and_how_blocking_works(client):
    html = client.get(reverse("pages:privacy")).content.decode()
    assert "How long we keep it" in html
    assert "30 days" in html
    assert "Blocking" in html
    assert "Hide your name on your past posts" in html
