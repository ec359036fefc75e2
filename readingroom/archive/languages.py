"""Languages by BCP 47 code, and finding one from what an editor or a file wrote."""

from .models import Language

# The languages of twentieth-century diplomatic archives; others are added in the admin.
KNOWN = {
    "ar": "Arabic",
    "bg": "Bulgarian",
    "cs": "Czech",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "mn": "Mongolian",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sq": "Albanian",
    "sr": "Serbian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "zh": "Chinese",
    "zh-Hans": "Chinese (Simplified)",
    "zh-Hant": "Chinese (Traditional)",
}
_BY_NAME = {name.lower(): code for code, name in KNOWN.items()}


class UnknownLanguage(ValueError):
    pass


def resolve_language(value: str, cache: dict[str, Language] | None = None) -> Language:
    """The Language for a code ("ru") or an English name ("Russian"), created if known.

    Raises UnknownLanguage naming the value when it is neither a stored language nor one
    of KNOWN.
    """
    key = value.strip()
    if cache is not None and key in cache:
        return cache[key]
    language = (
        Language.objects.filter(code__iexact=key).first()
        or Language.objects.filter(name__iexact=key).first()
    )
    if language is None:
        code = next((c for c in KNOWN if c.lower() == key.lower()), None) or _BY_NAME.get(
            key.lower()
        )
        if code is None:
            raise UnknownLanguage(
                f"unknown language {value!r} (give a code such as 'ru' or a name such as 'Russian')"
            )
        language, _ = Language.objects.get_or_create(code=code, defaults={"name": KNOWN[code]})
    if cache is not None:
        cache[key] = language
    return language
