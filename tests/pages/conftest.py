# The forum's fixtures: pages list threads in categories, published at once.
from tests.exchange.conftest import other_organisation  # noqa: F401
from tests.forum.conftest import _publish_at_once, category, make_thread  # noqa: F401
