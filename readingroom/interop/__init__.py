"""Interoperability: the archive's records in other people's standards.

OAI-PMH for harvesters, Atom feeds and sitemaps for crawlers, citations and embedded
metadata for reference managers; pure serializers from records, thin views around them.
"""
