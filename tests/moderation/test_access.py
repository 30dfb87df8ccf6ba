import pytest
from django.urls import reverse

from moderation.models import Appeal, ApprovalItem, Case, Statement, WatchedWord
from moderation.services import audit_record, case_open_automatic
from tests.moderation.conftest import closed_with, receive_json


@pytest.fixture
def moderation_urls(post, author, moderator):
    """Every moderators-only URL, with real objects behind the ids."""
    case = case_open_automatic(post=post, note="watched word")
    item = ApprovalItem.objects.create(post=post, reasons=["first_posts"])
    entry = audit_record(
        actor=moderator, action="post.hide", target=post, reason="r", guideline="none"
    )
    appeal = Appeal.objects.create(
        statement=Statement.objects.get(audit_entry=entry), text="t"
    )
    word = WatchedWord.objects.create(word="deal", action="hold")
    return [
        ("get", reverse("moderation:queue")),
        ("get", reverse("moderation:case", args=[case.pk])),
        ("get", reverse("moderation:case_row", args=[case.pk])),
        ("post", reverse("moderation:case_claim", args=[case.pk])),
        ("post", reverse("moderation:case_note", args=[case.pk])),
        ("post", reverse("moderation:case_act", args=[case.pk])),
        ("post", reverse("moderation:case_sanction", args=[case.pk])),
        ("get", reverse("moderation:member", args=[author.username])),
        ("post", reverse("moderation:member", args=[author.username])),
        ("get", reverse("moderation:slow_mode", args=[post.thread_id])),
        ("post", reverse("moderation:slow_mode", args=[post.thread_id])),
        ("get", reverse("moderation:approval")),
        ("post", reverse("moderation:approval_decide", args=[item.pk])),
        ("get", reverse("moderation:words")),
        ("post", reverse("moderation:words")),
        ("post", reverse("moderation:word_delete", args=[word.pk])),
        ("get", reverse("moderation:appeals")),
        ("post", reverse("moderation:appeal_decide", args=[appeal.pk])),
        ("get", reverse("moderation:log")),
        ("get", reverse("moderation:stats")),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "member", "org_editor"])
def test_every_moderation_url_is_refused_to_non_moderators(
    client, request, who, moderation_urls
):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for method, url in moderation_urls:
        response = getattr(client, method)(url, {"reason": "x", "action": "hide"})
        assert response.status_code == 403, (method, url, response.status_code)
    assert Case.objects.get().state == "open"
    assert WatchedWord.objects.count() == 1


@pytest.mark.django_db
def test_every_moderation_url_opens_for_a_moderator(client, moderator, moderation_urls):
    client.force_login(moderator)
    for method, url in moderation_urls:
        if method == "get":
            assert client.get(url).status_code == 200, url


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who", ["anonymous", "member", "org_editor"])
async def test_the_queue_socket_refuses_non_moderators_with_4403(
    queue_socket, request, who
):
    from channels.db import database_sync_to_async

    user = None
    if who != "anonymous":
        user = await database_sync_to_async(request.getfixturevalue)(who)
    socket = await queue_socket(user=user)
    assert await closed_with(socket) == 4403


@pytest.mark.django_db(transaction=True)
async def test_the_queue_socket_accepts_a_moderator(queue_socket, moderator):
    socket = await queue_socket(user=moderator)
    assert await receive_json(socket) == {"type": "ready"}
