// One live connection to a /ws/ endpoint, shared by the page scripts (thread-live.js,
// me-live.js, moderation-queue.js). Protocol and close codes: docs/realtime.md.
//
// It reconnects after every close except 4403 and 4404 (the socket is not for this
// viewer: retrying cannot help), with exponential backoff and full jitter, resumes with
// `?after=` when the caller gives the last seq it saw, and tries again at once when the
// tab becomes visible or the network comes back.

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 30000;
const STOP_CODES = new Set([4403, 4404]);

// Full jitter: anywhere from 0 to the exponential ceiling, so that the pages a restarted
// server dropped at the same instant do not all come back at the same instant.
export function backoffDelay(attempt, random = Math.random) {
  return random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
}

export class LiveSocket {
  // `after()` returns the last seq seen (thread sockets only). `isReady(frame)` tells
  // the frame that proves the server subscribed the socket: the backoff restarts only
  // then, not on open, because during an outage sockets open and are closed with 4503.
  constructor(
    path,
    {
      onFrame,
      after = null,
      isReady = (frame) => frame.type === "ready",
      onRetry = () => {},
      onStop = () => {},
    },
  ) {
    this.path = path;
    this.after = after;
    this.isReady = isReady;
    this.onFrame = onFrame;
    this.onRetry = onRetry;
    this.onStop = onStop;
    this.socket = null;
    this.attempt = 0;
    this.retryTimer = null;
    this.stopped = false;
  }

  get isOpen() {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  url() {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const url = new URL(this.path, `${scheme}://${window.location.host}`);
    if (this.after) {
      url.searchParams.set("after", String(this.after()));
    }
    return url.href;
  }

  start() {
    // After sleep or a network change, try at once instead of waiting for the backoff.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") {
        this.wake();
      }
    });
    window.addEventListener("online", () => this.wake());
    this.connect();
  }

  connect() {
    window.clearTimeout(this.retryTimer);
    if (this.stopped || (this.socket && this.socket.readyState <= WebSocket.OPEN)) {
      return;
    }
    const socket = new WebSocket(this.url());
    this.socket = socket;
    // A socket replaced by reconnectNow() or stop() may still deliver: it is ignored.
    socket.addEventListener("message", (message) => {
      if (socket !== this.socket) {
        return;
      }
      let frame;
      try {
        frame = JSON.parse(message.data);
      } catch {
        return;
      }
      if (this.isReady(frame)) {
        this.attempt = 0;
      }
      this.onFrame(frame);
    });
    socket.addEventListener("close", (event) => {
      if (socket === this.socket) {
        this.closed(event.code);
      }
    });
  }

  closed(code) {
    this.socket = null;
    if (STOP_CODES.has(code)) {
      this.stop();
      this.onStop(code);
      return;
    }
    this.onRetry(code);
    if (this.stopped) {
      return;
    }
    this.retryTimer = window.setTimeout(() => this.connect(), backoffDelay(this.attempt));
    this.attempt += 1;
  }

  wake() {
    if (!this.socket && !this.stopped) {
      this.reconnectNow();
    }
  }

  // A gap in the seqs: drop this socket and ask at once for everything after `after()`.
  reconnectNow() {
    this.drop();
    this.attempt = 0;
    this.connect();
  }

  stop() {
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    this.drop();
  }

  drop() {
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }

  send(frame) {
    if (!this.isOpen) {
      return false;
    }
    this.socket.send(JSON.stringify(frame));
    return true;
  }
}
