"""Template tags and filters of the archive app."""
