import io
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.timezone import localtime
from pypdf import PdfReader

from accounts.models import MembershipRole
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ThreadFactory,
    UserFactory,
)
from voice.models import Endorsement, Statement
from voice.services import statements as services

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _endorse(statement, organisation):
    editor = UserFactory()
    MembershipFactory(
        user=editor, organisation=organisation, role=MembershipRole.EDITOR
    )
    services.endorsement_create(
        statement=statement, by=editor, organisation=organisation
    )


def test_staff_start_a_statement_through_the_form(client, staff):
    client.force_login(staff)
    response = client.post(
        "/voice/new/",
        {
            "title": "Housing first",
            "summary": "Homes before conditions.",
            "policy_area": "housing",
            "addressees": "National ministries",
            "language": "en",
            "body": "One.\n\nTwo.",
        },
    )
    statement = Statement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/voice/{statement.slug}/"
    assert statement.paragraphs.count() == 2


def test_an_invalid_statement_form_keeps_what_was_typed(client, staff):
    client.force_login(staff)
    response = client.post("/voice/new/", {"title": "Kept title", "body": ""})
    assert response.status_code == 400
    assert b"Kept title" in response.content
    assert not Statement.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "member", "verified_editor", "moderator"])
def test_only_staff_reach_the_new_statement_form(client, request, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get("/voice/new/")
    assert response.status_code in (302, 403)


def test_the_page_shows_paragraphs_with_anchors_and_counts(
    client, statement_factory, verified_editor, verified_org
):
    statement = statement_factory(status="consultation")
    paragraph = statement.paragraphs.get(key="p2")
    services.amendment_propose(
        paragraph=paragraph, by=verified_editor, organisation=verified_org,
        text="Better words.",
    )  # fmt: skip
    response = client.get(statement.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="para-p2"' in html
    assert "0 comments · 1 amendment" in " ".join(html.split())


def test_hostile_markdown_in_a_statement_renders_inert(client, statement_factory):
    statement = statement_factory(
        status="consultation",
        body="<script>alert(1)</script>\n\n[x](javascript:alert(1))",
    )
    html = client.get(statement.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert 'href="javascript:' not in html


def test_an_editor_endorses_through_the_page(
    client, statement_factory, verified_editor, verified_org
):
    statement = statement_factory(status="endorsement")
    client.force_login(verified_editor)
    response = client.post(
        f"/voice/{statement.slug}/endorse/",
        {"organisation": verified_org.pk, "text": "We stand by it."},
    )
    assert response.status_code == 302
    again = client.post(
        f"/voice/{statement.slug}/endorse/", {"organisation": verified_org.pk}
    )
    assert again.status_code == 400  # the organisation is no longer a choice
    assert Endorsement.objects.filter(statement=statement).count() == 1
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "We stand by it." in page and verified_org.name in page


def test_a_pending_organisations_editor_is_refused(
    client, statement_factory, pending_editor, pending_org
):
    statement = statement_factory(status="endorsement")
    client.force_login(pending_editor)
    response = client.post(
        f"/voice/{statement.slug}/endorse/", {"organisation": pending_org.pk}
    )
    assert response.status_code == 400
    assert not Endorsement.objects.exists()


def test_endorsements_are_grouped_by_country(client, statement_factory):
    statement = statement_factory(status="endorsement")
    for name, country in [("Alfa", "IT"), ("Beta", "BA"), ("Gamma", "IT")]:
        _endorse(statement, OrganisationFactory(name=name, country=country))
    response = client.get(statement.get_absolute_url())
    page = response.context["page"]
    assert [(g.country, g.count) for g in page.countries] == [("BA", 1), ("IT", 2)]


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("size", [1, 15])
def test_the_statement_page_runs_a_fixed_number_of_queries(
    client, statement_factory, staff, django_assert_max_num_queries, size, signed_in
):
    if signed_in:
        client.force_login(staff)
    body = "\n\n".join(f"Paragraph number {n}." for n in range(size))
    statement = statement_factory(status="endorsement", body=body)
    for n in range(size):
        _endorse(statement, OrganisationFactory(country="IT" if n % 2 else "RS"))
    with django_assert_max_num_queries(20):
        response = client.get(statement.get_absolute_url())
    assert response.status_code == 200


def test_the_pdf_carries_the_title_and_every_endorsing_organisation(
    client, statement_factory, staff, member, other_member, moderator
):
    statement = statement_factory(status="consultation", title="Clean slate now")
    chosen, unchosen = (
        services.testimony_submit(statement=statement, by=author, text=text)
        for author, text in (
            (member, "A record kept me out of work."),
            (other_member, "Not picked for the document."),
        )
    )
    for testimony in (chosen, unchosen):
        services.testimony_decide(pk=testimony.pk, by=moderator, approve=True)
    services.testimony_choose(testimony=chosen, by=staff, is_chosen=True)
    services.statement_move(statement=statement, by=staff, to_status="endorsement")
    names = ["Comunità Sentiero", "Novi Korak", "Harbour Lane"]
    for name in names:
        _endorse(statement, OrganisationFactory(name=name))
    services.statement_move(statement=statement, by=staff, to_status="published")
    response = client.get(f"/voice/{statement.slug}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    )
    text = " ".join(text.split())
    assert "Clean slate now" in text
    for name in names:
        assert name in text
    assert "clean-slate laws" in text
    assert "A record kept me out of work." in text
    assert "Not picked for the document." not in text
    statement.refresh_from_db()
    assert date_format(localtime(statement.published_at), "DATE_FORMAT") in text


def test_the_feed_lists_published_statements_only(client, statement_factory):
    published = statement_factory(status="published", title="Out <now> & here")
    statement_factory(status="endorsement", title="Still open")
    response = client.get("/voice/feed/")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [published.title]
    assert entries[0].find(f"{ATOM}summary").get("type") == "text"


def test_compare_shows_the_change_escaped(client, statement_factory, staff):
    statement = statement_factory(status="consultation")
    services.statement_update(
        statement=statement, by=staff,
        data={"body": "People in recovery need <b>work</b>.\n\nCriminal records close doors.\n\nWe ask for clean-slate laws."},
    )  # fmt: skip
    response = client.get(f"/voice/{statement.slug}/history/?a=1&b=2")
    html = response.content.decode()
    assert "&lt;b&gt;work&lt;/b&gt;" in html
    assert "<ins>" in html and "<del>" in html


def test_a_testimony_form_error_keeps_the_text(client, statement_factory, member):
    statement = statement_factory(status="endorsement")
    client.force_login(member)
    response = client.post(
        f"/voice/{statement.slug}/testimonies/", {"text": "My kept words"}
    )
    assert response.status_code == 400
    assert b"My kept words" in response.content


def test_evidence_links_to_member_write_ups_and_public_threads(
    statement_factory, staff
):
    statement = statement_factory(status="consultation")
    thread = ThreadFactory()
    link = services.evidence_add(
        statement=statement,
        by=staff,
        url=f"http://testserver/t/{thread.pk}/",
        label="A thread",
    )
    assert link.kind == "thread" and link.path == f"/t/{thread.pk}/"
    write_up = services.evidence_add(
        statement=statement, by=staff, url="/exchange/bakery/", label="Bakery"
    )
    assert write_up.kind == "write_up"
    for url in ["/t/999999/", "https://evil.example/", "/accounts/settings/"]:
        with pytest.raises(ValidationError):
            services.evidence_add(statement=statement, by=staff, url=url, label="x")
