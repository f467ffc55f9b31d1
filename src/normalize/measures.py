"""Split a cell's text into typed measures: "12 spotkań, 280 uczestników" → two :class:`Measure`.

For each number that is a quantity (years, dates, codes, legal references, phone numbers, ages,
list numbering and ordinals are dropped) the normaliser decides:

* value type and measure – money (``zł``), percent (``%``), ratio (``1:15``), otherwise the
  head noun lemma after the number (``godzina`` → hours, ``etat`` → fte); a number without its
  own noun takes the noun from "Liczba X – 1200" before it, from the measure it breaks down
  (``w tym``, a unit breakdown, a parenthesis), or from ``context`` (indicator name / header);
* qualifier – a unit label (``"PCPR: 441 porad"``), a bound (``do``, ``co najmniej``,
  ``powyżej``, ``około``), a rate (``miesięcznie``, ``rocznie``, …) or ``on-line``;
* ``part_of`` – the index of the total a "w tym" / breakdown measure belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from raporty.models import Measure
from raporty.normalize.numbers import (
    MULTIPLIER_RE,
    MULTIPLIER_STEM,
    NumberSpan,
    cap_digit_runs,
    find_number_words,
    find_numbers,
    multiplier_of,
)
from raporty.polish.abbreviations import is_abbreviation
from raporty.polish.fold import fold
from raporty.polish.lemmas import HeadNoun, can_modify, find_head_noun, nominative_lemma

_HTML_TAG_RE = re.compile(r"</?[a-zA-Z][^>]*>")
_MONTHS = r"(?:stycz|lut|mar[cz]|kwie[tc]|maj|czerw|lip|sierp|wrze[sś]|pa[zź]dziern|listopad|grud)\w*"

#: Text regions whose numbers are never quantities.
_EXCLUDED_REGION_RES = [
    re.compile(r"\b\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{2,4}\s*(?:r\.|r\b)?"),  # 12.03.2021
    # a day and month without the year after "na", "dnia", "od", "do": "stan na 30.06" (a decimal is
    # written with a comma, a thousands dot has three digits after it)
    re.compile(
        r"\b(?:na|dnia|dzie[nń]|od|do)\s+(?:dzie[nń]\s+)?(?:0?[1-9]|[12]\d|3[01])\.(?:0[1-9]|1[0-2])(?![\d,]|\.\d|\s*(?:z[łl]|pln|%))",
        re.IGNORECASE,
    ),
    re.compile(rf"\b\d{{1,2}}\s+{_MONTHS}(?:\s+\d{{4}})?", re.IGNORECASE),  # 12 marca 2021
    re.compile(r"\b(?:tel|telefon|fax|tel\.\s*kom)\.?\s*:?\s*(?:\+?\s*48)?[\d\s()/-]{6,}\d", re.IGNORECASE),
    re.compile(r"\+\s*48[\d\s-]{8,}\d"),
    re.compile(r"\b\d{1,2}[:.]\d{2}\s*[-–]\s*\d{1,2}[:.]\d{2}\b"),  # opening hours 10:00-16:00
    re.compile(r"\b(?:godz\.?|godzinie|godzinach|od|do)\s*\d{1,2}:\d{2}\b", re.IGNORECASE),  # "o godz. 10:30"
    re.compile(r"\bDz\.\s*U\.?[^;\n]*?poz\.\s*\d+", re.IGNORECASE),
    re.compile(
        r"(?:\b(?:art|ust|pkt|poz|par|rozdz|nr|no|numer|zał|edycj\w*|etap)\.?|§)\s*\d+[a-z]?\b", re.IGNORECASE
    ),
    re.compile(r"\b(?:w\s+wieku|wiek)\s+(?:od\s+|do\s+)?\d+(?:\s*[-–]\s*\d+)?", re.IGNORECASE),
    # "do lat 3" (also glued by OCR: "dziećmidolat 3")
    re.compile(r"(?:\b|(?<=do))lat\s+\d+(?:\s*[-–]\s*\d+)?", re.IGNORECASE),
    re.compile(
        r"\d+(?:\s*[-–]\s*\d+)?\s*(?:lat(?:a|ek|ach)?|latek|roku\s+życia|r\.\s*ż\.?|miesi[ąę]c\w*\s+życia)\b",
        re.IGNORECASE,
    ),
    re.compile(r"(?:^|\n)\s*\d{1,2}\s*[.)](?!\d)", re.MULTILINE),  # list numbering "1." / "2)"
    re.compile(r"(?<![\d.,])\b\d{1,2}\.(?=\s+[A-ZŻŹĆŁŚÓ][a-ząćęłńóśźż])"),  # inline "2. Usługą"
    re.compile(r"\b\d+\s*\.(?=\s*[a-ząćęłńóśźż])"),  # ordinal "2. edycja"
    re.compile(
        r"\b\d+\s*-\s*(?:ej|go|ego|ty|ta|te|ym|mu|ch|cia|ci|ga|gi|osobow\w*|letni\w*|krotn\w*)\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b\d+\s*\+"),  # "3+" programme names
    re.compile(r"\b\d{2}-\d{3}\b"),  # postcodes
    re.compile(r"\b(?:ul|al|os|pl)\.\s+[^\d,;\n]{2,40}?\s\d+[a-zA-Z]?(?:\s*/\s*\d+)?"),  # street addresses
    re.compile(r"\b(?:od\s+)?\d+\s+do\s+\d+\s+(?:lat|roku\s+życia)", re.IGNORECASE),  # "od 3 do 6 lat"
    re.compile(r"„[^„”\"\n]{1,120}[”\"]"),  # numbers inside quoted names: program „5 porcji warzyw”
    re.compile(r"\b\d+\s*/\s*\d+(?!\d|\s*etat)"),  # "1/2021" style codes
    re.compile(r"\b(?:19|20)\d{2}\s*[-–/]\s*(?:19|20)\d{2}\b"),  # year ranges
    re.compile(r"\b(?:19|20)\d{2}\s*(?:r\b\.?|rok\w*|roczn\w*)", re.IGNORECASE),
    re.compile(rf"(?:\b(?:roku|rok|latach|lata|{_MONTHS})\s+)(?:19|20)\d{{2}}\b", re.IGNORECASE),
]

_SEGMENT_SEPARATOR_RE = re.compile(r"[,;\n()\[\]]|\s[–—-]\s|\s[–—]|[–—]\s")
_W_TYM_RE = re.compile(r"\bw\s+tym\b", re.IGNORECASE)
_ONLINE_RE = re.compile(r"\bon[\s-]?line\b|\bw\s+sieci\b|\bzdaln\w*\s+(?:form|spotka)", re.IGNORECASE)
_BOUND_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "co najmniej",
        re.compile(r"(?:\bco\s+najmniej|\bmin\.|\bminimum|\bnie\s+mniej\s+ni[zż]|\bprzynajmniej)\s*$", re.I),
    ),
    ("powyżej", re.compile(r"(?:\bpowy[zż]ej|\bponad|\bwi[eę]cej\s+ni[zż])\s*$", re.I)),
    ("do", re.compile(r"(?:\bdo|\bmaks\.?|\bmax\.?|\bmaksymalnie|\bnie\s+wi[eę]cej\s+ni[zż])\s*$", re.I)),
    ("około", re.compile(r"(?:\bok\.|\boko[lł]o|\bblisko|\bprawie)\s*$", re.I)),
]
_RATE_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "miesięcznie",
        re.compile(
            r"/\s*(?:miesi[aą]c|mies\.?|m-c)|\bmiesi[eę]cznie|\bw\s+skali\s+miesi[aą]ca|\bna\s+miesi[aą]c\b"
            r"|\b(?:raz\w*|x)\s+w\s+miesi[aą]cu\b",  # "2 razy w miesiącu", "2 x w miesiącu"
            re.I,
        ),
    ),
    (
        "rocznie",
        re.compile(
            r"/\s*rok\b|\brocznie|\bw\s+skali\s+roku|\bna\s+rok\b|\bw\s+ci[aą]gu\s+roku"
            r"|\b(?:raz\w*|x)\s+w\s+roku\b",  # "2 razy w roku" (not "w roku 2023")
            re.I,
        ),
    ),
    ("tygodniowo", re.compile(r"/\s*tydzie[nń]|\btygodniowo|\bw\s+tygodniu\b", re.I)),
    ("dziennie", re.compile(r"/\s*dzie[nń]|\bdziennie\b", re.I)),
]
_LABEL_COLON_RE = re.compile(
    r"(?:^|[\n,;(]|\bw\s+tym\b)\s*[-–•]?\s*(?P<label>[^\n,;:()]{1,60}?)\s*:\s*$", re.I
)
_LABEL_LINE_RE = re.compile(r"(?:^|[\n:])\s*(?P<label>[^\n:]{1,60}?)\s*:\s*\n\s*$")
_LABEL_ABBR_RE = re.compile(
    r"(?:^|[\n(,;])\s*(?P<label>[A-ZŻŹĆŁŚÓ]{2,}[^\n:]{0,40}?)\s*(?:\([^)\n]*\))?\s*(?:[–—:-]\s*)?$"
)
_PARAGRAPH_LABEL_RE = re.compile(r"\s*(?P<label>[A-ZŻŹĆŁŚÓ]{2,}[^\n:()\d]{0,30}?)\s*:\s*\S")
_LIKE_LABEL_WORD_RE = re.compile(r"[A-ZŻŹĆŁŚÓ]")
_LICZBA_RE = re.compile(
    r"\b(?:liczb|ilo[sś][cć]|liczebno[sś][cć])\w*\s+(?P<rest>.+?)\s*[–—:=-]?\s*$", re.IGNORECASE
)
#: A label that names what its number measures rather than who reports it: "Liczba X", "Odsetek X",
#: "Kwota X" are frames of a quantity (of X, a share, a sum of money), never a unit or the measure.
_FRAME_RE = re.compile(
    r"^\W*(?:(?:[łl][aą]czn|ogóln|ogoln|całkowit|calkowit)\w*\s+)?"
    r"(?:(?P<count>liczb\w*|ilo[sś][cć]\w*|liczebno[sś][cć]\w*)"
    r"|(?P<percent>odset\w*|procent\w*|udzia[łl]\w*(?!\s+w\s))"
    r"|(?P<money>kwot\w*|wysoko[sś][cć]\w*\s+(?:[sś]rodk|wydatk|nak[łl]ad|[sś]wiadcze|dotacj|koszt)\w*"
    r"|warto[sś][cć]\w*\s+(?:[sś]wiadcze|wydatk|nak[łl]ad|dotacj|pomocy|zakup|us[łl]ug)\w*|koszt\w*))"
    r"(?:\s+(?P<rest>.*?))?\s*[–—:=-]?\s*$",
    re.IGNORECASE,
)
_MONEY_CONTEXT_RE = re.compile(
    r"\(\s*(?:w\s+)?z[łl]|\bz[łl]\b|\bpln\b|\bkwot\w*|\bwydatk\w*|\bkoszt\w*|\bbud[zż]et\w*|\bwynagrodze\w*"
    r"|\b[sś]rodk\w*\s+(?:finansow|na\s+realizacj|pozyskan|przeznaczon)\w*|\bwysoko[sś][cć]\s+[sś]rodk\w*|\bdotacj\w*",
    re.IGNORECASE,
)
_PERCENT_CONTEXT_RE = re.compile(
    r"\(\s*%\s*\)|\bodsetek\b|\bprocent\w*|\bw\s+%|^\W*udzia[łl]\b(?!\s+w\s)", re.IGNORECASE
)
_RATIO_CONTEXT_RE = re.compile(
    r"\bdynamik\w*|\bstosun\w*|\bwsp[oó][lł]czynnik\w*|\brelacj\w*|\biloraz\w*", re.IGNORECASE
)
_INDICATOR_WORD_RE = re.compile(r"\bwska[zź]nik\w*|\bwsp[oó][lł]czynnik\w*", re.IGNORECASE)
#: The scale of money a header names: "(tys. zł)", "tys. PLN", "(w tys.)" in a money header.
_CONTEXT_SCALE_RE = re.compile(
    rf"\b({MULTIPLIER_STEM})\w*\.?\s*(?:z[łl]|pln\b)|\(\s*w\s+({MULTIPLIER_STEM})\w*\.?\s*\)", re.IGNORECASE
)
_FRACTION_RE = re.compile(r"/\s*(\d{1,2})\s+(?=etat)", re.IGNORECASE)  # "1/2 etatu"
_RATIO_AFTER_RE = re.compile(r"\s*:\s*(\d+(?:,\d+)?)")
_UNIT_SYMBOLS = {
    "metr kwadratowy": "m²",
    "metr": "m",
    "kilometr": "km",
    "km": "km",
    "kilogram": "kg",
    "tona": "t",
    "minuta": "minuta",
}
#: Head nouns of a trend note written after a value ("2 wzrost", "53 669,70 spadek").
_TREND_LEMMAS = {"wzrost", "spadek", "brak", "utrzymanie", "stabilizacja", "zwyżka", "zniżka"}
#: Nouns a numeral word does not count ("dwa razy", "przez trzy lata").
_NOT_COUNTED_AFTER_WORD = {
    "raz",
    "rok",
    "lato",
    "strona",
    "dzień",
    "tydzień",
    "miesiąc",
    "sposób",
    "czas",
    "bok",
}
#: A year linked to the numbers after it by a parenthesis, colon or dash ("2022 r. (35 osób)").
_VALUE_YEAR_RE = re.compile(
    r"(?<![\d.,/-])(?P<year>(?:19|20)\d{2})(?![\d.,/])\s*(?:r\b\.?|rok\w*)?\s*(?P<link>\(|:|[–—-](?!\s*(?:19|20)\d{2}\b))"
    r"(?=\s*[-−]?\d)",
    re.IGNORECASE,
)
#: A spaced dash and a lower-case word after a number: a note on it ("13 – dane wstępne"); the
#: counted noun follows its number directly.
#: A note after the number, not what it counts: after a dash ("13 – dane wstępne") or a footnote
#: mark ("88 ** dane z systemu", "12 *) szacunkowo").
_NOTE_AFTER_RE = re.compile(r"\s+[–—-]\s+[a-ząćęłńóśźż]|\s*\*+\)?\s*[^\W\d_]")
_VALUE_TYPE_BY_MEASURE = {"godzina": "hours", "etat": "fte"}
_MAX_LABEL_WORDS = 4
#: The label of the following number at the end of a phrase ("…\nGOPS: " / "\n PCPR – ").
_NEXT_LABEL_RE = re.compile(r"(?:^|[\n,;(])\s*[A-ZŻŹĆŁŚÓ][^\n,;:()]{0,40}?(?:\s*:|\s[–—-]|-)\s*$")
#: A line holding only a trend word (a separate "wzrost/spadek" column merged into the cell).
_TREND_WORDS = r"(?:wzrost|spadek|bez\s+zmian|utrzyman\w*|stabiln\w*|brak\s+zmian)"
_TREND_LINE_RE = re.compile(rf"^[ \t]*{_TREND_WORDS}[ \t]*$", re.IGNORECASE | re.MULTILINE)


#: Trend words anywhere in a cell ("wzrost 1950", "1950 spadek").
_TREND_WORDS_RE = re.compile(rf"\b{_TREND_WORDS}\b", re.IGNORECASE)


@dataclass
class _Draft:
    span: NumberSpan
    value: float
    measure: str | None
    value_type: str
    qualifier: str | None
    label: str | None
    part_of: int | None
    zone_end: int
    own_noun: bool
    year: int | None = None
    modifier_head: bool = False  # its head word is also an adjective: a breakdown leaves out the noun


def _prepare(text: str, repair: bool) -> str:
    text = _HTML_TAG_RE.sub(" ", text)
    if repair:
        from raporty.polish.repair import repair_text

        try:
            text = repair_text(text)
        except Exception:  # noqa: BLE001 - a failing repair must not lose the cell
            pass
    return text.replace("\r", "\n")


def _blank_trend_lines(text: str) -> str:
    """A line holding only a trend word is no phrase of a number (same length: positions stay)."""
    return _TREND_LINE_RE.sub(lambda m: " " * len(m.group(0)), text)


def _excluded_regions(text: str) -> list[tuple[int, int]]:
    regions: list[tuple[int, int]] = []
    for pattern in _EXCLUDED_REGION_RES:
        regions.extend((m.start(), m.end()) for m in pattern.finditer(text))
    return regions


def _inside(span: NumberSpan, regions: list[tuple[int, int]]) -> bool:
    return any(start <= span.start and span.end <= end for start, end in regions)


def _is_year(span: NumberSpan, head: HeadNoun | None, context: str | None, opens_cell: bool = False) -> bool:
    """A bare 1950–2099 with no counted noun is a year, unless it is money/percent (by unit or
    context), or opens its cell under an indicator naming what it counts ("Liczba paczek" |
    "1981", "1950 – wzrost"; "dane z 2019" stays a year)."""
    if span.currency or span.percent or not re.fullmatch(r"(?:19[5-9]|20\d)\d", span.text):
        return False
    cm = context_measure(context)
    if head is None and cm is not None and cm.value_type in {"money", "percent", "ratio"}:
        return False
    if head is None and opens_cell and cm is not None and cm.measure and cm.measure not in {"rok", "r"}:
        return False
    return head is None or head.lemma in {"rok", "r"}


@dataclass(frozen=True)
class _ContextMeasure:
    measure: str | None
    value_type: str
    noun: HeadNoun | None = None
    scale: float = 1.0  # "Kwota (tys. zł)": bare numbers are thousands


@lru_cache(maxsize=4096)
def context_measure(context: str | None) -> _ContextMeasure | None:
    """What a bare number means under an indicator name or column header."""
    if not context or not context.strip():
        return None
    if _PERCENT_CONTEXT_RE.search(context):
        return _ContextMeasure("%", "percent")
    liczba = _LICZBA_RE.search(context)
    if _MONEY_CONTEXT_RE.search(context) and not (liczba and "(z" not in context.lower()):
        scale = _CONTEXT_SCALE_RE.search(context)
        factor = multiplier_of(scale.group(1) or scale.group(2)) if scale else 1.0
        return _ContextMeasure("zł", "money", scale=factor)
    ratio = _RATIO_CONTEXT_RE.search(context)
    if ratio and (not liczba or ratio.start() < liczba.start()):
        head = _name_head(context)
        return _ContextMeasure(head.lemma if head else None, "ratio", head)
    if liczba:
        head = _head_noun(liczba.group("rest"), None)
        if head is not None:
            return _ContextMeasure(head.lemma, _value_type_for(head.lemma), head)
    elif _INDICATOR_WORD_RE.search(context):
        head = _name_head(context)  # "Przyrost naturalny w gminie, wskaźnik W2" → przyrost (a rate)
        if head is not None:
            return _ContextMeasure(head.lemma, "ratio", head)
    return None


def _name_head(name: str) -> HeadNoun | None:
    """The head noun an indicator name starts with, unless it is a word for a ratio itself
    ("Przyrost naturalny …, wskaźnik W6" → przyrost; "Stosunek liczby …" → None)."""
    first_clause = re.split(r"[,;:(]", name, maxsplit=1)[0]
    head = find_head_noun(first_clause, None)
    nominative = nominative_lemma(head.word) if head is not None else None
    if head is not None and nominative:  # the name starts with its head, in the nominative
        head = HeadNoun(nominative, head.word, head.known, head.position)
    if (
        head is None
        or head.position > 1
        or _RATIO_CONTEXT_RE.match(head.word)
        or _INDICATOR_WORD_RE.match(head.word)
    ):
        return None
    return head


def _value_type_for(measure: str | None) -> str:
    return _VALUE_TYPE_BY_MEASURE.get(measure or "", "count")


def _abbreviation_names_context(abbreviation: str, context: str | None) -> bool:
    """True when the abbreviation is written in, or is the initials of words of, the context."""
    if not context:
        return False
    if re.search(rf"\b{re.escape(abbreviation)}\b", context, re.IGNORECASE):
        return True
    capitals = "".join(ch for ch in abbreviation if ch.isupper())
    initials = "".join(word[0].upper() for word in re.findall(r"[^\W\d_]+", context))
    return len(capitals) >= 2 and capitals in initials


def _line_start(text: str, position: int, floor: int) -> int:
    cut = max(
        text.rfind("\n", floor, position), text.rfind(",", floor, position), text.rfind(";", floor, position)
    )
    return max(cut + 1, floor)


def _zone_end(text: str, position: int, limit: int) -> int:
    match = _SEGMENT_SEPARATOR_RE.search(text, position, limit)
    return match.start() if match else limit


def _label(text: str, number_start: int, floor: int) -> str | None:
    """A unit label written right before the number ("PCPR: 441", "GOPS- 9", "POW:\\n53 669,70")."""
    before = text[floor:number_start]
    for pattern in (_LABEL_COLON_RE, _LABEL_LINE_RE, _LABEL_ABBR_RE):
        match = pattern.search(before)
        if not match:
            continue
        label = re.sub(r"\s+", " ", match.group("label")).strip(" -–•\t")
        label = re.sub(r"\s*\([^)]*\)\s*", " ", label).strip()
        if not label or _W_TYM_RE.fullmatch(label) or len(label.split()) > _MAX_LABEL_WORDS:
            continue
        if re.search(r"\d", label) or not _LIKE_LABEL_WORD_RE.match(label):
            continue
        if fold(label) in {"w tym", "lacznie", "razem", "ogolem", "suma"} or _FRAME_RE.match(label):
            continue
        return label
    return None


def _frame_before(text: str, position: int, floor: int) -> tuple[str | None, str] | None:
    """(measure, value type) a frame label in front of a bare number gives it: "Liczba osób, które
    skorzystały z porad – 87" → osoba; "Odsetek rodzin – 12,5" → %; "Kwota świadczeń: 1 200" → zł.
    The label runs from the line start (commas inside it are the label's own) to the number."""
    line_start = max(text.rfind("\n", floor, position) + 1, floor)
    label = text[line_start:position]
    if re.search(r"\d", label):
        return None
    match = _FRAME_RE.match(label)
    if match is None:
        return None
    if match.group("percent"):
        return "%", "percent"
    if match.group("money"):
        return "zł", "money"
    head = _head_noun(match.group("rest") or "", None)
    return (head.lemma, _value_type_for(head.lemma)) if head is not None else None


def _directly_after(text: str, previous: _Draft, span: NumberSpan) -> bool:
    """True when the parenthesis holding ``span`` follows the previous measure's short noun phrase
    ("10 uczniów ( 3 uczniów …" / "99 (21 …, 78 …"), i.e. the number breaks that measure down."""
    opening = text.rfind("(", previous.span.end_with_unit, span.start)
    if opening < 0:
        return True  # the previous measure is itself inside the same parenthesis
    between = text[previous.span.end_with_unit : opening]
    return len(between.split()) <= 3 and not re.search(r"[.;:!?]", between)


def _paragraph_label(text: str, position: int) -> str | None:
    """The unit heading the paragraph: "UPPK: W 2023 roku … 25 osób …" → "UPPK".

    A paragraph runs back to a blank line; its first line must start with an abbreviation-led
    label and a colon, and no line in between may start a label of its own.
    """
    line = text[text.rfind("\n", 0, position) + 1 : position]
    own_line = _PARAGRAPH_LABEL_RE.match(line)
    if own_line is not None:
        label = re.sub(r"\s+", " ", own_line.group("label")).strip()
        return label if len(label.split()) <= _MAX_LABEL_WORDS else None
    paragraph_start = text.rfind("\n\n", 0, position)
    paragraph = text[paragraph_start + 1 if paragraph_start >= 0 else 0 : position]
    lines = [line for line in paragraph.split("\n") if line.strip()]
    if not lines:
        return None
    match = _PARAGRAPH_LABEL_RE.match(lines[0])
    if match is None or any(_PARAGRAPH_LABEL_RE.match(line) for line in lines[1:]):
        return None
    label = re.sub(r"\s+", " ", match.group("label")).strip()
    return label if len(label.split()) <= _MAX_LABEL_WORDS else None


def _bound(prefix: str) -> str | None:
    for qualifier, pattern in _BOUND_RULES:
        if pattern.search(prefix):
            return qualifier
    return None


def _rate(zone: str) -> str | None:
    for qualifier, pattern in _RATE_RULES:
        if pattern.search(zone):
            return qualifier
    return None


def _negative(text: str, span: NumberSpan) -> bool:
    if span.start == 0 or text[span.start - 1] not in "-−":
        return False
    return span.start == 1 or text[span.start - 2] in " \t\n(:;"


def _restored_head(phrase: str, value: float | None) -> HeadNoun | None:
    """The head noun of a phrase whose unknown noun lost its diacritics ("posilki" → posiłek), when
    restoring them gives a known noun."""
    from raporty.polish.repair import repair_text

    try:
        repaired = repair_text(phrase)
    except Exception:  # noqa: BLE001 - a failing repair leaves the noun as written
        return None
    head = find_head_noun(repaired, value) if repaired != phrase else None
    return head if head is not None and head.known else None


def _head_noun(phrase: str, value: float | None) -> HeadNoun | None:
    """find_head_noun, with the diacritics of an unknown noun restored when that makes it known."""
    head = find_head_noun(phrase, value)
    if head is not None and not head.known and not is_abbreviation(head.word):
        return _restored_head(phrase, value) or head
    return head


def _classify_number(
    text: str, span: NumberSpan, next_start: int, context: str | None
) -> tuple[str | None, str, HeadNoun | None]:
    """(measure, value_type, head noun) from what is written right after the number."""
    if span.currency:
        return "zł", "money", None
    if span.percent:
        return "%", "percent", None
    phrase = text[span.end_with_unit : next_start]
    if _NOTE_AFTER_RE.match(phrase):
        return None, "count", None  # "13 – dane wstępne", "88 ** dane z systemu": a note
    label_of_next = _NEXT_LABEL_RE.search(phrase)
    if label_of_next and len(label_of_next.group(0).split()) <= _MAX_LABEL_WORDS + 1:
        phrase = phrase[: label_of_next.start()]
    head = _head_noun(phrase, span.value)
    if head is not None and head.position == 0 and head.lemma in _TREND_LEMMAS:
        head = None  # "298 wzrost": a trend note beside a bare number, not the counted thing
    if head is None:
        return None, "count", None
    if not head.known and is_abbreviation(head.word):
        cm = context_measure(context)
        if cm is not None and cm.measure and _abbreviation_names_context(head.word, context):
            return cm.measure, cm.value_type, head
        if cm is not None and cm.measure:
            return None, "count", head  # a unit name after the number: measure comes from elsewhere
        return head.lemma, "count", head
    if head.lemma == "raz" and span.text[:1].isdigit() and (before := _noun_just_before(text, span)):
        return before, _value_type_for(before), head  # "spotkania 2 razy w miesiącu": meetings, twice
    measure = _UNIT_SYMBOLS.get(head.lemma, head.lemma)
    value_type = "other" if head.lemma in _UNIT_SYMBOLS else _value_type_for(measure)
    if measure == "złoty":
        return "zł", "money", head
    return measure, value_type, head


def _noun_just_before(text: str, span: NumberSpan) -> str | None:
    """The lemma of a noun written right before the number, in its line ("dyżury 3 razy")."""
    words = re.findall(r"[^\W\d_]+", text[text.rfind("\n", 0, span.start) + 1 : span.start])
    head = _head_noun(words[-1], None) if words else None
    return head.lemma if head is not None and head.position == 0 else None


def _unit_after(text: str, span: NumberSpan, head: HeadNoun | None, zone_end: int) -> str | None:
    """A unit abbreviation written after a bare number ("11 (GOPS)", "1 GOPS Mogilany")."""
    zone = text[span.end_with_unit : zone_end + 1]
    match = re.match(r"\s*\(\s*([A-ZŻŹĆŁŚÓ]{2,}[^()\n]{0,30}?)\s*\)", text[span.end_with_unit :])
    if match:
        return match.group(1).strip()
    if head is not None and is_abbreviation(head.word):
        words = re.match(r"\s*((?:[A-ZŻŹĆŁŚÓ][\w-]*)(?:[ \t]+[A-ZŻŹĆŁŚÓ][\w-]*){0,3})", zone)
        return words.group(1).strip() if words else head.word
    return None


def _counted_after_word(head: HeadNoun | None, measure: str | None) -> bool:
    return (
        head is not None
        and head.known
        and head.position <= 2
        and measure is not None
        and measure not in _NOT_COUNTED_AFTER_WORD
    )


def _fixed_draft(
    span: NumberSpan, value: float, measure: str | None, value_type: str, zone_end: int
) -> _Draft:
    """A measure whose type is settled by its notation ("1:15" ratio, "1/2 etatu")."""
    return _Draft(span, value, measure, value_type, None, None, None, zone_end, own_noun=True)


def _drafts(text: str, context: str | None) -> list[_Draft]:
    regions = _excluded_regions(text)
    spans = [s for s in find_numbers(text) if not _inside(s, regions)]
    digit_spans = len(spans)
    spans += [s for s in find_number_words(text) if not _inside(s, regions)]
    if len(spans) > digit_spans:
        spans.sort(key=lambda s: s.start)
    drafts: list[_Draft] = []
    skip_until = -1
    for i, span in enumerate(spans):
        if span.start < skip_until:
            continue
        next_start = spans[i + 1].start if i + 1 < len(spans) else len(text)
        ratio = _RATIO_AFTER_RE.match(text, span.end) if not span.currency and not span.percent else None
        if ratio and not text[span.end :].lstrip().startswith(":\n"):
            denominator = find_numbers(ratio.group(1))
            if denominator and denominator[0].value:
                skip_until = ratio.end()
                zone_end = _zone_end(text, ratio.end(), len(text))
                value = span.value / denominator[0].value
                drafts.append(_fixed_draft(span, value, None, "ratio", zone_end))
                continue
        fraction = _FRACTION_RE.match(text, span.end)
        if fraction:
            denominator = find_numbers(fraction.group(1))
            if denominator and denominator[0].value:
                skip_until = fraction.end(1)
                value = span.value / denominator[0].value
                drafts.append(
                    _fixed_draft(span, value, "etat", "fte", _zone_end(text, fraction.end(), len(text)))
                )
                continue
        measure, value_type, head = _classify_number(text, span, next_start, context)
        opens = not _TREND_WORDS_RE.sub("", text[: span.start]).strip()  # a trend word may stand first
        if _is_year(span, head, context, opens_cell=opens):
            continue
        if not span.text[:1].isdigit() and not _counted_after_word(head, measure):
            continue  # a numeral word counts only the known noun right after it ("dwóch spotkań")
        value = (
            -span.value if head is None and _negative(text, span) else span.value
        )  # "-12 spotkań" is a bullet
        zone_end = _zone_end(text, span.end_with_unit, next_start)
        if head is not None and not text[span.end_with_unit : zone_end].strip() and zone_end < next_start:
            zone_end = _zone_end(text, zone_end + 1, next_start)
        own_noun = measure is not None
        unit_label = None
        if measure is None and head is not None:
            unit_label = _unit_after(text, span, head, zone_end)
        elif measure is None:
            unit_label = _unit_after(text, span, None, zone_end)
        draft = _Draft(span, value, measure, value_type, None, unit_label, None, zone_end, own_noun)
        draft.modifier_head = head is not None and measure is not None and can_modify(head.word)
        drafts.append(draft)
    return drafts


def _resolve(text: str, drafts: list[_Draft], context: str | None) -> None:
    cm = context_measure(context)
    w_tym_positions = [m.end() for m in _W_TYM_RE.finditer(text)]
    previous_end = 0
    for index, draft in enumerate(drafts):
        span = draft.span
        label = _label(text, span.start, previous_end) or draft.label
        line_before = text[text.rfind("\n", 0, span.start) + 1 : span.start]
        in_parenthesis = text.rfind("(", previous_end, span.start) > text.rfind(
            ")", previous_end, span.start
        ) or line_before.count("(") > line_before.count(")")
        breakdown = in_parenthesis and index > 0 and _directly_after(text, drafts[index - 1], span)
        if label is None and not breakdown:
            label = _paragraph_label(text, span.start)
        # Parent for "w tym" / breakdowns / parentheses.
        parent: int | None = None
        w_tym_before = [p for p in w_tym_positions if p <= span.start]
        if w_tym_before and index > 0:
            anchor = max(w_tym_before)
            candidates = [j for j in range(index) if drafts[j].span.start < anchor]
            if candidates:
                parent = candidates[-1]
                while (above := drafts[parent].part_of) is not None:
                    parent = above
        if parent is None and index > 0 and in_parenthesis and not draft.own_noun:
            parent = index - 1
        if parent is not None and draft.modifier_head and drafts[parent].measure is not None:
            # "38 rodzin, w tym 9 nowych", "120 osób (w tym 40 niepełnosprawnych)": the part counts
            # the total's noun, which the adjective stands for
            draft.measure, draft.value_type = drafts[parent].measure, drafts[parent].value_type
        if draft.measure is None and draft.value_type == "count":
            liczba = _LICZBA_RE.search(text[_line_start(text, span.start, previous_end) : span.start])
            head = _head_noun(liczba.group("rest"), None) if liczba else None
            frame = _frame_before(text, span.start, previous_end) if head is None else None
            if head is not None:
                draft.measure, draft.value_type = head.lemma, _value_type_for(head.lemma)
            elif frame is not None:
                draft.measure, draft.value_type = frame
            elif parent is not None:
                draft.measure, draft.value_type = drafts[parent].measure, drafts[parent].value_type
            elif cm is not None:
                draft.measure, draft.value_type = cm.measure, cm.value_type
                draft.value *= cm.scale
            elif index > 0:
                draft.measure, draft.value_type = drafts[index - 1].measure, drafts[index - 1].value_type
        if label and parent is None and index > 0 and drafts[0].label is None:
            if all(drafts[j].label for j in range(1, index)) and drafts[0].measure == draft.measure:
                parent = 0
        draft.label = label
        draft.part_of = parent
        zone = text[span.end_with_unit : draft.zone_end]
        between = text[previous_end : span.start]
        qualifier = label or _bound(text[max(0, span.start - 30) : span.start]) or _rate(zone)
        if qualifier is None and (
            _ONLINE_RE.search(zone) or _ONLINE_RE.search(between[-80:] if between else "")
        ):
            gap = text[previous_end : span.start]
            if _ONLINE_RE.search(zone) or not re.search(r"\d", gap):
                qualifier = "on-line"
        draft.qualifier = qualifier
        previous_end = draft.zone_end
    _propagate_online(text, drafts)
    _mark_ranges(text, drafts)
    _assign_years(text, drafts)
    if drafts:
        trailing = text[drafts[-1].zone_end :]
        note = re.search(r"\(([^()]*)\)?", trailing)
        if note and _ONLINE_RE.search(note.group(1)) and not re.search(r"\d", note.group(1)):
            for draft in drafts:
                if draft.qualifier is None:
                    draft.qualifier = "on-line"


def _value_year_zones(text: str) -> list[tuple[int, int, int]]:
    """(start, end, year) of text whose numbers the text itself ties to a year.

    "w stosunku do roku 2022 (35 osób)" / "do 2022 r (9 osób)" → the parenthesis;
    "w 2022 r. – 35 osób, 4 grupy" / "2022: 35" → up to the end of the clause. A year followed by
    the number with no link ("W 2023 roku 5 osób …") is a preamble and ties nothing.
    """
    zones: list[tuple[int, int, int]] = []
    for match in _VALUE_YEAR_RE.finditer(text):
        if re.search(r"(?:19|20)\d{2}\s*[-–—]\s*$", text[max(0, match.start() - 12) : match.start()]):
            continue  # the end of a year range "2021 - 2023"
        start = match.end()
        if match.group("link") == "(":
            close = text.find(")", start)
            end = close if close >= 0 else _clause_end(text, start)
        else:
            end = _clause_end(text, start)
        zones.append((start, end, int(match.group("year"))))
    return zones


def _clause_end(text: str, start: int) -> int:
    match = re.compile(r"[;\n)]|\.\s+[A-ZŻŹĆŁŚÓ]|\b(?:19|20)\d{2}\b").search(text, start)
    return match.start() if match else len(text)


def _assign_years(text: str, drafts: list[_Draft]) -> None:
    zones = _value_year_zones(text)
    for draft in drafts:
        for start, end, year in zones:
            if start <= draft.span.start < end:
                draft.year = year
                break


def _mark_ranges(text: str, drafts: list[_Draft]) -> None:
    """ "10-15 spotkań", "od 5 do 10 osób": the lower end takes the upper end's measure and scale;
    the ends are qualified "co najmniej" / "do"."""
    for low, high in zip(drafts, drafts[1:], strict=False):
        if low.own_noun:
            continue
        gap = text[low.span.end_with_unit : high.span.start]
        dash = re.fullmatch(r"\s*[-–—]\s*", gap)
        od_do = re.fullmatch(r"\s*do\s+", gap, re.IGNORECASE) and re.search(
            r"\bod\s*$", text[max(0, low.span.start - 5) : low.span.start], re.IGNORECASE
        )
        if not (dash or od_do):
            continue
        multiplier = MULTIPLIER_RE.match(text, high.span.end)
        if multiplier and low.span.end_with_unit == low.span.end:
            low.value *= multiplier_of(multiplier.group("word"))
        low.measure, low.value_type = high.measure, high.value_type
        low.qualifier = "co najmniej" if low.qualifier in (None, "do") else low.qualifier
        high.qualifier = high.qualifier or "do"


def _propagate_online(text: str, drafts: list[_Draft]) -> None:
    """An on-line measure carries the tag to the measures listed right after it, until the pair ends.

    "20 kursów on-line, 400 uczestników" → both on-line; the group ends at a measure introduced by
    its own words ("…, konkurs stacjonarny – 429 odwiedzin"), at a repeated measure, or at a
    measure with its own qualifier.
    """
    group: set[str | None] | None = None
    for index, draft in enumerate(drafts):
        if draft.qualifier == "on-line" and draft.part_of is None:
            group = {draft.measure}
            continue
        if group is None or index == 0:
            continue
        gap = text[drafts[index - 1].zone_end : draft.span.start]
        if draft.qualifier is not None or draft.part_of is not None or draft.measure in group:
            group = None
        elif re.sub(r"[\s,;]", "", gap):
            group = None
        else:
            draft.qualifier = "on-line"
            group.add(draft.measure)


# trend words ------------------------------------------------------------------------------------
#: A direction an indicator states beside or instead of its value ("spadek\n10", "wzrost o 5%",
#: "tendencja wzrostowa", "bez zmian"): kept as the measure's qualifier. "Utrzymanie" ("kept at the
#: level") is a status (continued), see :mod:`raporty.polish.statuses`.
TREND_QUALIFIERS: list[tuple[str, re.Pattern[str]]] = [
    ("wzrost", re.compile(r"\b(?:wzro(?:st|sł)\w*|tendencj\w*\s+wzrostow\w*|zwyżk\w*)", re.I)),
    ("spadek", re.compile(r"\b(?:spad(?:ek|ku|kiem|ł\w*)|tendencj\w*\s+spadkow\w*|zniżk\w*)", re.I)),
    (
        "bez zmian",
        re.compile(r"\b(?:bez|brak)\s+zmian\b|\bstabiln\w*|\bna\s+(?:tym\s+)?samym\s+poziomie\b", re.I),
    ),
]


def _trend_marks(text: str) -> list[tuple[int, str]]:
    """(position, qualifier) of every trend word in ``text``, in order."""
    marks = [(m.start(), name) for name, pattern in TREND_QUALIFIERS for m in pattern.finditer(text)]
    return sorted(marks)


def trend_qualifier(text: str) -> str | None:
    """The direction a cell states ("wzrost", "spadek", "bez zmian"), the first one written; None."""
    marks = _trend_marks(text) if isinstance(text, str) else []
    return marks[0][1] if marks else None


def _qualify_trends(text: str, drafts: list[_Draft]) -> None:
    """Totals without a qualifier take the trend that speaks of them: a trend on a line of its own
    (a trend column merged into the cell: "Wzrost\n71 w tym: GOPS: 8" → 71 "wzrost", the breakdown
    keeps its unit label), or one written on the value's own line ("wzrost o 5%"); the one before
    the value first. A value the text ties to another year ("spadek … do 2022 r. (9 osób)") is not
    the trend's."""
    marks = _trend_marks(text)
    if not marks:
        return
    standalone = [(m.start(), m.end()) for m in _TREND_LINE_RE.finditer(text)]
    for draft in drafts:
        if draft.qualifier is not None or draft.part_of is not None or draft.year is not None:
            continue
        start = draft.span.start
        line = (text.rfind("\n", 0, start) + 1, _line_end(text, start))
        speaking = [
            (position, name)
            for position, name in marks
            if line[0] <= position < line[1] or any(a <= position < b for a, b in standalone)
        ]
        before = [name for position, name in speaking if position < start]
        after = [name for position, name in speaking if position >= start]
        draft.qualifier = before[-1] if before else (after[0] if after else None)


def _line_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end < 0 else end


def split_measures(text: str, context: str | None = None, repair: bool = True) -> list[Measure]:
    """Split a cell's text into measures (see the module docstring). Never raises.

    ``context`` is the indicator name or column header that gives bare numbers their measure
    ("Liczba kampanii informacyjnych…" → ``kampania``; "Kwota … (zł)" → money). With ``repair``
    the text first goes through OCR repair; the pipeline passes False, having decided per
    document whether its text needs repair at all.
    """
    try:
        if not isinstance(text, str) or not re.search(r"\d|[^\W\d_]", text):
            return []
        if context is not None and not isinstance(context, str):
            context = None
        unblanked = _prepare(cap_digit_runs(text[:20000]), repair)  # linear time on digit runs
        prepared = _blank_trend_lines(unblanked)
        drafts = _drafts(prepared, context)
        _resolve(prepared, drafts, context)
        _qualify_trends(unblanked, drafts)
        return [
            Measure(
                value=d.value,
                measure=d.measure,
                value_type=d.value_type,
                qualifier=d.qualifier,
                part_of=d.part_of,
                year=d.year,
                span=re.sub(r"\s+", " ", prepared[d.span.start : d.zone_end]).strip(),
            )
            for d in drafts
        ]
    except Exception:  # noqa: BLE001 - a cell that cannot be split gives no measures
        return []


def _leading_count(phrase: str) -> tuple[float | None, str]:
    spans = find_numbers(phrase)
    if spans and not phrase[: spans[0].start].strip():
        return spans[0].value, phrase[spans[0].end_with_unit :]
    return None, phrase


@lru_cache(maxsize=16384)
def head_noun_lemma(phrase: str) -> str | None:
    """Lowercased lemma of the counted thing's head noun: ``"12 spotkań"`` → ``"spotkanie"``.

    A leading number sets the expected numeral agreement; adjectives/participles before the noun
    are skipped ("120 szkół skontrolowanych" → "szkoła", "14 realizowanych Programów" →
    "program"). Unknown words (abbreviations such as "KKR") give the lowercased token.
    """
    try:
        if not isinstance(phrase, str):
            return None
        count, rest = _leading_count(phrase)
        head = find_head_noun(rest, count)
        return head.lemma if head else None
    except Exception:  # noqa: BLE001 - never raise on odd text
        return None
