// Live thread: replies, edits, hidden posts and lock changes appear without a reload.
// Protocol: docs/realtime.md. Without this script the page works as a plain page.
//
// The server sends each change once with a per-thread `seq`; this script drops seqs it
// has seen, reconnects with `?after=<last seq>` after a gap or a lost connection, and
// reloads on `resync`. Per-viewer controls come from the page's data attributes.

const list = document.getElementById("posts");
const status = document.getElementById("live-status");

const gettext = window.gettext ?? ((text) => text);
const ngettext = window.ngettext ?? ((one, many, count) => (count === 1 ? one : many));
const interpolate = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => String(values[key]));

const TYPING_SEND_INTERVAL = 3000;
const TYPING_SHOWN_FOR = 6000;
const ANNOUNCE_DELAY = 150;
const MAX_BACKOFF = 30000;
const SHOW_TYPING_KEY = "live.showTyping";

class LiveThread {
  constructor(element) {
    this.list = element;
    this.threadId = element.dataset.threadId;
    this.lastSeq = Number(element.dataset.lastSeq || 0);
    this.viewer = element.dataset.viewer || "";
    this.canModerate = element.dataset.canModerate === "1";
    this.acceptsReplies = element.dataset.acceptsReplies === "1";
    this.onLastPage = element.dataset.lastPage !== "0";
    this.socket = null;
    this.attempt = 0;
    this.retryTimer = null;
    this.stopped = false;
    this.unseen = [];
    this.created = 0;
    this.announceTimer = null;
    this.typingTimer = null;
    this.lastTypingSent = 0;
    this.buildControls();
  }

  // Page furniture that only makes sense with the script running.
  buildControls() {
    this.presence = document.createElement("p");
    this.presence.className = "live-presence muted";
    this.list.before(this.presence);

    this.typing = document.createElement("p");
    this.typing.className = "live-typing muted";
    this.list.after(this.typing);

    this.newReplies = document.createElement("button");
    this.newReplies.type = "button";
    this.newReplies.className = "live-new-replies";
    this.newReplies.hidden = true;
    this.newReplies.addEventListener("click", () => this.showUnseen());
    document.body.append(this.newReplies);
    window.addEventListener("scroll", () => this.markSeen(), { passive: true });

    const label = document.createElement("label");
    label.className = "checkbox-label live-typing-switch";
    this.showTyping = document.createElement("input");
    this.showTyping.type = "checkbox";
    this.showTyping.checked = window.localStorage.getItem(SHOW_TYPING_KEY) !== "0";
    this.showTyping.addEventListener("change", () => {
      window.localStorage.setItem(SHOW_TYPING_KEY, this.showTyping.checked ? "1" : "0");
      if (!this.showTyping.checked) {
        this.typing.textContent = "";
      }
    });
    label.append(this.showTyping, gettext("Show when others are typing"));
    this.typing.after(label);

    const textarea = document.querySelector(".reply-form textarea[name=body]");
    if (textarea && this.viewer) {
      textarea.addEventListener("input", () => this.sendTyping());
    }
  }

  url() {
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    return `${scheme}://${window.location.host}/ws/t/${this.threadId}/?after=${this.lastSeq}`;
  }

  connect() {
    window.clearTimeout(this.retryTimer);
    if (this.stopped || (this.socket && this.socket.readyState <= WebSocket.OPEN)) {
      return;
    }
    const socket = new WebSocket(this.url());
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.attempt = 0;
    });
    socket.addEventListener("message", (message) => {
      if (socket === this.socket) {
        this.receive(JSON.parse(message.data));
      }
    });
    socket.addEventListener("close", (event) => {
      if (socket === this.socket) {
        this.closed(event.code);
      }
    });
  }

  closed(code) {
    this.socket = null;
    this.presence.textContent = "";
    if (code === 4403 || code === 4404) {
      this.stop(gettext("Live updates stopped: you can no longer read this thread here."));
      return;
    }
    if (this.stopped) {
      return;
    }
    // Exponential backoff with full jitter, so that a restarted server is not hit by
    // every page at the same instant.
    const ceiling = Math.min(MAX_BACKOFF, 500 * 2 ** this.attempt);
    this.attempt += 1;
    this.retryTimer = window.setTimeout(() => this.connect(), ceiling / 2 + Math.random() * (ceiling / 2));
  }

  reconnectNow() {
    if (this.socket) {
      const socket = this.socket;
      this.socket = null;
      socket.close();
    }
    this.attempt = 0;
    this.connect();
  }

  stop(text) {
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    if (this.socket) {
      const socket = this.socket;
      this.socket = null;
      socket.close();
    }
    this.say(text);
  }

  receive(frame) {
    switch (frame.type) {
      case "presence":
        this.presence.textContent = interpolate(
          ngettext("%(count)s person reading", "%(count)s people reading", frame.count),
          { count: frame.count },
        );
        return;
      case "typing":
        this.showTypingFrom(frame.user);
        return;
      case "resync":
        this.promptReload();
        return;
      default:
        if (typeof frame.seq === "number") {
          this.event(frame);
        }
    }
  }

  event(frame) {
    if (frame.seq <= this.lastSeq) {
      return;
    }
    if (frame.seq > this.lastSeq + 1) {
      // Something was lost on the way: ask for everything after the last seq seen.
      this.reconnectNow();
      return;
    }
    this.lastSeq = frame.seq;
    this.list.dataset.lastSeq = String(frame.seq);
    switch (frame.type) {
      case "post.created":
      case "post.restored":
        this.upsert(frame.post, frame.type === "post.created");
        break;
      case "post.updated":
        this.update(frame.post);
        break;
      case "post.hidden":
        this.hide(frame.post.id);
        break;
      case "thread.locked":
      case "thread.unlocked":
        this.lockChanged(frame.type === "thread.locked");
        break;
      default:
        break;
    }
  }

  upsert(post, isNew) {
    const existing = document.getElementById(`post-${post.id}`);
    if (existing) {
      this.update(post);
      existing.classList.remove("post-hidden");
      return;
    }
    const first = this.list.querySelector(".post");
    if (!this.onLastPage || (first && post.number < Number(first.dataset.number))) {
      if (isNew && !this.onLastPage) {
        this.unseen.push({ id: post.id, element: null });
        this.created += 1;
        this.scheduleAnnouncement();
      }
      return;
    }
    const element = this.render(post);
    const after = [...this.list.querySelectorAll(".post")].find(
      (item) => Number(item.dataset.number) > post.number,
    );
    this.list.insertBefore(element, after ?? null);
    if (isNew) {
      this.created += 1;
      if (!this.inView(element)) {
        this.unseen.push({ id: post.id, element });
      }
      this.scheduleAnnouncement();
    }
  }

  // The stored, sanitised HTML is the only HTML inserted (SPEC §7); everything else is
  // text. Controls depend on who is viewing, read from the page, not from the payload.
  render(post) {
    const item = document.createElement("li");
    item.id = `post-${post.id}`;
    item.className = "post post-live";
    item.dataset.postId = String(post.id);
    item.dataset.number = String(post.number);
    item.dataset.author = post.author ?? "";
    item.dataset.version = String(post.version);

    const article = document.createElement("article");
    article.className = "post-body";
    article.setAttribute("aria-labelledby", `post-${post.id}-meta`);
    const header = document.createElement("header");
    header.className = "post-header";
    header.id = `post-${post.id}-meta`;
    if (post.author) {
      header.append(link(`/u/${encodeURIComponent(post.author)}/`, post.author, "post-author"));
    } else {
      const span = document.createElement("span");
      span.className = "post-author";
      span.textContent = gettext("deleted member");
      header.append(span);
    }
    const number = link(`/p/${post.id}/`, `#${post.number}`, "post-number");
    number.setAttribute("aria-label", interpolate(gettext("Link to post %(number)s"), { number: post.number }));
    const time = document.createElement("time");
    time.dateTime = post.created;
    time.textContent = new Date(post.created).toLocaleString(document.documentElement.lang || undefined, {
      dateStyle: "medium",
      timeStyle: "short",
    });
    header.append(number, time);
    const prose = document.createElement("div");
    prose.className = "prose";
    prose.innerHTML = post.html;
    const footer = document.createElement("footer");
    footer.className = "post-footer";
    const actions = document.createElement("ul");
    actions.className = "post-actions";
    if (this.acceptsReplies && this.viewer) {
      const quote = link(`?quote=${post.id}#reply`, gettext("Quote"), "post-quote");
      quote.dataset.quoteUrl = `/p/${post.id}/quote/`;
      actions.append(listItem(quote));
    }
    if (this.viewer && post.author === this.viewer) {
      actions.append(listItem(link(`/p/${post.id}/edit/`, gettext("Edit"))));
    } else if (this.viewer) {
      actions.append(listItem(link(`/p/${post.id}/flag/`, gettext("Report"))));
    }
    footer.append(actions);
    article.append(header, prose, footer);
    item.append(article);
    if (post.edited) {
      this.markEdited(item);
    }
    return item;
  }

  update(post) {
    const item = document.getElementById(`post-${post.id}`);
    if (!item || Number(item.dataset.version) > post.version) {
      return;
    }
    item.dataset.version = String(post.version);
    const prose = item.querySelector(".prose");
    if (prose) {
      prose.innerHTML = post.html;
    }
    if (post.edited) {
      this.markEdited(item);
    }
  }

  markEdited(item) {
    const header = item.querySelector(".post-header");
    if (header && !header.querySelector(".live-edited")) {
      const edited = document.createElement("span");
      edited.className = "muted live-edited";
      edited.textContent = gettext("edited");
      header.append(edited);
    }
  }

  hide(postId) {
    const item = document.getElementById(`post-${postId}`);
    this.unseen = this.unseen.filter((entry) => entry.id !== postId);
    this.updateNewRepliesButton();
    if (!item) {
      return;
    }
    if (this.canModerate) {
      item.classList.add("post-hidden");
    } else {
      item.remove();
    }
  }

  lockChanged(locked) {
    // Quote links only make sense where the page offers the reply form.
    this.acceptsReplies = !locked && document.querySelector(".reply-form") !== null;
    this.say(locked ? gettext("This thread is now locked.") : gettext("This thread is open for replies again."));
  }

  inView(element) {
    const box = element.getBoundingClientRect();
    return box.top < window.innerHeight && box.bottom > 0;
  }

  // Everything that arrived in one burst (a replay after sleep) is announced once.
  scheduleAnnouncement() {
    window.clearTimeout(this.announceTimer);
    this.announceTimer = window.setTimeout(() => {
      const count = this.created;
      this.created = 0;
      if (count > 0) {
        this.say(interpolate(ngettext("%(count)s new reply", "%(count)s new replies", count), { count }));
      }
      this.updateNewRepliesButton();
    }, ANNOUNCE_DELAY);
  }

  updateNewRepliesButton() {
    const count = this.unseen.length;
    this.newReplies.hidden = count === 0;
    this.newReplies.textContent = interpolate(
      ngettext("%(count)s new reply", "%(count)s new replies", count),
      { count },
    );
  }

  markSeen() {
    if (this.unseen.length === 0) {
      return;
    }
    this.unseen = this.unseen.filter((entry) => !entry.element || !this.inView(entry.element));
    this.updateNewRepliesButton();
  }

  showUnseen() {
    const first = this.unseen[0];
    if (!first) {
      return;
    }
    if (!first.element) {
      window.location.href = `/p/${first.id}/`;
      return;
    }
    this.unseen = [];
    this.updateNewRepliesButton();
    first.element.setAttribute("tabindex", "-1");
    first.element.scrollIntoView({ block: "start" });
    first.element.focus({ preventScroll: true });
  }

  promptReload() {
    this.stop("");
    status.replaceChildren();
    const text = document.createElement("span");
    text.textContent = `${gettext("There is more new here than can be shown live.")} `;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.textContent = gettext("Reload the page");
    button.addEventListener("click", () => window.location.reload());
    status.append(text, button);
  }

  say(text) {
    status.textContent = text;
  }

  showTypingFrom(user) {
    if (!this.showTyping.checked) {
      return;
    }
    this.typing.textContent = user
      ? interpolate(gettext("%(name)s is typing…"), { name: user })
      : gettext("Someone is typing…");
    window.clearTimeout(this.typingTimer);
    this.typingTimer = window.setTimeout(() => {
      this.typing.textContent = "";
    }, TYPING_SHOWN_FOR);
  }

  sendTyping() {
    const now = Date.now();
    if (now - this.lastTypingSent < TYPING_SEND_INTERVAL || !this.socket || this.socket.readyState !== WebSocket.OPEN) {
      return;
    }
    this.lastTypingSent = now;
    this.socket.send(JSON.stringify({ type: "typing" }));
  }
}

function link(href, text, className = "") {
  const anchor = document.createElement("a");
  anchor.href = href;
  anchor.textContent = text;
  if (className) {
    anchor.className = className;
  }
  return anchor;
}

function listItem(child) {
  const item = document.createElement("li");
  item.append(child);
  return item;
}

if (list && status && "WebSocket" in window) {
  const live = new LiveThread(list);
  live.connect();
  // After sleep or a network change, try at once instead of waiting for the backoff.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && !live.socket && !live.stopped) {
      live.reconnectNow();
    }
  });
  window.addEventListener("online", () => {
    if (!live.socket && !live.stopped) {
      live.reconnectNow();
    }
  });
}
