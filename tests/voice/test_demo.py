import pytest
from django.core.management import call_command

from accounts.models import User
from voice.models import Endorsement, Statement

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_a_statement_in_each_state_once(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    assert sorted(Statement.objects.values_list("status", flat=True)) == sorted(
        ["draft", "consultation", "endorsement", "published", "withdrawn"]
    )
    published = Statement.objects.get(status="published")
    assert Endorsement.objects.filter(statement=published).count() == 4
    assert published.testimonies.filter(is_chosen=True).count() == 1
    consultation = Statement.objects.get(status="consultation")
    assert all(p.thread_id for p in consultation.paragraphs.all())


@pytest.mark.parametrize("who", [None, "demo_admin", "demo_editor", "demo_member"])
def test_every_statement_page_renders_for_each_role(client, settings, who):
    settings.DEBUG = True
    call_command("seed_demo")
    if who:
        client.force_login(User.objects.get(username=who))
    assert client.get("/voice/").status_code == 200
    for statement in Statement.objects.all():
        url = statement.get_absolute_url()
        visible = client.get(url).status_code
        assert visible in (200, 404)
        if visible == 404:
            continue
        paragraph = statement.paragraphs.first()
        for path in [
            f"{url}history/?a=1&b=1",
            f"{url}p/{paragraph.key}/",
            f"{url}endorse/" if who else f"{url}history/",
            f"{url}edit/" if who == "demo_admin" else f"{url}history/",
        ]:
            assert client.get(path).status_code == 200, path
    assert client.get("/voice/feed/").status_code == 200


def test_seed_demo_leaves_a_testimony_and_a_story_waiting_for_review(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    consultation = Statement.objects.get(status="consultation")
    assert consultation.testimonies.filter(status="pending").count() == 1
    client.force_login(User.objects.get(username="demo_moderator"))
    page = client.get("/moderation/approval/").content.decode()
    assert "A record from twenty years ago" in page
    assert "Back in the classroom" in page
