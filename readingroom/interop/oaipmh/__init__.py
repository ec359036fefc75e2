"""OAI-PMH 2.0 at /oai: harvesters copy the archive's published documents as Dublin Core.

``arguments`` checks a request, ``tokens`` carries a harvest across pages, ``records``
finds the records (published documents, and the deleted ones the outbox remembers),
``serializers`` turns them into XML (pure functions), ``verbs`` answers the six verbs and
``views`` is the thin HTTP view around them. docs/oai-pmh.md is the harvester's guide.
"""
