"""Full-text search over forum posts and the records other apps index through
forum.services.search: the query parser, the two backends (PostgreSQL tsvector, SQLite
FTS5), snippets and the one selector that hides which backend runs."""
