import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Notification
from accounts.services.privacy import user_data_export, user_erase
from core.errors import NotFound
from moderation.models import Action, AuditEntry
from moderation.services import review_decide
from voice.models import STORY_CONSENT_VERSION, Story, StorySignature, StoryState
from voice.selectors.stories import stories_visible
from voice.services.stories import story_decide, story_submit, story_withdraw

pytestmark = pytest.mark.django_db


def test_a_submitted_story_waits_for_review_and_is_not_public(
    client, member, submit_story
):
    story = submit_story(member)
    assert story.state == StoryState.PENDING
    assert client.get(f"/stories/{story.pk}/").status_code == 404
    assert story.title not in client.get("/stories/").text
    assert list(stories_visible()) == []


def test_consent_is_recorded_with_its_time_and_text_version(member, submit_story):
    before = timezone.now()
    story = submit_story(member)
    assert before <= story.consent_at <= timezone.now()
    assert story.consent_version == STORY_CONSENT_VERSION


def test_a_story_without_consent_is_refused_and_the_form_keeps_the_text(client, member):
    client.force_login(member)
    response = client.post(
        "/stories/new/",
        {
            "title": "My story",
            "body": "Words I typed with care.",
            "areas": ["housing"],
            "language": "en",
            "signature": "anonymous",
            "send": "1",
        },
    )
    assert response.status_code == 400
    assert "Words I typed with care." in response.text
    assert "Tick the box" in response.text
    assert not Story.objects.exists()


def test_anonymous_visitor_cannot_submit(client, django_user_model):
    response = client.post(
        "/stories/new/",
        {"title": "x", "body": "y", "areas": ["housing"], "language": "en"},
    )
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    with pytest.raises(PermissionDenied):
        story_submit(
            by=None,
            title="x",
            body="y",
            areas=["housing"],
            language="en",
            signature="anonymous",
            has_consented=True,
        )
    assert not Story.objects.exists()


def test_a_double_submit_makes_one_story(client, member):
    client.force_login(member)
    data = {
        "title": "Once",
        "body": "Only once, please.",
        "areas": ["health", "family"],
        "language": "it",
        "country": "IT",
        "signature": "first_name",
        "signed_name": "Lucia",
        "has_consented": "on",
        "idempotency_key": "a" * 32,
        "send": "1",
    }
    assert client.post("/stories/new/", data).status_code == 302
    assert client.post("/stories/new/", data).status_code == 302
    story = Story.objects.get()
    assert sorted(story.area_values) == ["family", "health"]
    assert story.byline == "Lucia"


def test_a_first_name_signature_takes_one_word(member, submit_story):
    with pytest.raises(ValidationError) as error:
        submit_story(
            member, signature=StorySignature.FIRST_NAME, signed_name="Lucia Bianchi"
        )
    assert "signed_name" in error.value.error_dict


def test_moderator_approves_from_the_queue_and_the_story_is_public(
    client, member, moderator, submit_story
):
    story = submit_story(member, title="Housing first worked for me")
    client.force_login(moderator)
    queue = client.get("/moderation/approval/")
    assert "Housing first worked for me" in queue.text
    prefix = f"review-voice-story-{story.pk}"
    response = client.post(
        f"/moderation/review/voice.story/{story.pk}/",
        {f"{prefix}-decision": "approve", f"{prefix}-guideline": "none"},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.state == StoryState.PUBLISHED
    assert story.decided_by == moderator
    entry = AuditEntry.objects.get()
    assert entry.action == Action.REVIEW_APPROVE
    assert entry.target_user == member
    assert entry.subject == f"voice.story #{story.pk}"
    notice = Notification.objects.get(user=member)
    assert notice.text.startswith("Your story “Housing first worked for me”: ")
    assert entry.statement.get_absolute_url() == notice.url
    assert "Housing first" not in entry.subject  # the audit log keeps no story text
    client.logout()
    page = client.get(f"/stories/{story.pk}/")
    assert page.status_code == 200
    assert "Housing first worked for me" in page.text
    assert member.username not in page.text  # signed anonymously
    assert "Housing first worked for me" in client.get("/stories/").text


def test_a_rejection_needs_a_reason_and_keeps_the_story_private(
    client, member, moderator, submit_story
):
    story = submit_story(member)
    client.force_login(moderator)
    prefix = f"review-voice-story-{story.pk}"
    url = f"/moderation/review/voice.story/{story.pk}/"
    response = client.post(
        url, {f"{prefix}-decision": "reject", f"{prefix}-guideline": "none"}
    )
    assert response.status_code == 400
    assert "Give the author a reason" in response.text
    assert "No posts wait for approval" not in response.text
    story.refresh_from_db()
    assert story.state == StoryState.PENDING
    response = client.post(
        url,
        {
            f"{prefix}-decision": "reject",
            f"{prefix}-guideline": "none",
            f"{prefix}-reason": "It names a clinic's staff.",
        },
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.state == StoryState.REJECTED
    entry = AuditEntry.objects.get()
    assert entry.action == Action.REVIEW_REJECT
    assert entry.reason == "It names a clinic's staff."
    assert client.get(f"/stories/{story.pk}/").status_code == 404


def test_only_moderators_decide(client, member, other_member, submit_story):
    story = submit_story(member)
    with pytest.raises(PermissionDenied):
        story_decide(pk=story.pk, by=other_member, approve=True)
    with pytest.raises(PermissionDenied):
        review_decide(
            kind="voice.story", pk=story.pk, by=member, approve=True, reason=""
        )
    client.force_login(other_member)
    prefix = f"review-voice-story-{story.pk}"
    response = client.post(
        f"/moderation/review/voice.story/{story.pk}/",
        {f"{prefix}-decision": "approve", f"{prefix}-guideline": "none"},
    )
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.state == StoryState.PENDING
    assert not AuditEntry.objects.exists()


def test_a_second_decision_is_refused_and_writes_nothing(
    moderator, member, submit_story, publish
):
    story = publish(submit_story(member))
    with pytest.raises(NotFound):
        review_decide(
            kind="voice.story",
            pk=story.pk,
            by=moderator,
            approve=False,
            reason="Too late.",
        )
    assert AuditEntry.objects.count() == 1
    story.refresh_from_db()
    assert story.state == StoryState.PUBLISHED


def test_withdrawal_takes_the_story_down_at_once(client, member, submit_story, publish):
    story = publish(submit_story(member, title="A story I regret sharing"))
    client.force_login(member)
    response = client.post(f"/stories/{story.pk}/withdraw/")
    assert response.status_code == 302
    client.logout()
    assert client.get(f"/stories/{story.pk}/").status_code == 410
    assert "A story I regret sharing" not in client.get("/stories/").text
    assert "A story I regret sharing" not in client.get("/stories/feed/").text
    assert list(stories_visible()) == []
    story.refresh_from_db()
    assert (story.state, story.title, story.body, story.body_html) == (
        StoryState.WITHDRAWN,
        "",
        "",
        "",
    )


def test_a_story_can_be_withdrawn_while_it_waits(moderator, member, submit_story):
    story = story_withdraw(story=submit_story(member), by=member)
    assert story.state == StoryState.WITHDRAWN
    with pytest.raises(NotFound):
        story_decide(pk=story.pk, by=moderator, approve=True)


def test_only_the_author_withdraws(client, member, other_member, submit_story, publish):
    story = publish(submit_story(member))
    with pytest.raises(PermissionDenied):
        story_withdraw(story=story, by=other_member)
    client.force_login(other_member)
    assert client.post(f"/stories/{story.pk}/withdraw/").status_code == 404
    story.refresh_from_db()
    assert story.state == StoryState.PUBLISHED


def test_erasure_removes_every_story(member, submit_story, publish):
    publish(submit_story(member))
    submit_story(member, title="Still waiting")
    story_withdraw(story=submit_story(member, title="Withdrawn"), by=member)
    user_erase(user=member, by=member, keep_posts=True)
    assert not Story.objects.exists()


def test_export_gives_the_member_their_stories(member, submit_story):
    submit_story(member, title="Mine to take away")
    data = user_data_export(user=member, by=member)
    (story,) = data["voice"]["stories"]
    assert story["title"] == "Mine to take away"
    assert story["consent_version"] == STORY_CONSENT_VERSION


def test_hostile_markdown_renders_inert(client, member, submit_story, publish):
    story = publish(
        submit_story(member, body="<script>alert(1)</script> [x](javascript:alert(1))")
    )
    page = client.get(f"/stories/{story.pk}/").text
    assert "<script>alert(1)" not in page
    assert 'href="javascript:' not in page


def test_a_username_signature_shows_the_username(client, member, submit_story, publish):
    story = publish(submit_story(member, signature=StorySignature.USERNAME))
    assert member.username in client.get(f"/stories/{story.pk}/").text


def test_past_the_daily_limit_a_story_is_refused_and_its_text_kept(
    client, member, submit_story
):
    for number in range(5):
        submit_story(member, title=f"Story {number}")
    client.force_login(member)
    response = client.post(
        "/stories/new/",
        {
            "title": "One more",
            "body": "The sixth story today.",
            "areas": ["health"],
            "language": "en",
            "signature": "anonymous",
            "has_consented": "on",
            "send": "1",
        },
    )
    assert response.status_code == 400
    assert "stories a day" in response.text
    assert "The sixth story today." in response.text
    assert Story.objects.count() == 5
