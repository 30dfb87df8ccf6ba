// Live thread: replies, edits, hidden posts and lock changes appear without a reload.
// Protocol: docs/realtime.md. Without this script the page works as a plain page.
//
// The server sends each change once with a per-thread `seq`; this script drops seqs it
// has seen, reconnects with `?after=<last seq>` after a gap or a lost connection, and
// reloads on `resync`. Per-viewer controls come from the page's data attributes. The
// connection itself (backoff, `after=`, close codes) is live-socket.js.

import { LiveSocket } from "./live-socket.js";

const list = document.getElementById("posts");
const status = document.getElementById("live-status");

const gettext = window.gettext ?? ((text) => text);
const ngettext = window.ngettext ?? ((one, many, count) => (count === 1 ? one : many));
const interpolate = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => String(values[key]));

const TYPING_SEND_INTERVAL = 3000;
const TYPING_SHOWN_FOR = 6000;
const ANNOUNCE_DELAY = 150;
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
    // The page's pagination links to a previous page on every page but the first.
    this.onFirstPage = !document.querySelector('a[rel="prev"]');
    this.live = new LiveSocket(`/ws/t/${this.threadId}/`, {
      after: () => this.lastSeq,
      onFrame: (frame) => this.receive(frame),
      onRetry: () => {
        this.presence.textContent = "";
      },
      onStop: () => {
        this.presence.textContent = "";
        this.say(gettext("Live updates stopped: you can no longer read this thread here."));
      },
    });
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
    // Inside <main>, so the button belongs to a landmark; before the posts, so that
    // Tab reaches it without first passing (and so marking as seen) every post.
    this.presence.after(this.newReplies);
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

  stop(text) {
    this.live.stop();
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
      case "ready":
        // Replay done and every event after frame.seq will follow (live-socket.js
        // restarts its backoff on it).
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
      this.live.reconnectNow();
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
      case "post.reactions":
        this.reactionsChanged(frame.post);
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
    if (existing && existing.matches(".post-hidden")) {
      // A moderator kept the hidden post on screen: it comes back as a published one.
      existing.replaceWith(this.render(post));
      return;
    }
    if (existing) {
      this.update(post);
      return;
    }
    const first = this.list.querySelector(".post");
    // A post numbered before this page's first belongs to an earlier page, unless there
    // is none (post #1 restored, say, on the first page).
    const earlier = first && post.number < Number(first.dataset.number) && !this.onFirstPage;
    if (!this.onLastPage || earlier) {
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

  // The prototype post the server rendered for this viewer: someone else's reply, or
  // the viewer's own (templates/forum/partials/_post_templates.html). Which one is
  // decided by the page's data-viewer and the post's author, never by the payload. In a
  // thread with a content warning, the first post comes from the "-first" prototypes,
  // which the server rendered inside the warning as this viewer sees it.
  prototypeFor(post) {
    const own = this.viewer !== "" && post.author === this.viewer;
    const kind = own && prototypes.own ? "own" : "other";
    return (post.number === 1 && document.getElementById(`post-template-${kind}-first`)) || prototypes[kind];
  }

  // A clone of the prototype, so a live post has the same markup and controls (quote,
  // reactions, edit, history, report) as after a reload. The stored, sanitised HTML is
  // the only HTML inserted (SPEC §7); everything else is text or the server's markup.
  render(post) {
    const item = this.prototypeFor(post).content.firstElementChild.cloneNode(true);
    const placeholders = [
      [item.dataset.postId, String(post.id)],
      [item.dataset.number, String(post.number)],
    ];
    for (const element of [item, ...item.querySelectorAll("*")]) {
      for (const attribute of [...element.attributes]) {
        const value = placeholders.reduce((text, [from, to]) => text.replaceAll(from, to), attribute.value);
        if (value !== attribute.value) {
          element.setAttribute(attribute.name, value);
        }
      }
    }
    const author = item.querySelector(".post-author");
    if (post.author) {
      author.textContent = post.author;
      author.setAttribute(
        "href",
        author.getAttribute("href").replace(`/${profileSegment(item.dataset.author)}/`, `/${profileSegment(post.author)}/`),
      );
    } else {
      const span = document.createElement("span");
      span.className = "post-author";
      span.textContent = gettext("deleted member");
      author.replaceWith(span);
    }
    item.dataset.author = post.author ?? "";
    item.dataset.version = String(post.version);
    item.querySelector(".post-number").textContent = `#${post.number}`;
    const time = item.querySelector("time");
    time.setAttribute("datetime", post.created);
    time.textContent = formatTime(post.created);
    item.querySelector(".prose").innerHTML = post.html;
    if (!post.edited) {
      item.querySelectorAll(".post-edited, .post-history").forEach((element) => element.remove());
    }
    if (!this.acceptsReplies) {
      item.querySelector(".post-quote")?.closest("li").remove();
    }
    this.setReactions(item, post.reactions ?? {});
    item.classList.add("post-live");
    return item;
  }

  // Counts only: whether this viewer pressed a button stays as rendered or toggled here.
  setReactions(item, counts) {
    const box = item.querySelector(".reactions");
    if (!box) {
      return;
    }
    let previous = null;
    for (const kind of reactionKinds) {
      const count = Number(counts[kind] ?? 0);
      let element = [...box.children].find((child) => child.dataset.kind === kind) ?? null;
      if (element?.matches(".reaction-static") && count === 0) {
        element.remove();
        element = null;
      } else if (!element && count > 0) {
        element = staticReaction(kind);
        if (element) {
          if (previous) {
            previous.after(" ", element);
          } else {
            box.prepend(element, " ");
          }
        }
      }
      if (element) {
        element.querySelector(".reaction-count").textContent = String(count);
        previous = element;
      }
    }
  }

  reactionsChanged(post) {
    const item = document.getElementById(`post-${post.id}`);
    if (item) {
      this.setReactions(item, post.reactions ?? {});
    }
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
      // The edited mark and the history link, as a reload would show them.
      const fresh = this.render(post);
      const time = item.querySelector(".post-header time");
      const edited = fresh.querySelector(".post-edited");
      if (time && edited && !item.querySelector(".post-edited")) {
        time.after(" ", edited);
      }
      const actions = item.querySelector(".post-actions");
      if (actions) {
        actions.replaceWith(fresh.querySelector(".post-actions"));
      }
    }
    if (post.reactions) {
      this.setReactions(item, post.reactions);
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
    if (now - this.lastTypingSent < TYPING_SEND_INTERVAL) {
      return;
    }
    if (this.live.send({ type: "typing" })) {
      this.lastTypingSent = now;
    }
  }
}

// The prototypes the server rendered for this viewer (own only for a signed-in member).
const prototypes = {
  own: document.getElementById("post-template-own"),
  other: document.getElementById("post-template-other"),
};
const reactionKinds = prototypes.other
  ? [...prototypes.other.content.querySelectorAll(".reactions [data-kind]")].map((element) => element.dataset.kind)
  : [];

// A count shown to a viewer who may not press the button (their own post, or not
// signed in), cloned from whichever prototype has it.
function staticReaction(kind) {
  for (const template of [prototypes.own, prototypes.other]) {
    const found = template?.content.querySelector(`.reaction-static[data-kind="${CSS.escape(kind)}"]`);
    if (found) {
      return found.cloneNode(true);
    }
  }
  return null;
}

// A username in a profile URL, quoted as Django's reverse() quotes it.
function profileSegment(username) {
  return encodeURIComponent(username).replaceAll("%40", "@").replaceAll("%2B", "+");
}

// "j M Y, H:i" as the post partial renders it. Payload times are in the site's time
// zone, so the wall-clock fields are read as they are.
function formatTime(iso) {
  const [, year, month, day, hour, minute] = iso.match(/^(\d+)-(\d+)-(\d+)T(\d+):(\d+)/);
  const monthName = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    month: "short",
    timeZone: "UTC",
  }).format(Date.UTC(2000, Number(month) - 1, 15));
  return `${Number(day)} ${monthName} ${year}, ${hour}:${minute}`;
}

if (list && status && prototypes.other && "WebSocket" in window) {
  new LiveThread(list).live.start();
}
