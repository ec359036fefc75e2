"""A request's verb and arguments, checked as the protocol says (OAI-PMH 2.0, sections 3.1, 4).

Also the protocol's datestamps: ``from``/``until`` come in day (``YYYY-MM-DD``) or seconds
(``YYYY-MM-DDThh:mm:ssZ``) granularity, always UTC, and both bounds are inclusive; inside
the repository a range is kept as ``[lower, upper)`` so that ``until=2024-05-01`` covers
the whole of that day.
"""

import datetime as dt
import re
from collections.abc import Mapping

from .errors import OAIError

# verb: (required arguments, optional arguments)
VERBS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "Identify": (frozenset(), frozenset()),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"})),
    "ListSets": (frozenset(), frozenset()),
    "ListIdentifiers": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"})),
    "ListRecords": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"})),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset()),
}
# Verbs whose lists may be split: they take a resumptionToken, and nothing else beside it.
RESUMABLE = frozenset({"ListSets", "ListIdentifiers", "ListRecords"})

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECONDS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def parse_arguments(params: Mapping) -> tuple[str, dict[str, str]]:
    """The verb and its arguments from a GET query or POST body (a ``QueryDict``)."""
    verbs = params.getlist("verb")
    if len(verbs) != 1:
        raise OAIError("badVerb", "The verb argument is missing or repeated.")
    verb = verbs[0]
    if verb not in VERBS:
        raise OAIError("badVerb", f"{verb!r} is not an OAI-PMH verb.")
    repeated = sorted(name for name in params if len(params.getlist(name)) > 1)
    if repeated:
        raise OAIError("badArgument", f"Repeated argument: {', '.join(repeated)}.")
    arguments = {name: params[name] for name in params if name != "verb"}
    if empty := sorted(name for name, value in arguments.items() if not value):
        raise OAIError("badArgument", f"Empty argument: {', '.join(empty)}.")
    if "resumptionToken" in arguments and verb in RESUMABLE:
        if len(arguments) > 1:
            raise OAIError("badArgument", "resumptionToken is an exclusive argument.")
        return verb, arguments
    required, optional = VERBS[verb]
    if illegal := sorted(set(arguments) - required - optional):
        raise OAIError("badArgument", f"Illegal argument for {verb}: {', '.join(illegal)}.")
    if missing := sorted(required - set(arguments)):
        raise OAIError("badArgument", f"Missing argument for {verb}: {', '.join(missing)}.")
    return verb, arguments


def parse_datestamp(text: str) -> tuple[dt.datetime, bool]:
    """The moment a datestamp names, and whether it has day granularity."""
    try:
        if DAY.match(text):
            day = dt.date.fromisoformat(text)
            return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC), True
        if SECONDS.match(text):
            return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC), False
    except ValueError:
        pass
    raise OAIError(
        "badArgument", f"{text!r} is not a datestamp (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)."
    )


def date_range(start: str | None, end: str | None) -> tuple[dt.datetime | None, dt.datetime | None]:
    """``from`` and ``until`` (inclusive) as ``[lower, upper)``; None where not given."""
    lower = upper = None
    granularities = set()
    if start:
        lower, is_day = parse_datestamp(start)
        granularities.add(is_day)
    if end:
        last, is_day = parse_datestamp(end)
        granularities.add(is_day)
        upper = last + (dt.timedelta(days=1) if is_day else dt.timedelta(seconds=1))
    if len(granularities) > 1:
        raise OAIError("badArgument", "from and until must have the same granularity.")
    if lower and upper and lower >= upper:
        raise OAIError("badArgument", "from is later than until.")
    return lower, upper


def format_datestamp(moment: dt.datetime) -> str:
    """A UTC datestamp in seconds granularity; fractions are cut, never rounded up."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
