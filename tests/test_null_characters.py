import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/exchange/?tag=%00z",
        "/exchange/feed/?tag=a%00",
        "/exchange/compare/?p=%00&p=x",
        "/tags/%00/",
        "/c/%00/",
        "/?%00=1",
    ],
)
def test_a_nul_character_in_the_url_is_a_clear_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert b"This address cannot be read" in response.content
    assert "script-src 'self'" in response["Content-Security-Policy"]
