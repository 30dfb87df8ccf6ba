import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from exchange.models import ImplementationExperience
from exchange.selectors import practice_experiences
from exchange.services import experience_create, practice_create, practice_publish
from forum.models import PostStatus
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

EXPERIENCE = {
    "country": "ES",
    "period": "2024–2025",
    "adapted": "We used a *kitchen* instead of a bakery.",
    "results": "Six of eight found work.",
    "recommendation": "with_changes",
}


@pytest.fixture
def published(org_editor, organisation, write_up, settings):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 0
    practice = practice_create(organisation=organisation, by=org_editor, data=write_up)
    return practice_publish(practice=practice, by=org_editor)


def test_member_of_another_organisation_reports_an_implementation(
    published, other_org_member, other_organisation
):
    experience = experience_create(
        practice=published, by=other_org_member, organisation=other_organisation,
        idempotency_key="k1", **EXPERIENCE,
    )  # fmt: skip
    assert experience.post.thread_id == published.thread_id
    assert experience.post.status == PostStatus.PUBLISHED
    assert "Implementation experience" in experience.post.body_html
    assert "<em>kitchen</em>" in experience.adapted_html
    table = practice_experiences(practice=published)
    assert table.rows == [experience]
    assert (table.country_count, table.organisation_count) == (1, 1)


def test_double_submit_makes_one_experience(
    published, other_org_member, other_organisation
):
    for _ in range(2):
        experience_create(
            practice=published, by=other_org_member, organisation=other_organisation,
            idempotency_key="same-key", **EXPERIENCE,
        )  # fmt: skip
    assert ImplementationExperience.objects.count() == 1


def test_the_owning_organisation_cannot_report_its_own_programme(
    published, org_editor, organisation
):
    with pytest.raises(PermissionDenied):
        experience_create(
            practice=published, by=org_editor, organisation=organisation, **EXPERIENCE
        )


def test_nobody_reports_for_an_organisation_they_do_not_belong_to(
    published, member, other_organisation
):
    with pytest.raises(PermissionDenied):
        experience_create(
            practice=published, by=member, organisation=other_organisation, **EXPERIENCE
        )
    assert not ImplementationExperience.objects.exists()


def test_a_draft_takes_no_experiences(
    org_editor, organisation, write_up, other_org_member, other_organisation
):
    draft = practice_create(organisation=organisation, by=org_editor, data=write_up)
    with pytest.raises(ValidationError):
        experience_create(
            practice=draft,
            by=other_org_member,
            organisation=other_organisation,
            **EXPERIENCE,
        )


def test_an_experience_waiting_for_approval_is_not_listed(
    published, other_org_member, other_organisation, settings, client
):
    settings.FIRST_POSTS_NEEDING_APPROVAL = 2
    experience = experience_create(
        practice=published, by=other_org_member, organisation=other_organisation,
        **EXPERIENCE,
    )  # fmt: skip
    assert experience.post.status == PostStatus.PENDING
    assert practice_experiences(practice=published).rows == []
    html = client.get(published.get_absolute_url()).content.decode()
    assert "Six of eight" not in html


def test_summary_counts_countries_and_organisations(published, settings):
    rows = []
    for index, country in enumerate(["ES", "PT", "ES", "IE"]):
        organisation = OrganisationFactory()
        user = MembershipFactory(organisation=organisation).user
        rows.append(
            experience_create(
                practice=published, by=user, organisation=organisation,
                **{**EXPERIENCE, "country": country, "period": f"{2020 + index}"},
            )
        )  # fmt: skip
    table = practice_experiences(practice=published)
    assert (table.country_count, table.organisation_count) == (3, 4)


def test_experience_form_posts_and_lists_in_the_table(
    published, other_org_member, other_organisation, client
):
    client.force_login(other_org_member)
    html = client.get(published.get_absolute_url()).content.decode()
    assert "We implemented this" in html
    data = {
        **EXPERIENCE,
        "organisation": other_organisation.pk,
        "idempotency_key": "abc",
    }
    response = client.post(f"/exchange/{published.slug}/experience/", data)
    assert response.status_code == 302
    html = client.get(published.get_absolute_url()).content.decode()
    assert "Implemented in 1 country" in html
    assert "by 1 organisation" in html
    assert "Six of eight found work." in html
    assert "With changes" in html


def test_invalid_experience_is_rerendered_as_typed(
    published, other_org_member, other_organisation, client
):
    client.force_login(other_org_member)
    data = {**EXPERIENCE, "organisation": other_organisation.pk, "country": "XX",
            "results": "Kept results text"}  # fmt: skip
    response = client.post(f"/exchange/{published.slug}/experience/", data)
    assert response.status_code == 400
    assert "Kept results text" in response.content.decode()
    assert not ImplementationExperience.objects.exists()


def test_owning_organisation_sees_no_experience_form(published, org_editor, client):
    client.force_login(org_editor)
    html = client.get(published.get_absolute_url()).content.decode()
    assert "We implemented this" not in html


def test_write_up_page_shows_the_discussion_with_the_thread_hooks(
    published, other_org_member, client
):
    client.force_login(other_org_member)
    html = client.get(published.get_absolute_url()).content.decode()
    assert (
        f'<ol id="posts" class="posts" data-thread-id="{published.thread_id}"' in html
    )
    assert 'data-viewer="implementer"' in html
    assert 'data-accepts-replies="1"' in html
    assert 'id="live-status"' in html and 'aria-live="polite"' in html
    assert f'action="/t/{published.thread_id}/reply/"' in html
    assert "js/thread-live.js" in html
    assert "css/live.css" in html
    post = published.thread.posts.get()
    assert f'id="post-{post.pk}"' in html


def test_write_up_discussion_loads_the_javascript_catalogue_before_its_live_script(
    published, client
):
    # thread-live.js reads gettext from the catalogue as it loads; without it the live
    # strings stay in English whatever the page's language.
    html = client.get(published.get_absolute_url()).content.decode()
    assert '<script src="/jsi18n/"></script>' in html
    assert html.index('src="/jsi18n/"') < html.index("js/thread-live.js")


def test_a_refused_experience_keeps_what_was_typed(
    published, other_org_member, other_organisation, client, settings
):
    settings.FORUM_REPLIES_PER_MINUTE = 0
    client.force_login(other_org_member)
    data = {**EXPERIENCE, "organisation": other_organisation.pk,
            "results": "Typed before the limit"}  # fmt: skip
    response = client.post(f"/exchange/{published.slug}/experience/", data)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Typed before the limit" in html
    assert "replies a minute" in html or "reply a minute" in html
    assert not ImplementationExperience.objects.exists()
