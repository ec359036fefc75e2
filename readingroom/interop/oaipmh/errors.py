"""The protocol's error conditions (OAI-PMH 2.0, section 3.6), raised and answered as XML."""


class OAIError(Exception):
    """An error the protocol names; ``code`` is its code, the message is for humans."""

    codes = frozenset(
        {
            "badArgument",
            "badResumptionToken",
            "badVerb",
            "cannotDisseminateFormat",
            "idDoesNotExist",
            "noRecordsMatch",
            "noMetadataFormats",
            "noSetHierarchy",
        }
    )

    def __init__(self, code: str, message: str) -> None:
        if code not in self.codes:
            raise ValueError(f"{code!r} is not an OAI-PMH error code")
        super().__init__(message)
        self.code = code
        self.message = message

    @property
    def hides_request(self) -> bool:
        """The protocol wants the arguments left out of <request> after these two."""
        return self.code in {"badVerb", "badArgument"}
