"""Search: the tantivy index derived from the database, its indexer, and the search page."""
