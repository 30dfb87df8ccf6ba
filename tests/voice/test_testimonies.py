import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Notification
from accounts.services import user_data_export, user_erase
from core.errors import NotFound
from core.review import review_source
from moderation.services import review_decide
from voice.models import Testimony as StoredTestimony
from voice.selectors.statements import statement_page
from voice.services import statements as services
from voice.services.statements import statement_move

pytestmark = pytest.mark.django_db


def test_a_testimony_waits_for_a_moderator_before_it_appears(
    statement_factory, member, moderator, staff
):
    statement = statement_factory(status="consultation")
    testimony = services.testimony_submit(
        statement=statement, by=member, text="I found work after **two** years.",
        pseudonym="Ana",
    )  # fmt: skip
    assert statement_page(statement=statement, viewer=None).testimonies == []
    source = review_source("voice.testimony")
    assert [item.pk for item in source.pending()] == [testimony.pk]
    with pytest.raises(PermissionDenied):
        source.decide(pk=testimony.pk, by=staff, approve=True, reason="")
    source.decide(pk=testimony.pk, by=moderator, approve=True, reason="")
    assert statement_page(statement=statement, viewer=None).testimonies == [testimony]
    assert source.pending() == []
    with pytest.raises(NotFound):
        source.decide(pk=testimony.pk, by=moderator, approve=False, reason="")


def test_testimonies_are_only_added_during_consultation(statement_factory, member):
    statement = statement_factory(status="endorsement")
    with pytest.raises(ValidationError):
        services.testimony_submit(statement=statement, by=member, text="Too late")


def test_only_chosen_testimonies_are_published_with_the_statement(
    statement_factory, member, other_member, moderator, staff
):
    statement = statement_factory(status="consultation")
    chosen, other = (
        services.testimony_submit(
            statement=statement, by=author, text=f"Story of {author}"
        )
        for author in (member, other_member)
    )
    source = review_source("voice.testimony")
    for testimony in (chosen, other):
        source.decide(pk=testimony.pk, by=moderator, approve=True, reason="")
    with pytest.raises(PermissionDenied):
        services.testimony_choose(testimony=chosen, by=moderator, is_chosen=True)
    services.testimony_choose(testimony=chosen, by=staff, is_chosen=True)
    for step in ("endorsement", "published"):
        statement = statement_move(statement=statement, by=staff, to_status=step)
    assert statement_page(statement=statement, viewer=None).testimonies == [chosen]


def test_a_rejected_testimony_cannot_be_chosen(
    statement_factory, member, moderator, staff
):
    statement = statement_factory(status="consultation")
    testimony = services.testimony_submit(statement=statement, by=member, text="Mine")
    review_source("voice.testimony").decide(
        pk=testimony.pk, by=moderator, approve=False, reason="names a person"
    )
    testimony.refresh_from_db()
    with pytest.raises(ValidationError):
        services.testimony_choose(testimony=testimony, by=staff, is_chosen=True)


def test_the_author_withdraws_a_testimony_at_any_time(
    statement_factory, member, other_member, moderator, staff
):
    statement = statement_factory(status="consultation")
    testimony = services.testimony_submit(statement=statement, by=member, text="Mine")
    review_source("voice.testimony").decide(
        pk=testimony.pk, by=moderator, approve=True, reason=""
    )
    services.testimony_choose(testimony=testimony, by=staff, is_chosen=True)
    for step in ("endorsement", "published"):
        statement_move(statement=statement, by=staff, to_status=step)
    with pytest.raises(PermissionDenied):
        services.testimony_withdraw(testimony=testimony, by=other_member)
    services.testimony_withdraw(testimony=testimony, by=member)
    assert not StoredTestimony.objects.filter(pk=testimony.pk).exists()


def test_erasure_removes_testimonies_even_when_posts_are_kept(
    statement_factory, member
):
    statement = statement_factory(status="consultation")
    services.testimony_submit(statement=statement, by=member, text="Mine, to be erased")
    user_erase(user=member, by=member, keep_posts=True)
    assert not StoredTestimony.objects.filter(text__contains="to be erased").exists()


def test_export_contains_the_members_testimonies(statement_factory, member):
    statement = statement_factory(status="consultation")
    services.testimony_submit(statement=statement, by=member, text="Exported words")
    data = user_data_export(user=member, by=member)
    assert data["voice"]["statement_testimonies"][0]["text"] == "Exported words"


def test_the_authors_notice_names_the_statement_the_testimony_was_on(
    statement_factory, member, moderator
):
    statement = statement_factory(status="consultation", title="Homes first")
    testimony = services.testimony_submit(statement=statement, by=member, text="Mine")
    review_decide(
        kind="voice.testimony",
        pk=testimony.pk,
        by=moderator,
        approve=False,
        reason="It names a person.",
    )
    text = Notification.objects.get(user=member).text
    assert text.startswith("Your testimony on “Homes first”: ")
