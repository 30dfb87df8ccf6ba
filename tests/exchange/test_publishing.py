import re

import pytest
from django.core.exceptions import ValidationError

from accounts.models import MembershipRole
from exchange.models import Practice, PracticeRevision
from exchange.services import (
    exchange_category,
    practice_archive,
    practice_create,
    practice_mark_reviewed,
    practice_publish,
    practice_update,
)
from forum.models import Category, PostStatus
from tests.exchange.factories import WRITE_UP
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

WRITE_UP_FORM = {**WRITE_UP, "tags": "women, young adults"}


@pytest.fixture
def draft(org_editor, organisation, write_up):
    return practice_create(organisation=organisation, by=org_editor, data=write_up)


def test_publishing_opens_a_discussion_thread_in_the_exchange_category(
    draft, org_editor, settings
):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    practice = practice_publish(practice=draft, by=org_editor)
    assert practice.is_published
    assert practice.published_at is not None
    assert practice.reviewed_on is not None
    thread = practice.thread
    assert thread.category.slug == "exchange"
    assert thread.title == draft.title
    assert sorted(thread.tags.names()) == ["women", "young adults"]
    first = thread.posts.get()
    assert first.status == PostStatus.PUBLISHED
    assert f"/exchange/{practice.slug}/" in first.body_html


def test_publishing_twice_changes_nothing(draft, org_editor):
    first = practice_publish(practice=draft, by=org_editor)
    second = practice_publish(practice=first, by=org_editor)
    assert second.thread_id == first.thread_id
    assert second.published_at == first.published_at
    assert Category.objects.filter(slug="exchange").count() == 1
    assert exchange_category().threads.count() == 1


def test_a_new_editors_discussion_waits_for_approval(draft, org_editor, client):
    # The forum's rule for a member's first posts applies to the opening post too.
    practice = practice_publish(practice=draft, by=org_editor)
    assert practice.thread.posts.get().status == PostStatus.PENDING
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "The discussion opens once a moderator has approved its first post." in html


def test_archive_hides_from_list_and_feed_but_keeps_the_page(draft, org_editor, client):
    practice = practice_publish(practice=draft, by=org_editor)
    assert draft.title in client.get("/exchange/").content.decode()
    practice = practice_archive(practice=practice, by=org_editor)
    assert practice.is_archived
    assert draft.title not in client.get("/exchange/").content.decode()
    assert draft.title not in client.get("/exchange/feed/").content.decode()
    response = client.get(practice.get_absolute_url())
    assert response.status_code == 200
    assert "archived" in response.content.decode()
    restored = practice_publish(practice=practice, by=org_editor)
    assert restored.is_published
    assert restored.thread_id == practice.thread_id
    assert draft.title in client.get("/exchange/").content.decode()


def test_a_draft_cannot_be_archived(draft, org_editor):
    with pytest.raises(ValidationError):
        practice_archive(practice=draft, by=org_editor)


def test_publish_and_archive_through_the_pages(draft, org_editor, client):
    client.force_login(org_editor)
    response = client.post(f"/exchange/{draft.slug}/publish/")
    assert response.status_code == 302
    assert Practice.objects.get(pk=draft.pk).is_published
    client.post(f"/exchange/{draft.slug}/archive/")
    assert Practice.objects.get(pk=draft.pk).is_archived


def test_other_editor_gets_403_on_publish(draft, other_editor, client):
    client.force_login(other_editor)
    # A draft of another organisation does not exist for them.
    assert client.post(f"/exchange/{draft.slug}/publish/").status_code == 404
    Practice.objects.filter(pk=draft.pk).update(
        status="archived", published_at=draft.created_at
    )
    assert client.post(f"/exchange/{draft.slug}/publish/").status_code == 403
    assert Practice.objects.get(pk=draft.pk).is_archived


def test_mark_reviewed_sets_today(draft, org_editor):
    Practice.objects.filter(pk=draft.pk).update(reviewed_on=None)
    practice = practice_mark_reviewed(practice=draft, by=org_editor)
    assert practice.reviewed_on is not None


def test_edit_keeps_the_previous_version_as_a_revision(draft, org_editor, write_up):
    changed = {
        **write_up,
        "title": "Bakery and café apprenticeships",
        "areas": ["employment"],
    }
    practice = practice_update(
        practice=draft, by=org_editor, data=changed, expected_version=1
    )
    assert practice.version == 2
    assert practice.title == "Bakery and café apprenticeships"
    assert practice.facet_values("area") == ["employment"]
    revision = practice.revisions.get()
    assert revision.version == 1
    assert revision.content["title"] == "Bakery apprenticeships"
    assert revision.content["areas"] == ["education", "employment"]
    assert revision.changed_fields == ["title", "areas"]
    assert revision.edited_by == org_editor


def test_saving_unchanged_content_makes_no_revision(draft, org_editor, write_up):
    practice = practice_update(
        practice=draft, by=org_editor, data=write_up, expected_version=1
    )
    assert practice.version == 1
    assert not practice.revisions.exists()


def test_a_stale_edit_is_refused_and_the_text_is_kept(
    draft, org_editor, write_up, client
):
    practice_update(
        practice=draft, by=org_editor, data={**write_up, "summary": "First edit."},
        expected_version=1,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        practice_update(
            practice=draft, by=org_editor, data={**write_up, "summary": "Second."},
            expected_version=1,
        )  # fmt: skip
    client.force_login(org_editor)
    data = {
        **write_up,
        "tags": "women",
        "summary": "My stale edit",
        "expected_version": 1,
    }
    response = client.post(f"/exchange/{draft.slug}/edit/", data)
    assert response.status_code == 409
    assert "My stale edit" in response.content.decode()
    assert Practice.objects.get(pk=draft.pk).summary == "First edit."


def test_history_page_lists_revisions_for_editors(draft, org_editor, write_up, client):
    practice_update(
        practice=draft, by=org_editor, data={**write_up, "summary": "Shorter."},
        expected_version=1,
    )  # fmt: skip
    client.force_login(org_editor)
    html = client.get(f"/exchange/{draft.slug}/history/").content.decode()
    assert "editor_one" in html and "<td>Summary</td>" in html


def test_invalid_form_is_rerendered_with_what_was_typed(org_editor, client, write_up):
    client.force_login(org_editor)
    data = {**write_up, "tags": "a, b, c, d, e, f", "title": "Kept <b>title</b>"}
    data["summary"] = "x" * 301
    response = client.post("/exchange/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Kept &lt;b&gt;title&lt;/b&gt;" in html
    assert "at most 5 tags" in html
    assert not Practice.objects.exists()


def test_hostile_markdown_is_rendered_harmless(org_editor, organisation, write_up):
    data = {
        **write_up,
        "approach": "<script>alert(1)</script> [x](javascript:alert(1))",
    }
    practice = practice_create(organisation=organisation, by=org_editor, data=data)
    assert "<script" not in practice.approach_html
    assert 'href="javascript' not in practice.approach_html


def test_create_page_saves_a_draft_and_shows_its_preview(org_editor, client, write_up):
    client.force_login(org_editor)
    data = {
        **write_up,
        "tags": "women, young adults",
        "organisation": org_editor.memberships.get().organisation_id,
    }
    response = client.post("/exchange/new/", data, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview of a draft" in html
    assert "<strong>bake</strong>" in html


def test_edit_page_starts_from_the_current_content(draft, org_editor, client):
    client.force_login(org_editor)
    response = client.get(f"/exchange/{draft.slug}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Bakery apprenticeships"' in html
    assert 'value="employment"' in html and "checked" in html
    assert 'value="women, young adults"' in html
    assert 'name="expected_version" value="1"' in html
    data = {
        **WRITE_UP_FORM,
        "summary": "Edited through the page.",
        "expected_version": 1,
    }
    response = client.post(f"/exchange/{draft.slug}/edit/", data)
    assert response.status_code == 302
    practice = Practice.objects.get(pk=draft.pk)
    assert (practice.summary, practice.version) == ("Edited through the page.", 2)


def test_after_a_conflict_the_form_shows_the_saved_text_and_saves_next_time(
    draft, org_editor, write_up, client
):
    practice_update(
        practice=draft, by=org_editor,
        data={**write_up, "summary": "Saved by a colleague.", "readiness": "pilot"},
        expected_version=1,
    )  # fmt: skip
    client.force_login(org_editor)
    typed = {
        **WRITE_UP_FORM,
        "summary": "My summary",
        "outcomes": "My outcomes",
        "expected_version": 1,
    }
    response = client.post(f"/exchange/{draft.slug}/edit/", typed)
    assert response.status_code == 409
    html = response.content.decode()
    # What was typed stays in the form, now based on the current version...
    assert ">\nMy summary</textarea>" in html and ">\nMy outcomes</textarea>" in html
    assert 'name="expected_version" value="2"' in html
    # ...next to the saved text of the fields changed meanwhile (not the others).
    panel = html[html.index('class="card conflict-panel"') :]
    panel = panel[: panel.index("</section>")]
    assert "Summary" in panel and "Saved by a colleague." in panel
    assert "Transferability / readiness" in panel and "Pilot" in panel
    assert "Outcomes" not in panel
    typed["expected_version"] = re.search(
        r'name="expected_version" value="(\d+)"', html
    ).group(1)
    response = client.post(f"/exchange/{draft.slug}/edit/", typed)
    assert response.status_code == 302
    practice = Practice.objects.get(pk=draft.pk)
    assert (practice.summary, practice.outcomes, practice.version) == (
        "My summary", "My outcomes", 3
    )  # fmt: skip


def test_history_names_fields_by_their_labels_and_shows_old_versions(
    draft, org_editor, write_up, client
):
    practice_update(
        practice=draft, by=org_editor,
        data={**write_up, "target_group": "Everyone", "evidence_level": "randomised"},
        expected_version=1,
    )  # fmt: skip
    client.force_login(org_editor)
    html = client.get(f"/exchange/{draft.slug}/history/").content.decode()
    assert "<td>Target group, Evaluation / evidence level</td>" in html
    assert "target_group" not in html and "evidence_level" not in html
    link = f'href="/exchange/{draft.slug}/history/1/"'
    assert link in html
    response = client.get(f"/exchange/{draft.slug}/history/1/")
    assert response.status_code == 200
    html = response.content.decode()
    # What version 1 said, changed fields marked.
    assert "Residents in the last phase of treatment" in html
    assert "Before/after measurement" in html
    assert "Residents **bake** three mornings a week." in html
    assert html.count(">changed</span>") == 2


def test_old_versions_are_for_editors_and_must_exist(
    draft, org_editor, other_editor, write_up, client
):
    practice_update(
        practice=draft, by=org_editor, data={**write_up, "summary": "New."},
        expected_version=1,
    )  # fmt: skip
    client.force_login(org_editor)
    assert client.get(f"/exchange/{draft.slug}/history/2/").status_code == 404
    Practice.objects.filter(pk=draft.pk).update(
        status="published", published_at=draft.created_at
    )
    client.force_login(other_editor)
    assert client.get(f"/exchange/{draft.slug}/history/1/").status_code == 403


def test_editing_a_published_write_up_keeps_its_thread_title_and_tags_in_step(
    draft, org_editor, write_up
):
    practice = practice_publish(practice=draft, by=org_editor)
    old_url = practice.thread.get_absolute_url()
    practice_update(
        practice=practice, by=org_editor,
        data={**write_up, "title": "Café apprenticeships", "tags": ["women", "cafés"]},
        expected_version=1,
    )  # fmt: skip
    thread = Practice.objects.get(pk=draft.pk).thread
    assert thread.title == "Café apprenticeships"
    assert sorted(thread.tags.names()) == ["cafés", "women"]
    assert thread.get_absolute_url() != old_url
    # An edit of other fields leaves the thread alone.
    practice_update(
        practice=practice, by=org_editor,
        data={**write_up, "title": "Café apprenticeships", "tags": ["women", "cafés"],
              "summary": "Changed."},
        expected_version=2,
    )  # fmt: skip
    thread.refresh_from_db()
    assert thread.title == "Café apprenticeships"


def test_an_editor_who_did_not_open_the_discussion_can_retitle_it(
    draft, org_editor, organisation, write_up
):
    colleague = UserFactory(username="editor_colleague")
    MembershipFactory(
        user=colleague, organisation=organisation, role=MembershipRole.EDITOR
    )
    practice = practice_publish(practice=draft, by=org_editor)
    practice_update(
        practice=practice, by=colleague, data={**write_up, "tags": ["prison"]},
        expected_version=1,
    )  # fmt: skip
    assert list(Practice.objects.get(pk=draft.pk).thread.tags.names()) == ["prison"]


def test_history_shows_a_field_the_form_no_longer_has_by_its_stored_name(
    draft, org_editor, client
):
    PracticeRevision.objects.create(
        practice=draft, version=1, content={"funding": "EU grant"},
        changed_fields=["funding"], edited_by=org_editor,
    )  # fmt: skip
    client.force_login(org_editor)
    response = client.get(f"/exchange/{draft.slug}/history/")
    assert response.status_code == 200
    assert "<td>funding</td>" in response.content.decode()
