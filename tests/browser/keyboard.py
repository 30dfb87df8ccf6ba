"""Moving through a page with the keyboard alone, as the keyboard tests do."""

# Whether the focused element shows where focus is: an outline or a focus ring drawn
# with box-shadow, at least 2 px (WCAG 2.4.7 and 2.4.11).
FOCUS_IS_VISIBLE = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return false;
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  return outline || style.boxShadow !== "none";
}"""

# A description of the focused element, for messages and for detecting a cycle.
FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return "";
  const label = (element.getAttribute("aria-label") || element.textContent || "").trim();
  return `${element.tagName.toLowerCase()}#${element.id}.${element.className}` +
    `[${element.getAttribute("name") || ""}] ${label.slice(0, 40)}`;
}"""


def tab_to(page, selector: str, *, limit: int = 250, backwards: bool = False) -> None:
    """Press Tab until the element matching `selector` has focus.

    Every stop on the way must show visible focus; reaching the same element twice
    before the target (a trap, or a target that Tab never reaches) fails.
    """
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        described = page.evaluate(FOCUSED)
        if not described:
            continue  # the browser's own UI between the end and the start of the page
        assert page.evaluate(FOCUS_IS_VISIBLE), f"focus is not visible on {described}"
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
        assert described not in seen[-1:], f"focus is stuck on {described}"
        seen.append(described)
        if seen.count(described) > 2:
            raise AssertionError(f"Tab cycles without reaching {selector}: {seen}")
    raise AssertionError(f"{limit} presses of Tab did not reach {selector}")


def focused_matches(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement.matches(s)", selector)
