"""The only module that wakes moderators' live queues (/ws/moderation/).

Queue events carry ids and state, never post text: the page fetches the case's row as
HTML (one render path, with the viewer's permission checked). They are sent after commit
with `on_commit(robust=True)`, so a broken channel layer never fails a request; the
queue page itself is the source of truth when a moderator reloads.
"""

from typing import Any

from django.urls import reverse

from core.live import MODERATION_QUEUE_GROUP, publish_on_commit
from moderation.models import ApprovalItem, Case


def _queue_publish(event: dict[str, Any]) -> None:
    publish_on_commit(MODERATION_QUEUE_GROUP, {"type": "queue.event", "event": event})


def _case(case: Case, *, became_urgent: bool = False) -> dict[str, Any]:
    return {
        "id": case.pk,
        "state": case.state,
        "urgent": case.is_urgent,
        "became_urgent": became_urgent,
        "flags": case.flag_count,
        "row_url": reverse("moderation:case_row", kwargs={"pk": case.pk}),
    }


def case_opened(case: Case) -> None:
    """A new case, or a closed one reopened by a new flag."""
    _queue_publish({"type": "case.opened", "case": _case(case)})


def case_changed(case: Case, *, became_urgent: bool = False) -> None:
    """More flags, a claim, a note or a decision on an open case.

    `became_urgent`: a harm flag has just made the open case urgent, so moderators are
    alerted and it moves to the top, as a new urgent case would.
    """
    _queue_publish(
        {"type": "case.changed", "case": _case(case, became_urgent=became_urgent)}
    )


def _approval(item: ApprovalItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "post": item.post_id,
        "state": item.state,
        "row_url": reverse("moderation:approval_row", kwargs={"pk": item.pk}),
    }


def approval_queued(item: ApprovalItem) -> None:
    """A post was held for approval."""
    _queue_publish({"type": "approval.queued", "approval": _approval(item)})


def approval_decided(item: ApprovalItem) -> None:
    """A held post was approved or rejected."""
    _queue_publish({"type": "approval.decided", "approval": _approval(item)})


def review_element_id(kind: str, pk: int) -> str:
    """The HTML id of a reviewable item's row in the approval queue."""
    return "review-" + kind.replace(".", "-") + f"-{pk}"


def review_decided(*, kind: str, pk: int) -> None:
    """Another app's item (core.review) was approved or rejected."""
    _queue_publish(
        {
            "type": "review.decided",
            "review": {"kind": kind, "id": pk, "element": review_element_id(kind, pk)},
        }
    )
