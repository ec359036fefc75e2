"""The JSON Lines record: the archive's one format in and out (docs/import-formats.md).

``validate`` checks records and plans what each would do; ``apply`` writes checked
records to the archive (for the domain actions only); ``serialize`` makes records of
what the archive holds (exports, revisions, the trash). Reading files of each format is
the importers' (``readingroom.importers``).
"""
