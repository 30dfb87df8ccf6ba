// Live review queue (/moderation/) and approval queue (/moderation/approval/): new and
// changed cases and held posts appear without a reload. The socket carries ids only; each
// row is fetched as HTML from the server, which checks permission again. Without
// JavaScript the pages still work: reload to see new items.

import { LiveSocket } from "./live-socket.js";

const caseList = document.getElementById("case-list");
const approvalList = document.getElementById("approval-list");
const list = caseList || approvalList;
const status = document.getElementById("queue-status");
const alertRegion = document.getElementById("queue-alert");

function say(region, text) {
  if (region) {
    region.textContent = text;
  }
}

async function fetchRow(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) {
    return null;
  }
  const template = document.createElement("template");
  template.innerHTML = (await response.text()).trim();
  return template.content.firstElementChild;
}

function insertRow(row) {
  const existing = document.getElementById(row.id);
  if (existing) {
    if (existing.classList.contains("case-urgent") === row.classList.contains("case-urgent")) {
      existing.replaceWith(row);
      return;
    }
    // Its urgency changed: the row moves to where it now belongs.
    existing.remove();
  }
  document.getElementById("queue-empty")?.remove();
  // Urgent cases first, then oldest first: an urgent case goes after the last urgent one.
  if (row.classList.contains("case-urgent")) {
    const firstCalm = list.querySelector(".case-row:not(.case-urgent)");
    list.insertBefore(row, firstCalm);
  } else {
    list.append(row);
  }
}

async function handleApproval(event) {
  const known = document.getElementById(`approval-${event.approval.id}`);
  if (event.type === "approval.decided") {
    if (known) {
      known.remove();
      say(status, list.dataset.msgDecided);
    }
    return;
  }
  if (event.type !== "approval.queued" || known) {
    return;
  }
  const row = await fetchRow(event.approval.row_url);
  if (!row || document.getElementById(row.id)) {
    return;
  }
  document.getElementById("queue-empty")?.remove();
  // Oldest first: a newly held post goes last.
  list.append(row);
  row.classList.add("case-new");
  say(status, list.dataset.msgNew);
}

// Another app's item (a story, a testimony) decided by another moderator: its row goes.
function handleReview(event) {
  const known = document.getElementById(event.review.element);
  if (event.type === "review.decided" && known) {
    known.remove();
    say(status, list.dataset.msgDecided);
  }
}

async function handle(event) {
  if (approvalList) {
    if (event.approval) {
      await handleApproval(event);
    } else if (event.review) {
      handleReview(event);
    }
    return;
  }
  if (event.type !== "case.opened" && event.type !== "case.changed") {
    return;
  }
  const known = document.getElementById(`case-${event.case.id}`);
  // A case that just became urgent belongs at the top, even if this page did not list it.
  const becameUrgent = event.type === "case.changed" && event.case.became_urgent;
  if (event.type === "case.changed" && !known && !becameUrgent) {
    return;
  }
  if (event.case.state !== "open" && known) {
    known.remove();
    say(status, list.dataset.msgChanged);
    return;
  }
  const row = await fetchRow(event.case.row_url);
  if (!row) {
    return;
  }
  insertRow(row);
  row.classList.add("case-new");
  if (event.type === "case.opened") {
    say(status, list.dataset.msgNew);
  } else {
    say(status, list.dataset.msgChanged);
  }
  if ((event.type === "case.opened" && event.case.urgent) || becameUrgent) {
    say(alertRegion, list.dataset.msgUrgent);
  }
}

let wasConnected = false;

function receive(event) {
  if (event.type === "ready") {
    if (wasConnected) {
      // Queue events are not replayed: after a gap the page itself is the truth.
      window.location.reload();
      return;
    }
    wasConnected = true;
    list.dataset.connected = "1";
    say(status, list.dataset.msgLive);
    return;
  }
  handle(event);
}

if (list && list.dataset.live === "1") {
  new LiveSocket(list.dataset.socket, {
    onFrame: receive,
    onRetry: () => {
      list.dataset.connected = "0";
      say(status, list.dataset.msgOffline);
    },
    onStop: () => {
      list.dataset.connected = "0";
    },
  }).start();
}
