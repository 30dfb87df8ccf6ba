// The signed-in member's live connection (/ws/me/): keeps the header's unread
// notification count current. Without this script the count updates on the next page.

const badge = document.querySelector("[data-unread-count]");
const wrapper = document.getElementById("unread-count");
const MAX_BACKOFF = 60000;
let attempt = 0;

function show(unread) {
  badge.textContent = String(unread);
  wrapper.hidden = unread === 0;
}

function connect() {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${window.location.host}/ws/me/`);
  socket.addEventListener("open", () => {
    attempt = 0;
  });
  socket.addEventListener("message", (message) => {
    const frame = JSON.parse(message.data);
    if (frame.type === "notifications" && Number.isInteger(frame.unread)) {
      show(frame.unread);
    }
  });
  socket.addEventListener("close", (event) => {
    // 4403: signed out, suspended or erased; the next page load says why.
    if (event.code === 4403) {
      return;
    }
    const ceiling = Math.min(MAX_BACKOFF, 1000 * 2 ** attempt);
    attempt += 1;
    window.setTimeout(connect, ceiling / 2 + Math.random() * (ceiling / 2));
  });
}

if (badge && wrapper && "WebSocket" in window) {
  connect();
}
