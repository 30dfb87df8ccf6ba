import pytest

from accounts.models import MembershipRole
from moderation.services import review_decide
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from voice.models import StoryArea, StorySignature
from voice.services.statements import statement_create, statement_move
from voice.services.stories import story_submit

BODY = (
    "People in recovery need **work**.\n\n"
    "Criminal records close doors.\n\n"
    "We ask for clean-slate laws."
)


@pytest.fixture
def staff(db):
    return UserFactory(username="staff_one", is_network_staff=True)


@pytest.fixture
def verified_org(db):
    return OrganisationFactory(name="Sentiero Fittizio", country="IT")


@pytest.fixture
def verified_editor(db, verified_org):
    editor = UserFactory(username="verified_editor")
    MembershipFactory(
        user=editor, organisation=verified_org, role=MembershipRole.EDITOR
    )
    return editor


@pytest.fixture
def pending_org(db):
    return OrganisationFactory(name="Pending Fittizio", is_verified=False)


@pytest.fixture
def pending_editor(db, pending_org):
    editor = UserFactory(username="pending_editor")
    MembershipFactory(user=editor, organisation=pending_org, role=MembershipRole.EDITOR)
    return editor


def make_statement(by, *, status="draft", title="Work after recovery", body=BODY):
    statement = statement_create(
        by=by,
        data={
            "title": title,
            "summary": "Employment for people in recovery.",
            "policy_area": "employment",
            "addressees": "European Parliament",
            "language": "en",
            "body": body,
        },
    )
    for step in ("consultation", "endorsement", "published"):
        if statement.status == status:
            break
        statement = statement_move(statement=statement, by=by, to_status=step)
    return statement


@pytest.fixture
def statement_factory(staff):
    return lambda **kwargs: make_statement(staff, **kwargs)


@pytest.fixture
def submit_story(db):
    """`submit_story(by, **fields)`: a story sent for review, as the form would send it."""

    def submit(by, **fields):
        values = {
            "title": "Back at work after ten years",
            "body": "It took time, and *people* who believed in me.",
            "areas": [StoryArea.EMPLOYMENT],
            "language": "en",
            "signature": StorySignature.ANONYMOUS,
            "has_consented": True,
            **fields,
        }
        return story_submit(by=by, **values)

    return submit


@pytest.fixture
def publish(moderator):
    """`publish(story)`: a moderator approves it through the approval queue's service."""

    def approve(story):
        review_decide(
            kind="voice.story", pk=story.pk, by=moderator, approve=True, reason=""
        )
        story.refresh_from_db()
        return story

    return approve
