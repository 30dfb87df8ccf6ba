import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forum.models import PostStatus, ThreadEvent
from moderation.models import Action, AuditEntry, Case, CaseState, Flag, FlagReason
from moderation.services import case_dismiss, case_hide, flag_create
from tests.factories import UserFactory
from tests.moderation.conftest import notification_texts

pytestmark = pytest.mark.django_db


def test_flag_opens_one_case_with_a_snapshot_of_the_post(post, member):
    flag_create(post=post, by=member, reason=FlagReason.SPAM, note="advert")
    case = Case.objects.get(post=post)
    assert case.state == CaseState.OPEN
    assert case.flag_count == 1
    assert case.snapshot_body_html == post.body_html
    assert case.is_urgent is False


def test_flagging_twice_updates_the_first_flag(post, member):
    flag_create(post=post, by=member, reason=FlagReason.SPAM, note="first")
    flag_create(post=post, by=member, reason=FlagReason.ABUSE, note="second")
    flag = Flag.objects.get(post=post)
    assert (flag.reason, flag.note) == (FlagReason.ABUSE, "second")
    assert Case.objects.get(post=post).flag_count == 1


def test_flags_of_different_members_gather_in_one_case(post, make_flaggers):
    for flagger in make_flaggers(2):
        flag_create(post=post, by=flagger, reason=FlagReason.OFF_TOPIC)
    assert Case.objects.count() == 1
    assert Case.objects.get().flag_count == 2


def test_harm_flag_makes_the_case_urgent_and_first_in_the_queue(
    make_post, post, member, other_member, moderator
):
    older = make_post(body="An older post.")
    flag_create(post=older, by=member, reason=FlagReason.SPAM)
    flag_create(post=post, by=other_member, reason=FlagReason.HARM, note="worried")
    from moderation.selectors import review_queue

    queue = list(review_queue(viewer=moderator))
    assert [case.post_id for case in queue] == [post.pk, older.pk]
    assert queue[0].is_urgent is True


def test_a_member_cannot_flag_their_own_post(post, author):
    with pytest.raises(ValidationError):
        flag_create(post=post, by=author, reason=FlagReason.SPAM)
    assert not Flag.objects.exists()


def test_unknown_reason_is_refused(post, member):
    with pytest.raises(ValidationError):
        flag_create(post=post, by=member, reason=FlagReason.WATCHED_WORD)


def test_a_post_in_a_members_only_category_cannot_be_flagged_by_a_stranger(
    make_post, author
):
    from forum.models import CategoryVisibility
    from tests.factories import CategoryFactory

    hidden = make_post(
        author=author, category=CategoryFactory(visibility=CategoryVisibility.MEMBERS)
    )
    inactive = UserFactory(is_active=False)
    with pytest.raises(PermissionDenied):
        flag_create(post=hidden, by=inactive, reason=FlagReason.SPAM)


def test_auto_hide_happens_at_exactly_n_distinct_flaggers(
    post, author, make_flaggers, settings
):
    settings.MODERATION_AUTO_HIDE_FLAGGERS = 3
    first, second, third = make_flaggers(3)
    flag_create(post=post, by=first, reason=FlagReason.SPAM)
    flag_create(post=post, by=second, reason=FlagReason.SPAM)
    # The same member flagging again is still one flagger.
    flag_create(post=post, by=second, reason=FlagReason.ABUSE)
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    flag_create(post=post, by=third, reason=FlagReason.SPAM)
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN
    assert post.thread.events.filter(kind="post.hidden").count() == 1
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.is_automated) == (
        Action.POST_AUTO_HIDE,
        None,
        True,
    )
    assert any("Decided automatically" in text for text in notification_texts(author))


def test_a_moderators_flag_counts_as_n(post, moderator, settings):
    settings.MODERATION_AUTO_HIDE_FLAGGERS = 3
    flag_create(post=post, by=moderator, reason=FlagReason.ABUSE)
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN


def test_auto_hidden_post_restored_when_the_flags_are_dismissed(
    post, moderator, second_moderator, settings
):
    settings.MODERATION_AUTO_HIDE_FLAGGERS = 1
    flag_create(post=post, by=UserFactory(), reason=FlagReason.SPAM)
    case = Case.objects.get()
    case_dismiss(case=case, by=second_moderator, reason="Not spam: a real question.")
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert list(
        ThreadEvent.objects.filter(thread=post.thread).values_list("kind", flat=True)
    )[-2:] == ["post.hidden", "post.restored"]
    post.thread.refresh_from_db()
    assert post.thread.post_count == 2


def test_flaggers_are_told_their_flag_was_handled(post, member, moderator):
    flag_create(post=post, by=member, reason=FlagReason.SPAM)
    case_hide(
        case=Case.objects.get(),
        by=moderator,
        reason="Advertising.",
        guideline="no_spam",
    )
    assert notification_texts(member) == [
        "Thank you: a moderator reviewed a post you reported and acted on it."
    ]
    assert Flag.objects.get().handled_at is not None


def test_a_new_flag_after_a_decision_reopens_the_case(
    post, member, other_member, moderator
):
    flag_create(post=post, by=member, reason=FlagReason.SPAM)
    case_dismiss(case=Case.objects.get(), by=moderator, reason="Fine.")
    flag_create(post=post, by=other_member, reason=FlagReason.ABUSE)
    case = Case.objects.get()
    assert (case.state, case.flag_count) == (CaseState.OPEN, 1)


def test_silenced_member_cannot_flag(post, member):
    from datetime import timedelta

    from django.utils import timezone

    member.silenced_until = timezone.now() + timedelta(days=1)
    member.save()
    with pytest.raises(PermissionDenied):
        flag_create(post=post, by=member, reason=FlagReason.SPAM)


# Views -----------------------------------------------------------------------------


def test_flag_form_works_without_javascript(client, post, member):
    client.force_login(member)
    page = client.get(f"/p/{post.pk}/flag/")
    assert page.status_code == 200
    html = page.content.decode()
    for value in ("spam", "abuse", "personal_info", "harm", "off_topic", "other"):
        assert f'value="{value}"' in html
    assert "<fieldset>" in html and "<legend>" in html
    response = client.post(f"/p/{post.pk}/flag/", {"reason": "spam", "note": "ad"})
    assert response.status_code == 302
    assert response["Location"] == f"/p/{post.pk}/flag/thanks/"
    assert Flag.objects.get().note == "ad"


def test_invalid_flag_form_keeps_the_note(client, post, member):
    client.force_login(member)
    response = client.post(
        f"/p/{post.pk}/flag/", {"reason": "nonsense", "note": "my words"}
    )
    assert response.status_code == 400
    assert "my words" in response.content.decode()
    assert not Flag.objects.exists()


def test_harm_flag_shows_thanks_and_crisis_resources_for_the_flaggers_country(
    client, post
):
    from moderation.models import CrisisResource

    CrisisResource.objects.get_or_create(
        country="EU", name="European emergency number", defaults={"phone": "112"}
    )
    CrisisResource.objects.create(country="IT", name="Italian line", phone="000")
    CrisisResource.objects.create(country="FR", name="French line", phone="111")
    assert post.author.country == "IT"
    flagger = UserFactory(username="french_flagger", country="FR")
    client.force_login(flagger)
    client.post(f"/p/{post.pk}/flag/", {"reason": "harm", "note": ""})
    page = client.get(f"/p/{post.pk}/flag/thanks/").content.decode()
    assert "Thank you" in page
    assert "112" in page
    assert "French line" in page
    # The author's country is private: the lines must not reveal it.
    assert "Italian line" not in page


def test_anonymous_visitor_is_sent_to_log_in_to_flag(client, post):
    response = client.get(f"/p/{post.pk}/flag/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_hidden_post_cannot_be_flagged_by_url(client, post, member):
    post.status = PostStatus.HIDDEN
    post.save()
    client.force_login(member)
    assert client.get(f"/p/{post.pk}/flag/").status_code == 404


def test_the_eu_emergency_number_is_seeded_by_a_migration():
    from importlib import import_module

    from django.apps import apps

    from moderation.models import CrisisResource

    CrisisResource.objects.all().delete()
    import_module("moderation.migrations.0002_crisis_resource_112").add_112(apps, None)
    assert list(CrisisResource.objects.values_list("country", "phone")) == [
        ("EU", "112")
    ]
