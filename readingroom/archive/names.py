"""How a name divides into family and given names, and in which order it is said.

A citation needs a person's family name apart from the given names (Chicago's "Wolff,
David", APA's "Wolff, D."), and for Chinese, Japanese, Korean and Vietnamese names the
knowledge that the family name comes first and stays first ("Mao Zedong", never "Zedong
Mao": CSL's ``static-ordering``). Person and Contributor store the parts, which editors
see and correct in the admin (archive/models/entities.py); ``split_name`` gives the
default they start from, and ``csl_name`` turns parts into a CSL name. Pure functions:
no database, so the back office, importers and migrations can all call them.

The default, most trusted first (docs/citations.md, "Names"):

1. A comma: "Khrushchev, Nikita Sergeevich" is the family name, then the given names,
   a patronymic staying with them.
2. Chinese, Japanese or Korean characters: family name first; without a space, the
   family name is the first character, or the first two for the compound family names
   below ("欧阳修", "남궁억"). Japanese names need their space ("田中 角栄").
3. A person's display name beside the sort name says the order: "Mao Zedong" beside
   "Mao, Zedong" is family-first, "Nikita Khrushchev" beside "Khrushchev, Nikita" is not.
4. A romanized name that starts with a common Chinese, Korean or Vietnamese family name
   (``EAST_ASIAN_FAMILY_NAMES``) is family-first: "Zhang Shu Guang", "Chen Jian", "Kim Il
   Sung", "Ho Chi Minh". A guess an editor corrects where it is wrong ("Lee Smith").
5. A Russian name with its patronymic last ("Khrushchev Nikita Sergeevich") starts with
   the family name, and is said given name first.
6. Otherwise the last word is the family name, with the lower-case particles before it
   ("Charles de Gaulle": "de Gaulle").
7. An institution or a title ("Politburo of the CC CPSU", "The Secretary of State") is
   never divided: a CSL literal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.db import models

__all__ = [
    "EAST_ASIAN_FAMILY_NAMES",
    "NameOrder",
    "NameParts",
    "csl_name",
    "split_name",
]


class NameOrder(models.TextChoices):
    """How a name is said, and so how citations print it."""

    GIVEN_FIRST = "given-first", "Given name first (Nikita Khrushchev)"
    FAMILY_FIRST = "family-first", "Family name first, always (Mao Zedong, Kim Il Sung)"
    LITERAL = "literal", "One piece, never divided (an institution)"


@dataclass(frozen=True)
class NameParts:
    """A name in parts. A literal keeps the whole name in ``family``."""

    family: str
    given: str = ""
    order: str = NameOrder.GIVEN_FIRST

    @property
    def spoken(self) -> str:
        """The name as said: "Nikita Khrushchev", "Mao Zedong", "毛泽东"."""
        if self.order == NameOrder.LITERAL or not self.given:
            return self.family
        if self.order == NameOrder.FAMILY_FIRST:
            joiner = "" if _CJK.search(self.family + self.given) else " "
            return self.family + joiner + self.given
        return f"{self.given} {self.family}"

    @property
    def inverted(self) -> str:
        """Family name, comma, given names ("Wolff, David"): RIS, BibTeX, Highwire."""
        if self.order == NameOrder.LITERAL or not self.given:
            return self.family
        return f"{self.family}, {self.given}"


def csl_name(parts: NameParts) -> dict[str, str | bool]:
    """A CSL-JSON name: {"family", "given"}, "static-ordering" when family-first, or a literal."""
    if parts.order == NameOrder.LITERAL:
        return {"literal": parts.family}
    name: dict[str, str | bool] = {"family": parts.family}
    if parts.given:
        name["given"] = parts.given
        if parts.order == NameOrder.FAMILY_FIRST:
            name["static-ordering"] = True
    return name


# --- The default ----------------------------------------------------------------------

# Chinese characters, kana and Hangul.
_CJK = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
_PARENTHESES = re.compile(r"\s*[(\[][^)\]]*[)\]]")
# Russian patronymics, romanized and in Cyrillic: Sergeevich, Ilyich, Kuzmich, Sergeevna,
# Ильич; not the "-rich" of Dietrich, Ulrich and Aldrich.
_PATRONYMIC = re.compile(r"(?:[^r]ich|ichna|ovna|evna|ич|ична|овна|евна)$", re.I)
_PARTICLES = {"de", "del", "della", "der", "di", "da", "du", "des", "van", "von", "ten", "ter"}
_PARTICLES |= {"bin", "ibn", "al", "el", "dos", "das", "do", "la", "le", "y"}
_FUNCTION_WORDS = {"of", "the", "for", "and", "to", "on", "in", "at", "&"}
_INSTITUTION_WORDS = {
    "academy", "agency", "archive", "archives", "army", "association", "bureau", "cc",
    "center", "centre", "collective", "command", "commission", "committee", "conference",
    "congress", "consulate", "corps", "council", "delegation", "department", "directorate",
    "embassy", "foundation", "government", "headquarters", "institute", "legation",
    "library", "ministry", "mission", "museum", "office", "party", "politburo", "presidium",
    "press", "program", "programme", "secretariat", "service", "society", "staff",
    "university",
}  # fmt: skip
_COMPOUND_FAMILY_NAMES = (
    "欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "司徒", "夏侯", "皇甫", "尉迟",
    "公孙", "慕容", "长孙", "宇文", "令狐", "轩辕", "端木", "东方", "独孤", "南宫", "西门",
    "钟离", "闻人", "申屠", "太史", "남궁", "황보", "제갈", "선우", "독고", "사공", "서문",
)  # fmt: skip

# Romanized family names (pinyin, Wade-Giles, Cantonese, Korean, Vietnamese without its
# diacritics), compared in lower case without apostrophes: common enough that a name
# starting with one is far more often family-first than an English name ("Lee Smith")
# is. Japanese is left out: Japanese names are mostly romanized given name first.
_ROMANIZED_FAMILY_NAMES = """
    an bai bao bi bian cai cao chang chen cheng chu cui dai deng ding dong du duan fan fang
    feng fu gao ge geng gong gu guan guo han hao he hong hou hu hua huang ji jia jiang jin
    kang kong lai lei li liang liao lin liu long lu luo lv ma mao meng mo nie niu ouyang pan
    peng qi qian qiao qin qiu rao ren rong shao shen sheng shi song su sun tan tang tao tian
    wan wang wei wen wu xi xia xiang xiao xie xiong xu xue yan yang yao ye yi yin ying yu
    yuan zeng zhai zhang zhao zheng zhong zhou zhu zhuang zou zuo
    chao chiang chien chin chou chuang hsia hsiao hsieh hsiung hsu hsueh jen kao keng ko kuo
    kung lo teng tsai tsao tseng tso tsou tu tuan wong yeh yen chan cheung chow chiu fong
    kwok kwan lam lau leung ng tsang yeung yip mak poon
    kim lee rhee ri park pak choi choe jung chung jeong cho jo yoon yun jang lim im oh seo
    suh shin kwon hwang ahn ryu yoo jeon chun moon mun son bae baek heo nam noh roh kwak
    sung sim shim chae cha joo woo min ryang hyun
    nguyen tran le pham hoang huynh phan vu vo dang bui ngo duong ly dinh truong trinh
    luong vuong quach kieu doan phung luu ho
"""
EAST_ASIAN_FAMILY_NAMES = frozenset(_ROMANIZED_FAMILY_NAMES.split())


def split_name(name: str, *, sort_name: str = "") -> NameParts:
    """The default parts of ``name`` (a person's display name or a contributor's name).

    ``sort_name``, a person's "Mao, Zedong", is trusted for the parts when it has a comma;
    ``name`` then says their order. Either may be empty.
    """
    name, sort_name = _clean(name), _clean(sort_name)
    for text in (sort_name, name):
        family, comma, given = text.partition(",")
        if comma and family.strip() and given.strip():
            family, given = family.strip(), given.strip()
            return NameParts(family, given, _order_of(family, given, name))
    text = name or sort_name
    if not text:
        return NameParts("", "", NameOrder.LITERAL)
    if _is_institution(text):
        return NameParts(text, "", NameOrder.LITERAL)
    if _CJK.search(text):
        return _split_cjk(text)
    return _split_romanized(text.split())


def _clean(text: str) -> str:
    # "Wang Ping-nan (Wang Bingnan)": the bracketed form is another name, not a part.
    return " ".join(_PARENTHESES.sub("", text or "").split())


def _order_of(family: str, given: str, spoken: str) -> str:
    if _CJK.search(family):
        return NameOrder.FAMILY_FIRST
    if spoken == f"{family} {given}":
        return NameOrder.FAMILY_FIRST
    if spoken == f"{given} {family}":
        return NameOrder.GIVEN_FIRST
    # No display name, or another spelling ("Mao Tse-tung"): the family names decide.
    if _fold(family) in EAST_ASIAN_FAMILY_NAMES:
        return NameOrder.FAMILY_FIRST
    return NameOrder.GIVEN_FIRST


def _split_cjk(text: str) -> NameParts:
    words = text.split()
    if len(words) > 1:
        return NameParts(words[0], " ".join(words[1:]), NameOrder.FAMILY_FIRST)
    if len(text) < 2:
        return NameParts(text, "", NameOrder.FAMILY_FIRST)
    size = 2 if text.startswith(_COMPOUND_FAMILY_NAMES) and len(text) > 2 else 1
    return NameParts(text[:size], text[size:], NameOrder.FAMILY_FIRST)


def _split_romanized(words: list[str]) -> NameParts:
    if len(words) == 1:
        return NameParts(words[0])
    if _fold(words[0]) in EAST_ASIAN_FAMILY_NAMES:
        return NameParts(words[0], " ".join(words[1:]), NameOrder.FAMILY_FIRST)
    if len(words) >= 3 and _PATRONYMIC.search(words[-1]) and not _PATRONYMIC.search(words[1]):
        # "Khrushchev Nikita Sergeevich": the Russian official order.
        return NameParts(words[0], " ".join(words[1:]))
    start = len(words) - 1
    while start > 1 and words[start - 1] in _PARTICLES:
        start -= 1
    return NameParts(" ".join(words[start:]), " ".join(words[:start]))


def _is_institution(text: str) -> bool:
    words = text.split()
    if len(words) < 2:
        return False
    lowered = [word.lower().strip(".,") for word in words]
    return (
        lowered[0] == "the"
        or any(word in _FUNCTION_WORDS for word in lowered[1:])
        or any(word in _INSTITUTION_WORDS for word in lowered)
    )


def _fold(word: str) -> str:
    """ "Nguyễn" -> "nguyen", "Ch'en" -> "chen", "Lü" -> "lu": for the family-name list."""
    decomposed = unicodedata.normalize("NFKD", word.replace("đ", "d").replace("Đ", "D"))
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"['’‘`-]", "", letters).lower()
