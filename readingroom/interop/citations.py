"""Citations of a document: CSL-JSON, BibTeX and RIS, and who is cited in which role.

Everything here is a pure function of a ``Document`` (and settings): the document page,
the download views, the embedded metadata (interop/metadata.py) and the formatted styles
(interop/formatted.py, citeproc-js) all serialise from ``csl_item`` and ``creators``, so
no two of them can disagree about a name, a role or a date. docs/citations.md says what
each format holds and why its types were chosen.
"""

from __future__ import annotations

import json
import re

from django.conf import settings

from readingroom.archive.dates import HistoricalDate, PartialDate
from readingroom.archive.models import Document, DocumentContribution, PersonDocumentRelation
from readingroom.archive.names import NameOrder, NameParts, csl_name

__all__ = [
    "CONTRIBUTOR_ROLES",
    "PERSON_ROLES",
    "bibtex",
    "clause",
    "creators",
    "csl_date",
    "csl_item",
    "csl_json",
    "ris",
    "zotero_type",
]

# The CSL name variable of each role a person or a contributor has in a document. The
# other roles (mentioned, participant; obtained, transcribed, annotated) name no creator
# of the document: they stay in the credit line (CSL "note"). An "interviewer" role would
# map to CSL's interviewer here.
PERSON_ROLES = {
    PersonDocumentRelation.Role.AUTHOR: "author",
    PersonDocumentRelation.Role.RECIPIENT: "recipient",
}
CONTRIBUTOR_ROLES = {
    DocumentContribution.Role.TRANSLATED: "translator",
    DocumentContribution.Role.EDITED: "editor",
}
CSL_NAME_VARIABLES = ("author", "recipient", "editor", "translator")
# Words whose full stop is an abbreviation's, so not a sentence's end to take off.
_ABBREVIATIONS = """
    al ca cf cit co dept ed eds etc ff fol fols ibid inc jr ltd no nos op pp sr st trans vol vols
"""
ABBREVIATIONS = frozenset(_ABBREVIATIONS.split())


# --- Who is cited ---------------------------------------------------------------------


def creators(document: Document) -> list[tuple[str, NameParts]]:
    """(CSL role, name parts) of everyone a citation names, authors first.

    Translators include a translation's translator (``Rendition.translator``), through
    ``Document.contributors_by_role``. Uses the prefetched links; no queries of its own.
    """
    found: list[tuple[str, NameParts]] = []
    for link in document.person_links.all():
        if role := PERSON_ROLES.get(link.role):
            found.append((role, link.person.name_parts))
    for contribution_role, contributors in document.contributors_by_role:
        if role := CONTRIBUTOR_ROLES.get(contribution_role):
            found += [(role, contributor.name_parts) for contributor in contributors]
    order = {variable: n for n, variable in enumerate(CSL_NAME_VARIABLES)}
    return sorted(found, key=lambda pair: order[pair[0]])


def names_in(document: Document, role: str) -> list[NameParts]:
    return [parts for variable, parts in creators(document) if variable == role]


# --- CSL-JSON -------------------------------------------------------------------------


def clause(text: str) -> str:
    """Text that a style ends with its own punctuation: without its closing full stop.

    "…, 2018), 37-39." would otherwise cite as "37-39., " (MLA) or end in "..". The full
    stop of an abbreviation ("11:17 a.m.", "etc.", "D.") stays: citeproc-js merges it
    with the style's own.
    """
    text = " ".join(text.split())
    last = text.rsplit(" ", 1)[-1][:-1]
    if (
        not text.endswith(".")
        or text.endswith(("..", "…"))
        or "." in last
        or len(last) == 1
        or last.lower() in ABBREVIATIONS
    ):
        return text
    return text[:-1].rstrip()


def _date_parts(date: PartialDate) -> list[int]:
    return [part for part in (date.year, date.month, date.day) if part is not None]


def csl_date(date: HistoricalDate) -> dict:
    """CSL date-parts keeping precision: [[1957]], [[1957, 6]], a span as two parts."""
    value: dict = {"date-parts": [_date_parts(date.start)]}
    if date.end is not None:
        value["date-parts"].append(_date_parts(date.end))
    if date.approximate:
        value["circa"] = True
    return value


def zotero_type(document: Document) -> str:
    """Zotero's item type: "letter" for letters, "manuscript" for every other document.

    Used by DC.type, COinS' rft.type and RIS' TY (PCOMM and MANSCPT are Zotero's RIS
    names of the two), so that every route into Zotero makes the same record.
    """
    return "letter" if document.document_type == Document.Type.LETTER else "manuscript"


def csl_type(document: Document) -> str:
    """Always "manuscript": see docs/citations.md for why not personal_communication."""
    return "manuscript"


def genre(document: Document) -> str:
    """The kind of document in lower case ("letter", "record of conversation"), as CSL
    and Zotero keep it: styles capitalize it where a sentence starts, not mid-note."""
    return document.get_document_type_display().lower() if document.document_type else ""


def csl_item(document: Document) -> dict:
    """The document as one CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html)."""
    item: dict = {
        "id": str(document.record_id),
        "type": csl_type(document),
        "title": clause(document.title),
    }
    if kind := genre(document):
        item["genre"] = kind
    if document.date:
        item["issued"] = csl_date(document.date)
    for role, parts in creators(document):
        item.setdefault(role, []).append(csl_name(parts))
    item["archive"] = settings.ARCHIVE_NAME
    if source := document.archival_source:
        item["archive_location"] = clause(source)
    if document.printed_source:
        item["source"] = clause(document.printed_source)
    item["URL"] = document.permalink
    if languages := [language.code for language in document.original_languages.all()]:
        item["language"] = languages[0]
    if document.summary:
        item["abstract"] = document.summary
    if credit := document.credit_line:
        item["note"] = credit
    return item


def csl_json(document: Document) -> str:
    """The CSL-JSON download: a list of one item, as Zotero and citeproc expect."""
    return json.dumps([csl_item(document)], ensure_ascii=False, indent=2) + "\n"


# --- BibTeX ---------------------------------------------------------------------------

_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_BIBTEX_SPECIAL = re.compile("|".join(re.escape(char) for char in _BIBTEX_SPECIALS))
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex_escape(text: str) -> str:
    """LaTeX's special characters escaped; every other character (Lüshun, 周恩来) kept."""
    return _BIBTEX_SPECIAL.sub(lambda match: _BIBTEX_SPECIALS[match.group()], text)


def _bibtex_names(names: list[NameParts]) -> str:
    parts = []
    for name in names:
        if name.order == NameOrder.LITERAL:
            # Braced, so that BibTeX does not split "Politburo of the CC CPSU" into names.
            parts.append("{" + bibtex_escape(name.family) + "}")
        else:
            # "Family, Given" whatever the order: BibTeX has no way to say "family first".
            parts.append(bibtex_escape(name.inverted))
    return " and ".join(parts)


def _bibtex_fields(item: dict, document: Document) -> list[tuple[str, str]]:
    where = ", ".join(part for part in (item["archive"], item.get("archive_location")) if part)
    fields = [
        ("author", _bibtex_names(names_in(document, "author"))),
        # The double braces keep the title's capitals from BibTeX styles' lowercasing.
        ("title", "{" + bibtex_escape(item["title"]) + "}"),
        ("type", bibtex_escape(item.get("genre", ""))),
        ("note", bibtex_escape(" ".join(filter(None, [where + ".", item.get("note")])))),
        ("editor", _bibtex_names(names_in(document, "editor"))),
        ("translator", _bibtex_names(names_in(document, "translator"))),
        ("url", item["URL"]),
        ("language", bibtex_escape(item.get("language", ""))),
        ("abstract", bibtex_escape(item.get("abstract", ""))),
    ]
    if date := document.date:
        # biblatex reads the EDTF date (precision, circa, spans); BibTeX year and month.
        fields += [("date", date.edtf()), ("year", str(date.year))]
        if date.start.month and date.end is None:
            fields.append(("month", _MONTHS[date.start.month - 1]))
    return [(name, value) for name, value in fields if value]


def bibtex(document: Document) -> str:
    """An @unpublished entry (Zotero imports it as a manuscript), UTF-8, fields escaped."""
    fields = _bibtex_fields(csl_item(document), document)
    lines = [f"@unpublished{{document{document.record_id},"]
    for name, value in fields:
        # month takes BibTeX's macro ("jun"), unbraced; everything else is braced.
        lines.append(f"  {name} = {value if name == 'month' else '{' + value + '}'},")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- RIS ------------------------------------------------------------------------------


def _ris_date(date: HistoricalDate) -> str:
    """RIS's DA form, "1956/01/15/", "1957/06//"; a span or circa date says so after."""
    start = date.start
    month = f"{start.month:02d}" if start.month else ""
    day = f"{start.day:02d}" if start.day else ""
    other = date.display() if date.approximate or date.end else ""
    return f"{start.year:04d}/{month}/{day}/{other}"


def ris(document: Document) -> str:
    """An RIS record: TY PCOMM for letters (Zotero's letter), MANSCPT otherwise."""
    item = csl_item(document)
    is_letter = zotero_type(document) == "letter"
    lines = [("TY", "PCOMM" if is_letter else "MANSCPT"), ("TI", item["title"])]
    # Zotero reads AU as author, A4 as translator, ED as editor and, on a letter only,
    # A2 as recipient; "Family, Given" keeps the parts, a literal has no comma.
    tags = {
        "author": "AU",
        "recipient": "A2" if is_letter else "",
        "editor": "ED",
        "translator": "A4",
    }
    lines += [(tags[role], parts.inverted) for role, parts in creators(document) if tags[role]]
    if date := document.date:
        lines += [("PY", f"{date.year:04d}"), ("DA", _ris_date(date))]
    optional = [
        ("M3", item.get("genre")),
        ("DB", item["archive"]),
        ("AN", item.get("archive_location")),
        ("UR", item["URL"]),
        ("LA", item.get("language")),
        ("AB", item.get("abstract")),
        ("N1", item.get("note")),
        ("CR", document.rights),
        # Zotero's "Library Catalog": where the record was found.
        ("DP", settings.SITE_NAME),
        ("ID", item["id"]),
    ]
    lines += [(tag, value) for tag, value in optional if value]
    # One line a tag: RIS has no continuation lines, so line breaks become spaces.
    body = "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines)
    return body + "ER  - \r\n"
