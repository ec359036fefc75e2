"""IIIF for the archive's scans: Presentation 3 manifests and an Image API 3 level-1 server.

``pages`` turns a scan's files into page images, ``image`` answers Image API requests,
``manifest`` builds manifests from records, and ``views`` puts them on the web. See
docs/iiif.md for the URLs and identifiers.
"""
