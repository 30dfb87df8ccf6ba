// Restates each <time data-relative> as "3 days ago" in the page's language.
// The server prints the absolute date; it stays as the element's title (and is what
// readers without JavaScript see). Under a minute reads "now", never "0 minutes ago".

const UNITS = [
  ["year", 365 * 86400],
  ["month", 30 * 86400],
  ["week", 7 * 86400],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];

export function relativeText(then, now, format) {
  const seconds = Math.round((then - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) {
      return format.format(Math.trunc(seconds / size), unit);
    }
  }
  return format.format(0, "second");
}

function formatter() {
  const lang = document.documentElement.lang || undefined;
  try {
    return new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  } catch {
    return new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  }
}

export function restate(root = document) {
  if (typeof Intl === "undefined" || !Intl.RelativeTimeFormat) return;
  const format = formatter();
  const now = Date.now();
  for (const element of root.querySelectorAll("time[data-relative]")) {
    const then = Date.parse(element.getAttribute("datetime"));
    if (Number.isNaN(then)) continue;
    if (!element.title) element.title = element.textContent.trim();
    element.textContent = relativeText(then, now, format);
  }
}

restate();
setInterval(restate, 60 * 1000);
