"""The ?page= parameter and the page links, shared by every paginated listing."""

MAX_PAGE = 1_000_000


def page_requested(request) -> int:
    """The page the query string asks for, clamped to 1..MAX_PAGE (junk reads as 1)."""
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        return 1
    return min(max(page, 1), MAX_PAGE)


def page_window(page: int, page_count: int) -> list[int]:
    """First, last and the pages around the current one (constant size)."""
    numbers = {1, page_count, *range(max(page - 2, 1), min(page + 2, page_count) + 1)}
    return sorted(numbers)
