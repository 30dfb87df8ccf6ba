import xml.etree.ElementTree as ET

import pytest

from tests.exchange.factories import PracticeFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_feed_is_valid_atom_with_the_published_write_ups(client):
    PracticeFactory(title="Housing first & after", slug="housing", areas=["housing"],
                    tags=["young adults"])  # fmt: skip
    PracticeFactory(title="Job coaching", slug="jobs", areas=["employment"])
    PracticeFactory(title="Secret draft", status="draft", published_at=None)
    response = client.get("/exchange/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text
    assert root.find(f"{ATOM}updated").text
    entries = root.findall(f"{ATOM}entry")
    titles = sorted(entry.find(f"{ATOM}title").text for entry in entries)
    assert titles == ["Housing first & after", "Job coaching"]
    housing = next(
        e for e in entries if e.find(f"{ATOM}title").text.startswith("Housing")
    )
    assert housing.find(f"{ATOM}link").get("href").endswith("/exchange/housing/")
    assert housing.find(f"{ATOM}id").text
    assert housing.find(f"{ATOM}author/{ATOM}name").text
    terms = {c.get("term") for c in housing.findall(f"{ATOM}category")}
    assert terms == {"Housing", "young adults"}


@pytest.mark.parametrize(
    "summary", ['<img src=x onerror="alert(document.domain)">', "a < b & c"]
)
def test_feed_summary_is_plain_text_exactly_as_typed(client, summary):
    PracticeFactory(title="Peer mentors", slug="peers", summary=summary)
    root = ET.fromstring(client.get("/exchange/feed/").content)
    element = root.find(f"{ATOM}entry/{ATOM}summary")
    # A reader shows text as it is; only type="html" would be parsed as markup.
    assert element.get("type") == "text"
    assert element.text == summary
    assert list(element) == []


def test_filtered_feed_links_back_to_the_same_filter(client):
    PracticeFactory(title="Housing first", areas=["housing"], countries=["IE"])
    PracticeFactory(title="Job coaching", areas=["employment"], countries=["IE"])
    root = ET.fromstring(client.get("/exchange/feed/?area=housing&country=IE").content)
    assert [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")] == [
        "Housing first"
    ]
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["alternate"].endswith("/exchange/?area=housing&country=IE")
    assert links["self"].endswith("/exchange/feed/?area=housing&country=IE")


def test_unfiltered_feed_links_to_itself_without_a_query(client):
    root = ET.fromstring(client.get("/exchange/feed/").content)
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"].endswith("/exchange/feed/")


@pytest.mark.parametrize("count", [2, 4])
def test_compare_shows_write_ups_side_by_side(client, count):
    practices = [
        PracticeFactory(
            title=f"Programme {n}",
            slug=f"p{n}",
            evidence_level=["none", "randomised"][n % 2],
        )  # fmt: skip
        for n in range(count)
    ]
    query = "&".join(f"p={p.slug}" for p in reversed(practices))
    response = client.get(f"/exchange/compare/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(f">Programme {n}</a></th>") for n in reversed(range(count))]
    assert positions == sorted(positions)
    assert html.count('<th scope="col">') == count
    assert "Randomised trial" in html and "No evaluation yet" in html
    assert '<th scope="row">Evidence level</th>' in html


def test_compare_with_an_unknown_write_up_says_which(client):
    PracticeFactory(slug="real")
    response = client.get("/exchange/compare/?p=real&p=no-such-thing")
    assert response.status_code == 404
    assert "no-such-thing" in response.content.decode()


@pytest.mark.parametrize(
    "query", ["", "p=a", "p=a&p=a", "p=a&p=b&p=c&p=d&p=e", "p=%3Cscript%3E&p=x"]
)
def test_compare_with_the_wrong_number_or_odd_slugs_is_a_clear_error(client, query):
    PracticeFactory(slug="a")
    response = client.get(f"/exchange/compare/?{query}")
    assert response.status_code in (400, 404)
    assert "<script>" not in response.content.decode()


def test_list_offers_compare_checkboxes_for_the_compare_form(client):
    PracticeFactory(slug="one")
    html = client.get("/exchange/").content.decode()
    assert 'id="compare-form"' in html
    assert 'name="p" value="one" form="compare-form"' in html


def test_compare_marks_archived_write_ups(client):
    PracticeFactory(title="Still running", slug="running")
    PracticeFactory(title="Old programme", slug="old", status="archived")
    html = client.get("/exchange/compare/?p=running&p=old").content.decode()
    header = html[html.index("<thead>") : html.index("</thead>")]
    old = header[header.index(">Old programme</a>") :]
    assert '<span class="badge">Archived</span>' in old
    running = header[header.index(">Still running</a>") : header.index("Old programme")]
    assert "Archived" not in running


@pytest.mark.parametrize(
    ("query", "status"),
    [("p=a", 400), ("p=a&p=b&p=c&p=d&p=e", 400), ("p=a&p=b&p=gone", 404)],
)
def test_compare_error_keeps_the_selection(client, query, status):
    for slug in "abcde":
        PracticeFactory(title=f"Programme {slug.upper()}", slug=slug)
    response = client.get(f"/exchange/compare/?{query}")
    assert response.status_code == status
    html = response.content.decode()
    chosen = [part.removeprefix("p=") for part in query.split("&") if part != "p=gone"]
    for slug in chosen:
        assert f'name="p" value="{slug}" checked' in html
        assert f"Programme {slug.upper()}" in html
    assert html.count('type="checkbox" name="p"') == len(chosen)
