// Thread page enhancements: quote into the reply box, react without a reload.
// Without this script the same links and forms work as plain requests.

const posts = document.getElementById("posts");
const reply = document.querySelector(".reply-form textarea[name=body]");

function insertQuote(text) {
  const start = reply.selectionStart ?? reply.value.length;
  const end = reply.selectionEnd ?? start;
  const before = reply.value.slice(0, start);
  const spacer = before && !before.endsWith("\n\n") ? (before.endsWith("\n") ? "\n" : "\n\n") : "";
  reply.value = before + spacer + text + reply.value.slice(end);
  const caret = (before + spacer + text).length;
  reply.focus();
  reply.setSelectionRange(caret, caret);
  reply.scrollIntoView({ block: "center" });
}

async function quote(link) {
  const response = await fetch(link.dataset.quoteUrl, {
    credentials: "same-origin",
    headers: { Accept: "text/plain" },
  });
  if (!response.ok) {
    throw new Error(`quote failed: ${response.status}`);
  }
  insertQuote(await response.text());
}

// One form per post; the pressed button carries the reaction's kind.
async function react(form, button) {
  const body = new FormData(form);
  body.set("kind", button.value);
  const response = await fetch(form.action, {
    method: "POST",
    body,
    credentials: "same-origin",
    headers: { "X-Partial": "1" },
  });
  if (!response.ok) {
    throw new Error(`reaction failed: ${response.status}`);
  }
  const parsed = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = parsed.getElementById(`reactions-${form.dataset.postId}`);
  const current = document.getElementById(`reactions-${form.dataset.postId}`);
  if (fresh && current) {
    current.replaceWith(fresh);
    fresh.querySelector(`button[value="${CSS.escape(button.value)}"]`)?.focus();
  }
}

// Without the script the browser sends the pressed button's name and value itself.
function submitPlainly(form, button) {
  const kind = document.createElement("input");
  kind.type = "hidden";
  kind.name = "kind";
  kind.value = button.value;
  form.append(kind);
  form.submit();
}

if (posts) {
  posts.addEventListener("click", (event) => {
    const link = event.target.closest("a.post-quote[data-quote-url]");
    if (!link || !reply) {
      return;
    }
    event.preventDefault();
    quote(link).catch(() => {
      window.location.href = link.href;
    });
  });
  posts.addEventListener("submit", (event) => {
    const form = event.target.closest("form.reaction-form");
    const button = event.submitter;
    if (!form || !button || button.name !== "kind") {
      return;
    }
    event.preventDefault();
    react(form, button).catch(() => submitPlainly(form, button));
  });
}

// A second click while the first submit is on its way would only return the same post
// (the idempotency key), but disabling the button tells the person it is being sent.
document.querySelectorAll("form.reply-form, form.thread-form").forEach((form) => {
  form.addEventListener("submit", () => {
    const button = form.querySelector("button[type=submit]");
    if (button) {
      window.setTimeout(() => { button.disabled = true; }, 0);
    }
  });
});
