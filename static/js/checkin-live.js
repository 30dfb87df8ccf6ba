// A private check-in page: new messages appear without a reload. /ws/me/ only says
// that a message arrived (ids); the page fetches it over HTTP, where access is checked.
// Without this script the messages appear on the next page load.

import { LiveSocket } from "./live-socket.js";

const list = document.getElementById("checkin-messages");

function lastId() {
  const items = list.querySelectorAll("[data-message-id]");
  return items.length ? Number(items[items.length - 1].dataset.messageId) : 0;
}

let syncing = false;
async function sync() {
  if (syncing) return;
  syncing = true;
  try {
    const url = `${list.dataset.messagesUrl}?after=${lastId()}`;
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) return;
    const html = (await response.text()).trim();
    if (!html) return;
    const template = document.createElement("template");
    template.innerHTML = html;
    for (const item of template.content.querySelectorAll("[data-message-id]")) {
      if (!document.getElementById(item.id)) list.append(item);
    }
  } finally {
    syncing = false;
  }
}

if (list && "WebSocket" in window) {
  const checkin = Number(list.dataset.checkin);
  new LiveSocket("/ws/me/", {
    isReady: (frame) => frame.type === "notifications",
    onFrame: (frame) => {
      // The first frame after (re)connecting: fetch anything missed meanwhile.
      if (frame.type === "notifications" || (frame.type === "checkin" && frame.checkin === checkin)) {
        sync();
      }
    },
  }).start();
}
