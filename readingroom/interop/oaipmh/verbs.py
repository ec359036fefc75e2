"""The six verbs: each takes the checked arguments and gives the verb's element, or raises."""

import datetime as dt

from django.conf import settings
from lxml import etree

from . import repository, serializers, tokens
from .arguments import date_range
from .errors import OAIError


def identify(arguments: dict[str, str], now: dt.datetime) -> etree._Element:
    return serializers.identify(base_url(), repository.earliest_datestamp() or now)


def list_metadata_formats(arguments: dict[str, str], now: dt.datetime) -> etree._Element:
    # Every record, deleted ones too, is (or was) disseminated as oai_dc, so the
    # noMetadataFormats condition cannot arise here.
    if "identifier" in arguments:
        find_record(arguments["identifier"], metadata=False)
    return serializers.metadata_formats()


def list_sets(arguments: dict[str, str], now: dt.datetime) -> etree._Element:
    if "resumptionToken" in arguments:
        # The sets are few and always sent whole: no ListSets token was ever given out.
        raise OAIError("badResumptionToken", "ListSets has no resumption tokens.")
    entries = repository.all_sets()
    if not entries:
        raise OAIError("noSetHierarchy", "The archive has no collections or topics yet.")
    return serializers.sets(entries)


def get_record(arguments: dict[str, str], now: dt.datetime) -> etree._Element:
    check_format(arguments["metadataPrefix"])
    element = etree.Element(f"{{{serializers.OAI}}}GetRecord")
    element.append(serializers.record(find_record(arguments["identifier"], metadata=True)))
    return element


def list_identifiers(arguments: dict[str, str], now: dt.datetime) -> etree._Element:
    return list_page("ListIdentifiers", arguments, now, metadata=False)


def list_records(arguments: dict[str, str], now: dt.datetime) -> etree._Element:
    return list_page("ListRecords", arguments, now, metadata=True)


VERBS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
}


def base_url() -> str:
    return settings.SITE_URL + "/oai"


def check_format(prefix: str) -> None:
    if prefix not in serializers.METADATA_FORMATS:
        raise OAIError("cannotDisseminateFormat", f"{prefix!r} is not a metadata format here.")


def find_record(identifier: str, *, metadata: bool) -> repository.Record:
    record_id = repository.record_id_from(identifier)
    found = repository.get_record(record_id, metadata=metadata) if record_id is not None else None
    if found is None:
        raise OAIError("idDoesNotExist", f"{identifier!r} is not an identifier here.")
    return found


def start_harvest(verb: str, arguments: dict[str, str], now: dt.datetime) -> tokens.Harvest:
    """The first page's harvest, its upper bound fixed at ``now`` (see tokens)."""
    if "resumptionToken" in arguments:
        return tokens.decode(arguments["resumptionToken"], verb)
    lower, upper = date_range(arguments.get("from"), arguments.get("until"))
    check_format(arguments["metadataPrefix"])
    return tokens.Harvest(
        verb=verb,
        metadata_prefix=arguments["metadataPrefix"],
        set_spec=arguments.get("set"),
        lower=lower,
        upper=min(upper, now) if upper else now,
    )


def list_page(
    verb: str, arguments: dict[str, str], now: dt.datetime, *, metadata: bool
) -> etree._Element:
    harvest = start_harvest(verb, arguments, now)
    page, more, total = repository.list_page(harvest, settings.OAI_PAGE_SIZE, metadata=metadata)
    if not page:
        raise OAIError("noRecordsMatch", "No records match these arguments.")
    element = etree.Element(f"{{{serializers.OAI}}}{verb}")
    for item in page:
        element.append(serializers.record(item) if metadata else serializers.header(item))
    # A list that was split says so on every page, the last one with an empty token.
    if more or harvest.cursor:
        last = (page[-1].datestamp, page[-1].record_id)
        token = tokens.encode(harvest.next_page(last, len(page), total)) if more else ""
        element.append(serializers.resumption_token(token, harvest.cursor, total))
    return element
