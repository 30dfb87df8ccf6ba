from django.core.management.base import BaseCommand
from django.db import transaction

from exchange.services import exchange_search_reindex
from forum.services.search import search_posts_reindex


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the posts and published write-ups, in one "
        "transaction (searches see the old index until it commits)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        posts = search_posts_reindex()
        exchange_search_reindex()
        self.stdout.write(f"search: {posts} posts and the published write-ups indexed")
