"""HTML templates of the public verification page."""
