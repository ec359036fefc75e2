"""Resumption tokens: a harvest's query and its place in the list, signed, kept by the client.

The repository keeps no state between pages. A token holds the query (metadata prefix,
set, ``[lower, upper)``) and a keyset cursor: the ``(datestamp, record_id)`` of the last
record sent. The next page starts strictly after it, in ``(datestamp, record_id)`` order,
so records that change meanwhile can neither shift the pages under the harvester (as an
OFFSET would) nor come twice: ``upper`` is fixed when the harvest begins, and whatever
changes after that waits for the next incremental harvest, which starts ``from`` the
first response's ``responseDate``. Tokens are signed with SECRET_KEY, so a forged or
damaged one is refused as ``badResumptionToken``; they do not expire.
"""

import dataclasses
import datetime as dt

from django.core import signing

from .errors import OAIError

SALT = "readingroom.interop.oaipmh.token"


@dataclasses.dataclass(frozen=True)
class Harvest:
    """What a list request asks for, and how far its harvest has got."""

    verb: str
    metadata_prefix: str
    set_spec: str | None
    lower: dt.datetime | None
    upper: dt.datetime
    # The last record sent: (datestamp, record_id); None on the first page.
    after: tuple[dt.datetime, int] | None = None
    # How many records came before this page, and how many the whole list has.
    cursor: int = 0
    total: int | None = None

    def next_page(self, last: tuple[dt.datetime, int], sent: int, total: int) -> "Harvest":
        return dataclasses.replace(self, after=last, cursor=self.cursor + sent, total=total)


def _moment(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def encode(harvest: Harvest) -> str:
    payload = {
        "v": harvest.verb,
        "p": harvest.metadata_prefix,
        "s": harvest.set_spec,
        "l": _moment(harvest.lower),
        "u": _moment(harvest.upper),
        "a": [_moment(harvest.after[0]), harvest.after[1]] if harvest.after else None,
        "c": harvest.cursor,
        "n": harvest.total,
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def decode(token: str, verb: str) -> Harvest:
    """The harvest a token continues; badResumptionToken unless it is ours and for ``verb``."""
    try:
        payload = signing.loads(token, salt=SALT)
        after = payload["a"]
        harvest = Harvest(
            verb=payload["v"],
            metadata_prefix=payload["p"],
            set_spec=payload["s"],
            lower=dt.datetime.fromisoformat(payload["l"]) if payload["l"] else None,
            upper=dt.datetime.fromisoformat(payload["u"]),
            after=(dt.datetime.fromisoformat(after[0]), int(after[1])) if after else None,
            cursor=int(payload["c"]),
            total=payload["n"],
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError, IndexError):
        raise OAIError("badResumptionToken", "The resumption token is invalid.") from None
    if harvest.verb != verb:
        raise OAIError("badResumptionToken", f"The resumption token is not for {verb}.")
    return harvest
