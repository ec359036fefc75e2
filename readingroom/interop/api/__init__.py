"""The JSON API under /api/: the archive's records for scripts, with an OpenAPI description.

``schemas`` serializes records, ``queries`` fetches and filters them, ``paging`` pages
by cursor, ``writes`` validates and saves editors' changes, ``views`` and ``search`` are
the endpoints. docs/api.md is the reader's guide.
"""
