"""More like this: the documents whose words are most like one document's.

A search with ``like=<record ID>`` finds the ``MOST_LIKE`` documents most like it (alone,
or narrowed by words and filters), in order of likeness, so the search page's facets,
timeline, exports and feed all work on them. (Not every document sharing a word with it:
that is most of an archive, and its facets would say nothing.) The query is
tantivy's more-like-this, given the document's own indexed fields (the index stores no
text to read them back from): each field's words are cut by that field's analyzer, and
the words that are frequent in the document but rare in the archive, up to
``MOST_TERMS``, make a query that scores other documents by how many of them they share.
The names of its people and places count as words; where it sits (topics, collections,
the FRUS volume) does not, so a document of the same volume on another subject is not
"like" it. Drafts are not in the index: a draft is like nothing, and nothing is like a
draft.
"""

import tantivy
from tantivy import Occur, Query

from .entries import index_documents
from .index import SCHEMA

# The fields whose words say what a document is about (see index.TEXT_FIELDS).
LIKENESS_FIELDS = (
    "title",
    "summary",
    "body",
    "body_ru",
    "cjk",
    "person_names",
    "place_names",
)
MOST_TERMS = 30
MOST_LIKE = 100
# A word in more than this share of the archive says little about a document.
COMMONEST = 0.3
# Shorter words are particles and numbering ("a", "of", "no").
SHORTEST_WORD = 3


def likeness_fields(record_id: int) -> dict[str, list[str]] | None:
    """The text of a published document as the index has it, by field; None for a
    document that is not published (or does not exist)."""
    documents = index_documents([record_id])
    if not documents:
        return None
    fields = documents[0].to_dict()
    return {name: fields[name] for name in LIKENESS_FIELDS if fields.get(name)}


def like_query(record_id: int, searcher: tantivy.Searcher) -> Query | None:
    """The ``MOST_LIKE`` documents most like this one, scored by likeness; None when it
    is not published."""
    fields = likeness_fields(record_id)
    if fields is None:
        return None
    if not fields:
        return Query.empty_query()
    similar = Query.more_like_this_document_fields_query(
        SCHEMA,
        fields,
        # Found in at least one other document, or the word cannot match anything.
        min_doc_frequency=2,
        max_doc_frequency=max(2, int(searcher.num_docs * COMMONEST)),
        min_term_frequency=1,
        max_query_terms=MOST_TERMS,
        min_word_length=SHORTEST_WORD,
    )
    itself = Query.term_set_query(SCHEMA, "record_id", [record_id])  # (see update_records)
    others = Query.boolean_query([(Occur.Must, similar), (Occur.MustNot, itself)])
    hits = searcher.search(others, MOST_LIKE, count=False).hits
    if not hits:
        return Query.empty_query()
    nearest = searcher.fast_field_values("record_id", [address for _, address in hits])
    # The nearest, scored by how like it each is (a Should clause adds its score).
    return Query.boolean_query(
        [
            (Occur.Must, Query.term_set_query(SCHEMA, "record_id", nearest)),
            (Occur.Should, similar),
        ]
    )
