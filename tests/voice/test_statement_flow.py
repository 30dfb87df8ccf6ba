"""The whole lifecycle through the pages, each step by the role that may take it."""

import pytest

from voice.models import Amendment, CoSignature, Statement

pytestmark = pytest.mark.django_db


def test_a_statement_goes_from_draft_to_published_through_the_pages(
    client, staff, verified_editor, verified_org, member
):
    client.force_login(staff)
    client.post(
        "/voice/new/",
        {
            "title": "Peer workers everywhere",
            "summary": "Paid peer work.",
            "policy_area": "treatment",
            "addressees": "Health ministries",
            "language": "en",
            "body": "Peer work matters.\n\nPay peer workers.",
        },
    )
    statement = Statement.objects.get()
    url = statement.get_absolute_url()
    assert client.post(f"{url}move/", {"to_status": "consultation"}).status_code == 302

    client.force_login(verified_editor)
    response = client.post(
        f"{url}p/p2/amend/",
        {"organisation": verified_org.pk, "text": "Pay peer workers fairly."},
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    # An editor may not decide, nor move the statement on.
    client.post(f"{url}amendments/{amendment.pk}/decide/", {"accept": "1"})
    assert client.post(f"{url}move/", {"to_status": "endorsement"}).status_code == 403

    client.force_login(staff)
    client.post(f"{url}amendments/{amendment.pk}/decide/", {"accept": "1"})
    amendment.refresh_from_db()
    assert amendment.status == "accepted"
    assert statement.paragraphs.get(key="p2").text == "Pay peer workers fairly."
    client.post(f"{url}move/", {"to_status": "endorsement"})

    client.force_login(verified_editor)
    client.post(f"{url}endorse/", {"organisation": verified_org.pk})
    client.force_login(member)
    client.post(f"{url}cosign/", {"show_username": ""})
    assert CoSignature.objects.filter(user=member, show_username=False).exists()

    client.force_login(staff)
    assert client.post(f"{url}move/", {"to_status": "published"}).status_code == 302
    audit = " ".join(client.get(url).content.decode().split())
    assert "Amendment accepted" in audit and "Moved → Published" in audit
    client.logout()
    page = client.get(url).content.decode()
    assert "Pay peer workers fairly." in page
    assert verified_org.name in page
    assert "1 member co-signs this statement." in page
    assert member.username not in page
    assert f"{url}pdf/" in page


def test_a_skipped_step_is_refused_on_the_page(client, staff, statement_factory):
    statement = statement_factory()
    client.force_login(staff)
    response = client.post(f"/voice/{statement.slug}/move/", {"to_status": "published"})
    assert response.status_code == 400
    assert "cannot go from" in response.content.decode()
    statement.refresh_from_db()
    assert statement.is_draft


def test_a_correction_form_requires_a_changelog_and_keeps_the_text(
    client, staff, statement_factory
):
    statement = statement_factory(status="published")
    client.force_login(staff)
    response = client.post(
        f"/voice/{statement.slug}/edit/", {"body": "Corrected words.", "note": ""}
    )
    assert response.status_code == 400
    assert "Corrected words." in response.content.decode()
    response = client.post(
        f"/voice/{statement.slug}/edit/",
        {"body": "Corrected words.", "note": "Shorter"},
    )
    assert response.status_code == 302
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "Shorter" in page and "Corrected words." in page


def test_a_double_submit_of_a_new_statement_makes_one_draft(client, staff):
    client.force_login(staff)
    form = client.get("/voice/new/")
    key = form.context["form"]["idempotency_key"].value()
    data = {
        "title": "Twice",
        "summary": "Once.",
        "policy_area": "other",
        "addressees": "Everyone",
        "language": "en",
        "body": "Only one.",
        "idempotency_key": key,
    }
    first = client.post("/voice/new/", data)
    second = client.post("/voice/new/", data)
    assert first["Location"] == second["Location"]
    assert Statement.objects.count() == 1
