// Live identifiability hints on the story form (/stories/new/). When the member pauses
// typing, the server's check runs on the title and text and its hints replace the
// region, which is announced politely. Nothing is stored. Without JavaScript the
// "Preview" button gives the same hints.

const form = document.querySelector("form.story-form");
const region = document.getElementById("story-live-hints");
const PAUSE_MS = 1200;

let timer = null;
let controller = null;

async function check() {
  controller?.abort();
  controller = new AbortController();
  const data = new FormData();
  data.set("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
  data.set("title", form.elements.title.value);
  data.set("body", form.elements.body.value);
  try {
    const response = await fetch(form.dataset.hintsUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      signal: controller.signal,
    });
    if (!response.ok) {
      return;
    }
    const html = (await response.text()).trim();
    // Only a change is announced: the same hints again would repeat in a screen reader.
    if (html !== region.dataset.shown) {
      region.dataset.shown = html;
      const template = document.createElement("template");
      template.innerHTML = html;
      region.replaceChildren(template.content);
    }
  } catch (error) {
    // Hints are a help, not a step: a failed check leaves the form as it is.
    if (error.name !== "AbortError") {
      region.replaceChildren();
    }
  }
}

if (form && region) {
  form.addEventListener("input", (event) => {
    if (event.target.name === "title" || event.target.name === "body") {
      clearTimeout(timer);
      timer = setTimeout(check, PAUSE_MS);
    }
  });
}
