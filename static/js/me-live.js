// The signed-in member's live connection (/ws/me/): keeps the header's unread
// notification count current. Without this script the count updates on the next page.

import { LiveSocket } from "./live-socket.js";

const badge = document.querySelector("[data-unread-count]");
const wrapper = document.getElementById("unread-count");

function show(unread) {
  // The server counts to 100 at most (accounts.selectors.UNREAD_COUNT_LIMIT).
  badge.textContent = unread > 99 ? "99+" : String(unread);
  wrapper.hidden = unread === 0;
}

if (badge && wrapper && "WebSocket" in window) {
  // 4403 (signed out, suspended or erased) stops it; the next page load says why.
  new LiveSocket("/ws/me/", {
    // The count is sent once the server subscribed the socket: /ws/me/'s "ready".
    isReady: (frame) => frame.type === "notifications",
    onFrame: (frame) => {
      if (frame.type === "notifications" && Number.isInteger(frame.unread)) {
        show(frame.unread);
      }
    },
  }).start();
}
