import re

import pytest

from exchange.filters import PracticeFilters
from exchange.models import Practice
from exchange.selectors import practice_search
from exchange.services import practice_create, practice_update
from forum.models import Post, Thread
from tests.exchange.factories import ExperienceFactory, PracticeFactory
from tests.factories import OrganisationFactory, ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    alpha = OrganisationFactory(name="Alpha House", slug="alpha")
    beta = OrganisationFactory(name="Beta Network", slug="beta")
    return {
        "bakery": PracticeFactory(
            organisation=alpha, slug="bakery", title="Bakery apprenticeships",
            areas=["employment"], countries=["IT"], settings=["residential_community"],
            evidence_level="pre_post", readiness="running", languages=["it"],
            tags=["women"],
        ),
        "keys": PracticeFactory(
            organisation=beta, slug="keys", title="First flat",
            approach="Tenants get their own keys on day one.",
            areas=["housing"], countries=["ES"], settings=["community"],
            evidence_level="none", readiness="pilot", languages=["es"],
            tags=["young adults"],
        ),
        "prison": PracticeFactory(
            organisation=beta, slug="prison", title="Through the gate",
            areas=["employment", "housing"], countries=["IT", "ES"],
            settings=["prison"], evidence_level="randomised",
            readiness="manualised", languages=["en"], tags=["women"],
        ),
        "draft": PracticeFactory(
            organisation=alpha, slug="draft", status="draft", published_at=None,
            areas=["employment"], countries=["IT"],
        ),
        "archived": PracticeFactory(
            organisation=alpha, slug="archived", status="archived",
            areas=["employment"], countries=["IT"],
        ),
    }  # fmt: skip


def slugs(**filters):
    search = practice_search(filters=PracticeFilters(**filters))
    return sorted(p.slug for p in search.page.object_list)


def counts(facet_param, **filters):
    search = practice_search(filters=PracticeFilters(**filters))
    facet = next(f for f in search.facets if f.param == facet_param)
    return {option.value: option.count for option in facet.options if option.count}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["bakery", "keys", "prison"]),
        ({"area": ("employment",)}, ["bakery", "prison"]),
        ({"area": ("housing",)}, ["keys", "prison"]),
        ({"area": ("health",)}, []),
        ({"country": ("IT",)}, ["bakery", "prison"]),
        ({"country": ("ES",)}, ["keys", "prison"]),
        ({"setting": ("prison",)}, ["prison"]),
        ({"language": ("es",)}, ["keys"]),
        ({"evidence": ("pre_post",)}, ["bakery"]),
        ({"readiness": ("pilot",)}, ["keys"]),
        ({"organisation": ("beta",)}, ["keys", "prison"]),
        ({"tag": ("women",)}, ["bakery", "prison"]),
        ({"q": "bakery"}, ["bakery"]),
        ({"q": "OWN KEYS"}, ["keys"]),
        ({"q": "keys bakery"}, []),
    ],
)
def test_each_filter_alone_returns_exactly_the_matching_write_ups(
    catalogue, filters, expected
):
    assert slugs(**filters) == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"area": ("employment",), "country": ("ES",)}, ["prison"]),
        ({"area": ("employment", "housing")}, ["bakery", "keys", "prison"]),
        ({"area": ("housing",), "organisation": ("beta",), "tag": ("young adults",)}, ["keys"]),
        ({"country": ("IT",), "evidence": ("randomised", "pre_post"), "readiness": ("running",)}, ["bakery"]),
        ({"tag": ("women",), "setting": ("prison",), "q": "gate"}, ["prison"]),
        ({"area": ("employment",), "language": ("es",)}, []),
    ],
)  # fmt: skip
def test_filters_combine(catalogue, filters, expected):
    assert slugs(**filters) == expected


def test_facet_counts_follow_the_other_filters(catalogue):
    # A facet's own selection does not narrow its counts: they say what choosing
    # that value instead would give.
    assert counts("area", area=("employment",)) == {"employment": 2, "housing": 2}
    assert counts("country", area=("employment",)) == {"IT": 2, "ES": 1}
    assert counts("organisation", area=("employment",)) == {"alpha": 1, "beta": 1}
    assert counts("tag", area=("employment",)) == {"women": 2}
    assert counts("evidence", country=("ES",)) == {"none": 1, "randomised": 1}
    assert counts("setting", tag=("women",), country=("IT",)) == {
        "residential_community": 1,
        "prison": 1,
    }
    assert counts("language") == {"it": 1, "es": 1, "en": 1}


def test_closed_facets_list_every_option_with_zero_counts(catalogue):
    search = practice_search(filters=PracticeFilters())
    area = next(f for f in search.facets if f.param == "area")
    assert [o.value for o in area.options][:3] == ["employment", "housing", "health"]
    assert next(o for o in area.options if o.value == "legal").count == 0


@pytest.mark.parametrize(
    ("filters", "first"),
    [
        ({"sort": "newest"}, "prison"),
        ({"sort": "title"}, "bakery"),
    ],
)
def test_sorts(catalogue, filters, first):
    search = practice_search(filters=PracticeFilters(**filters))
    assert search.page.object_list[0].slug == first


def test_list_page_shows_results_counts_and_shareable_state(client, catalogue):
    response = client.get("/exchange/?area=employment&country=it&sort=title")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 write-ups" in html
    assert "Bakery apprenticeships" in html and "Through the gate" in html
    assert "First flat" not in html
    assert 'name="area" value="employment" checked' in html
    assert 'name="country" value="IT" checked' in html
    # The feed link carries the same filters.
    assert "/exchange/feed/?area=employment&amp;country=it&amp;sort=title" in html


def test_empty_result_says_what_to_loosen(client, catalogue):
    response = client.get("/exchange/?area=employment&language=es")
    assert response.status_code == 200
    html = response.content.decode()
    assert "No write-up matches all of these filters." in html
    # Each active filter links to the same search without it.
    assert 'href="?area=employment"' in html
    assert 'href="?language=es"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("area=flying", "“flying” is not one of the options for Area"),
        ("country=ITA", "is not one of the options for Country"),
        ("evidence=<script>", "is not one of the options"),
        ("organisation=<script>alert(1)</script>", "is not a valid value"),
        ("q=" + "x" * 5000, "too long"),
        ("tag=" + "t" * 500, "is not a valid value"),
        ("sort=random", "Select a valid choice"),
        ("area=" + "&area=".join(["employment"] * 30), "Too many values"),
    ],
)
def test_bad_parameters_give_an_empty_clear_answer(client, catalogue, query, message):
    response = client.get(f"/exchange/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Bakery apprenticeships" not in html
    assert "<script>alert" not in html


@pytest.mark.parametrize(
    "query",
    ["page=abc", "page=99999", "page=-1", "q=%ff%fe", "area=", "q=%E2%80%AEevil",
     "country=it&country=IT", "tag=women&tag=", "q=" + "%" * 100],
)  # fmt: skip
def test_odd_but_harmless_parameters_never_fail(client, catalogue, query):
    response = client.get(f"/exchange/?{query}")
    assert response.status_code == 200


def test_filters_apply_to_the_feed_and_bad_ones_give_an_empty_feed(client, catalogue):
    body = client.get("/exchange/feed/?area=housing").content.decode()
    assert "First flat" in body and "Through the gate" in body
    assert "Bakery" not in body
    body = client.get("/exchange/feed/?area=flying").content.decode()
    assert "<entry>" not in body


def test_sort_by_most_implemented_and_most_discussed(catalogue):
    for _ in range(2):
        ExperienceFactory(
            practice=catalogue["keys"], organisation=OrganisationFactory()
        )
    ExperienceFactory(practice=catalogue["bakery"], organisation=OrganisationFactory())
    # A reply still waiting for approval does not count.
    held = ExperienceFactory(
        practice=catalogue["prison"], organisation=OrganisationFactory()
    )
    Post.objects.filter(pk=held.post_id).update(status="pending")
    search = practice_search(filters=PracticeFilters(sort="implemented"))
    assert [(p.slug, p.implemented_count) for p in search.page.object_list] == [
        ("keys", 2), ("bakery", 1), ("prison", 0)
    ]  # fmt: skip
    for slug, replies in (("bakery", 5), ("keys", 1), ("prison", 9)):
        thread = ThreadFactory()
        Thread.objects.filter(pk=thread.pk).update(post_count=replies + 1)
        Practice.objects.filter(slug=slug).update(thread=thread)
    search = practice_search(filters=PracticeFilters(sort="discussed"))
    assert [p.slug for p in search.page.object_list] == ["prison", "bakery", "keys"]
    assert [p.implemented_count for p in search.page.object_list] == [0, 1, 2]


def test_pages_keep_the_filters_in_their_links(client):
    for index in range(25):
        PracticeFactory(title=f"Housing {index}", areas=["housing"], countries=["IE"])
    PracticeFactory(title="Other", areas=["health"])
    html = client.get("/exchange/?area=housing&country=IE").content.decode()
    assert "25 write-ups" in html
    assert 'href="?area=housing&amp;country=IE&amp;page=2"' in html
    html = client.get("/exchange/?area=housing&country=IE&page=2").content.decode()
    assert html.count('class="card practice-card"') == 5
    assert "Page 2 of 2" in html


def chips(html):
    return re.findall(r'<a class="chip" href="([^"]*)">([^<]*)<', html)


def test_a_repeated_search_shows_the_one_chip_it_searches(client, catalogue):
    response = client.get("/exchange/?q=bakery&q=gate")
    html = response.content.decode()
    assert "Through the gate" in html and "Bakery apprenticeships" not in html
    assert chips(html) == [("?", "Search: gate ")]


def test_values_that_clean_to_the_same_filter_show_one_chip(client, catalogue):
    html = client.get(
        "/exchange/?country=it&country=IT&area=employment"
    ).content.decode()
    assert chips(html) == [
        ("?country=it&amp;country=IT", "Area: Employment "),
        ("?area=employment", "Country: Italy "),
    ]


def test_a_refused_value_keeps_a_chip_that_removes_it(client, catalogue):
    response = client.get("/exchange/?area=flying&area=flying&country=IT")
    assert response.status_code == 400
    assert chips(response.content.decode()) == [
        ("?country=IT", "Area: flying "),
        ("?area=flying&amp;area=flying", "Country: Italy "),
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/exchange/?q=%00",
        "/exchange/?q=bakery%00&area=employment",
        "/exchange/?tag=women%00",
        "/exchange/?%00=1",
        "/exchange/feed/?country=I%00T",
        "/exchange/compare/?p=bakery%00&p=keys",
    ],
)
def test_a_nul_character_in_the_query_is_refused_with_400(client, catalogue, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Bakery apprenticeships" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("ŠKOLA", True),
        ("škola", True),
        ("ŽIVOT", True),
        ("STRASSE", True),
        ("ＣＡＦÉ", True),
        ("ΣΧΟΛΕΊΟ", True),
        ("školy", False),
    ],
)
def test_free_text_search_folds_case_beyond_ascii(
    organisation, org_editor, write_up, query, found
):
    data = {
        **write_up,
        "title": "Škola za život",
        "approach": "Meetings in a Straße café and a σχολείο.",
    }
    practice = practice_create(organisation=organisation, by=org_editor, data=data)
    Practice.objects.filter(pk=practice.pk).update(
        status="published", published_at=practice.created_at
    )
    assert (slugs(q=query) == [practice.slug]) is found


def test_search_follows_an_edit(organisation, org_editor, write_up):
    practice = practice_create(
        organisation=organisation, by=org_editor, data={**write_up, "title": "Škola"}
    )
    Practice.objects.filter(pk=practice.pk).update(
        status="published", published_at=practice.created_at
    )
    practice_update(
        practice=practice, by=org_editor, data={**write_up, "title": "Ćelija"},
        expected_version=1,
    )  # fmt: skip
    assert slugs(q="ŠKOLA") == []
    assert slugs(q="ĆELIJA") == [practice.slug]


def test_the_list_page_searches_with_folded_case(client, catalogue):
    PracticeFactory(slug="skola", title="ŠKOLA ZA ŽIVOT")
    html = client.get("/exchange/?q=%C5%A1kola").content.decode()
    assert "ŠKOLA ZA ŽIVOT" in html and "1 write-up" in html
