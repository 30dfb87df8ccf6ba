import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from accounts.models import Notification
from core.errors import NotFound
from tests.factories import UserFactory
from tests.voice.conftest import BODY, make_statement
from voice.models import Endorsement, StatementStatus
from voice.selectors.statements import revision_diff, statement_get, statement_page
from voice.services.statements import (
    amendment_decide,
    amendment_propose,
    cosignature_set,
    endorsement_create,
    endorsement_withdraw,
    statement_correct,
    statement_create,
    statement_move,
    statement_update,
)

pytestmark = pytest.mark.django_db


def _actors(request):
    return {"anonymous": AnonymousUser()} | {
        name: request.getfixturevalue(name)
        for name in (
            "member",
            "verified_editor",
            "pending_editor",
            "staff",
            "moderator",
            "admin_user",
        )
    }


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("anonymous", False),
        ("member", False),
        ("verified_editor", False),
        ("pending_editor", False),
        ("moderator", False),
        ("staff", True),
        ("admin_user", True),
    ],
)
def test_only_staff_and_admins_create_and_move_statements(request, actor, allowed):
    user = _actors(request)[actor]
    if not allowed:
        with pytest.raises(PermissionDenied):
            make_statement(user)
        statement = make_statement(request.getfixturevalue("staff"))
        with pytest.raises(PermissionDenied):
            statement_move(statement=statement, by=user, to_status="consultation")
        statement.refresh_from_db()
        assert statement.status == StatementStatus.DRAFT
        return
    statement = make_statement(user, status="published")
    assert statement.is_published and statement.published_at
    actions = list(statement.events.values_list("action", "to_status"))
    assert actions == [
        ("created", "draft"),
        ("moved", "consultation"),
        ("moved", "endorsement"),
        ("moved", "published"),
    ]


def test_a_step_cannot_be_skipped_or_undone(statement_factory, staff):
    statement = statement_factory()
    with pytest.raises(ValidationError):
        statement_move(statement=statement, by=staff, to_status="published")
    statement = statement_factory(title="Other", status="published")
    with pytest.raises(ValidationError):
        statement_move(statement=statement, by=staff, to_status="withdrawn")


def test_drafts_are_seen_by_staff_only(statement_factory, staff, member):
    statement = statement_factory()
    assert statement_get(slug=statement.slug, viewer=staff) == statement
    for viewer in (None, member):
        with pytest.raises(NotFound):
            statement_get(slug=statement.slug, viewer=viewer)
    statement_move(statement=statement, by=staff, to_status="consultation")
    assert statement_get(slug=statement.slug, viewer=None) == statement


def test_paragraphs_are_numbered_and_keep_their_anchor_when_edited(
    statement_factory, staff
):
    statement = statement_factory()
    assert list(statement.paragraphs.values_list("key", "position")) == [
        ("p1", 1),
        ("p2", 2),
        ("p3", 3),
    ]
    statement_update(
        statement=statement,
        by=staff,
        data={
            "body": "A new opening.\n\nPeople in recovery need **work**.\n\n"
            "Criminal records close many doors.\n\nWe ask for clean-slate laws."
        },
    )
    assert list(statement.paragraphs.values_list("key", "position")) == [
        ("p4", 1),
        ("p1", 2),
        ("p2", 3),
        ("p3", 4),
    ]
    assert statement.revisions.count() == 2


def test_saving_the_same_text_makes_no_revision(statement_factory, staff):
    statement = statement_factory()
    statement_update(statement=statement, by=staff, data={"body": BODY})
    assert statement.revisions.count() == 1


def test_a_published_text_is_frozen_and_corrections_are_new_versions(
    statement_factory, staff
):
    statement = statement_factory(status="published")
    with pytest.raises(ValidationError):
        statement_update(statement=statement, by=staff, data={"body": "Changed."})
    statement.refresh_from_db()
    assert statement.paragraphs.first().text == "People in recovery need **work**."
    with pytest.raises(ValidationError):
        statement_correct(statement=statement, by=staff, body="Changed.", note="")
    revision = statement_correct(
        statement=statement,
        by=staff,
        body=BODY.replace("clean-slate", "clean slate"),
        note="Spelling of clean slate",
    )
    assert revision.is_correction and revision.number == 2
    diff = revision_diff(old=statement.revisions.get(number=1), new=revision)
    changed = [(line.kind, line.key) for line in diff if line.kind != "same"]
    assert changed == [("removed", "p3"), ("added", "p3")]


def test_amendments_by_verified_editors_accepted_make_a_revision(
    statement_factory, staff, verified_editor, verified_org, pending_editor, pending_org
):
    statement = statement_factory(status="consultation")
    paragraph = statement.paragraphs.get(key="p2")
    with pytest.raises(PermissionDenied):
        amendment_propose(
            paragraph=paragraph, by=pending_editor, organisation=pending_org, text="x"
        )
    amendment = amendment_propose(
        paragraph=paragraph,
        by=verified_editor,
        organisation=verified_org,
        text="Criminal records close doors for years.",
        reason="More precise",
    )
    again = amendment_propose(
        paragraph=paragraph,
        by=verified_editor,
        organisation=verified_org,
        text="Criminal records close doors for years.",
    )
    assert again == amendment
    with pytest.raises(PermissionDenied):
        amendment_decide(
            amendment=amendment, by=verified_editor, accept=True, reason=""
        )
    amendment_decide(amendment=amendment, by=staff, accept=True, reason="")
    paragraph.refresh_from_db()
    assert paragraph.key == "p2"
    assert paragraph.text == "Criminal records close doors for years."
    assert statement.revisions.count() == 2
    with pytest.raises(ValidationError):
        amendment_decide(amendment=amendment, by=staff, accept=False, reason="late")


def test_declining_an_amendment_needs_a_reason(
    statement_factory, staff, verified_editor, verified_org
):
    statement = statement_factory(status="consultation")
    amendment = amendment_propose(
        paragraph=statement.paragraphs.get(key="p1"),
        by=verified_editor,
        organisation=verified_org,
        text="Something else.",
    )
    with pytest.raises(ValidationError):
        amendment_decide(amendment=amendment, by=staff, accept=False, reason=" ")
    amendment_decide(amendment=amendment, by=staff, accept=False, reason="Off topic")
    amendment.refresh_from_db()
    assert amendment.status == "declined"
    assert statement.revisions.count() == 1


def test_each_organisation_endorses_once(
    statement_factory, verified_editor, verified_org, admin_user
):
    statement = statement_factory(status="endorsement")
    first = endorsement_create(
        statement=statement, by=verified_editor, organisation=verified_org
    )
    second = endorsement_create(
        statement=statement, by=admin_user, organisation=verified_org, text="Again"
    )
    assert first == second
    assert Endorsement.objects.filter(statement=statement).count() == 1
    with pytest.raises(IntegrityError):
        Endorsement.objects.create(statement=statement, organisation=verified_org)


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("anonymous", False),
        ("member", False),
        ("pending_editor", False),
        ("staff", False),
        ("moderator", False),
        ("verified_editor", True),
        ("admin_user", True),
    ],
)
def test_endorsement_permission_matrix(request, statement_factory, actor, allowed):
    user = _actors(request)[actor]
    organisation = request.getfixturevalue("verified_org")
    statement = statement_factory(status="endorsement")
    if allowed:
        endorsement_create(statement=statement, by=user, organisation=organisation)
        assert statement.endorsements.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            endorsement_create(statement=statement, by=user, organisation=organisation)


def test_a_pending_organisation_cannot_endorse_even_through_an_admin(
    statement_factory, admin_user, pending_org
):
    statement = statement_factory(status="endorsement")
    with pytest.raises(PermissionDenied):
        endorsement_create(statement=statement, by=admin_user, organisation=pending_org)


def test_endorsements_can_be_withdrawn_until_publication(
    statement_factory, staff, verified_editor, verified_org
):
    statement = statement_factory(status="endorsement")
    endorsement = endorsement_create(
        statement=statement, by=verified_editor, organisation=verified_org
    )
    endorsement_withdraw(endorsement=endorsement, by=verified_editor)
    assert not statement.endorsements.exists()
    endorsement = endorsement_create(
        statement=statement, by=verified_editor, organisation=verified_org
    )
    statement_move(statement=statement, by=staff, to_status="published")
    with pytest.raises(ValidationError):
        endorsement_withdraw(endorsement=endorsement, by=verified_editor)
    assert statement.endorsements.count() == 1


def test_endorsing_is_only_open_in_the_endorsement_step(
    statement_factory, verified_editor, verified_org
):
    statement = statement_factory(status="consultation")
    with pytest.raises(ValidationError):
        endorsement_create(
            statement=statement, by=verified_editor, organisation=verified_org
        )


def test_a_translation_is_endorsed_with_its_original(
    statement_factory, staff, verified_editor, verified_org
):
    original = statement_factory(status="endorsement")
    translation = statement_create(
        by=staff,
        data={
            "title": "Lavoro dopo la recovery",
            "summary": "Lavoro.",
            "policy_area": "employment",
            "addressees": "Parlamento europeo",
            "language": "it",
            "body": "Il lavoro conta.",
            "translation_of": original,
        },
    )
    with pytest.raises(ValidationError):
        statement_create(
            by=staff,
            data={"title": "T", "body": "x", "translation_of": translation},
        )
    endorsement_create(
        statement=translation, by=verified_editor, organisation=verified_org
    )
    assert original.endorsements.count() == 1


def test_editors_of_verified_organisations_hear_of_consultation_and_endorsement(
    statement_factory, staff, verified_editor, pending_editor, member
):
    statement = statement_factory(status="endorsement")
    texts = list(
        Notification.objects.filter(user=verified_editor).values_list("text", flat=True)
    )
    assert len(texts) == 2 and statement.title in texts[0]
    assert not Notification.objects.filter(user__in=[pending_editor, member]).exists()


def test_co_signers_are_counted_and_named_only_when_they_chose_it(
    statement_factory, member, other_member
):

    statement = statement_factory(status="endorsement")
    cosignature_set(statement=statement, by=member, show_username=False)
    cosignature_set(statement=statement, by=other_member, show_username=True)
    cosignature_set(statement=statement, by=member, show_username=False)
    page = statement_page(statement=statement, viewer=None)
    assert page.cosignature_count == 2
    assert page.named_cosigners == ["member_two"]


def test_publication_tells_those_who_took_part(
    statement_factory, staff, verified_editor, verified_org
):
    statement = statement_factory(status="endorsement")
    endorsement_create(
        statement=statement, by=verified_editor, organisation=verified_org
    )
    signer = UserFactory()
    cosignature_set(statement=statement, by=signer, show_username=False)
    statement_move(statement=statement, by=staff, to_status="published")
    assert Notification.objects.filter(user=signer, kind="voice.statement").exists()
    assert (
        Notification.objects.filter(
            user=verified_editor, text__contains="published"
        ).count()
        == 1
    )


def test_leaving_consultation_closes_the_paragraph_threads(statement_factory, staff):
    statement = statement_factory(status="consultation")
    threads = [p.thread for p in statement.paragraphs.select_related("thread")]
    assert len(threads) == 3 and not any(t.is_locked for t in threads)
    statement_move(statement=statement, by=staff, to_status="endorsement")
    for thread in threads:
        thread.refresh_from_db()
        assert thread.is_locked
        assert thread.events.filter(kind="thread.locked").count() == 1
