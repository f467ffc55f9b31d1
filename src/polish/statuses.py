"""Status of an activity or indicator from free text ("Wskaźnik zrealizowany", "nie odbyło się").

Rules are stems/regexes on lowercased, diacritic-free text, so OCR that lost Polish letters
("zrealizowany", "biezaco") matches too. When several rules match, the one that starts earliest
in the text wins (longer match on a tie): "Wskaźnik zrealizowany (… na bieżąco …)" is
``achieved``, "zrealizowany w części" is ``partially_achieved``.
"""

from __future__ import annotations

import re

from raporty.polish.fold import fold

STATUS_CODES = (
    "not_held",
    "achieved",
    "not_achieved",
    "partially_achieved",
    "in_progress",
    "continued",
    "postponed",
    "no_data",
    "not_applicable",
)
#: Statuses that say a cell has no figure ("nie dotyczy", "brak danych", "nie odbyło się"): on a line
#: of their own they cannot describe the numbers of the cell's other lines.
NO_FIGURE_STATUSES = frozenset({"not_held", "no_data", "not_applicable"})

_NOT = r"\bnie\s+(?:zosta\w*|by\w*|jest|sa|bedzie|odby\w*\s+sie\s+)?\s*"
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("not_applicable", re.compile(r"^\W*x\W*$|\bnie\s+dotyczy\b|^\W*n\s*[./]?\s*d\W*$")),
    ("no_data", re.compile(r"\bb\s*[./]\s*d\b\.?|\bbrak\s+danych\b|^\W*bd\W*$")),
    (
        "partially_achieved",
        re.compile(
            r"\bczesciow\w*|(?:zosta\w*\s+)?(?:zrealizowan|osiagnie?t|wykonan)\w*\s+(?:w\s+czesci|czesciowo)"
            r"|(?:zrealizowan|wykonan)\w*\s+w\s+[1-9]\d?(?:[.,]\d+)?\s*%"
        ),
    ),
    (
        "not_achieved",
        re.compile(
            r"\bniezrealizowan\w*|\bnieosiagnie?t\w*|\bniewykonan\w*"
            rf"|{_NOT}(?:zrealizowan|osiagnie?t|wykonan|utworzon|pozyskan|powolan)\w*"
            r"|\bnie\s+(?:zrealizowano|osiagnieto|wykonano|pozyskano|utworzono|powolano|uruchomiono|wydano"
            r"|opracowano|podpisano|zawarto|przyjeto|zakupiono|otwarto|zatrudniono|udzielono|przyznano)\b"
            r"|\bnie\s+udal\w*\s+sie\s+(?!zorganizowac|przeprowadzic|zwolac)[a-z]+(?:ac|ic|yc|ec|sc|c)\b"
        ),
    ),
    (
        "not_held",
        re.compile(
            rf"{_NOT}(?:zorganizowan|organizowan|przeprowadzon|prowadzon|realizowan|odbyl)\w*"
            r"|\bnie\s+(?:zorganizowano|przeprowadzono|odbyl\w*\s+sie|odbywal\w*\s+sie)\b"
            r"|\bnie\s+udal\w*\s+sie\s+(?:zorganizowac|przeprowadzic|zwolac)\b"
            r"|\bodwolan\w*|\bzawieszon\w*|\bwstrzyman\w*|\bzaniechan\w*|\bnieczynn\w*"
            r"|\b(?:zostal\w*|zostanie)\s+zakonczon\w*"
        ),
    ),
    (
        "postponed",
        re.compile(
            r"\bprzesuni\w*|\bprzeniesion\w*\s+na\b|\bodlozon\w*|\bprzelozon\w*"
            r"|\bw\s+(?:nastepnym|kolejnym|przyszlym)\s+roku\b"
            r"|\bzostanie\s+(?:zrealizowan|przeprowadzon|zorganizowan|wykonan)\w*|\bzaplanowano\s+na\b"
        ),
    ),
    (
        "in_progress",
        re.compile(
            r"\bw\s+(?:trakcie|toku)\s+realizacji\b|\bw\s+trakcie\b|\brealizacja\s+trwa\b|\bw\s+realizacji\b"
        ),
    ),
    (
        "continued",
        re.compile(
            r"\bkontynu\w*|\bna\s+biezaco\b|\bzadanie\s+ciagle\b|\brealizowan\w*\s+(?:stale|corocznie|cyklicznie)"
            r"|\butrzyman\w*\b|\bw\s+sposob\s+ciagly\b|\bciagl[ey]\b"
        ),
    ),
    (
        "achieved",
        re.compile(
            r"\b(?:zrealizowan|osiagnie?t|wykonan)\w*|\bzrealizowano\b|\bosiagnieto\b|\bwykonano\b"
            r"|\bprzekroczon\w*"
        ),
    ),
]


#: "nie został(a|o|y) <word>" on the original (not folded) text: the word is checked with Morfeusz.
_NOT_PASSIVE_RE = re.compile(
    r"\bnie\s+zosta[łlt]\w{0,3}(?P<rest>(?:\s+[^\s,;:.]+(?:\s*r\.)?){1,4})", re.IGNORECASE
)


def _passive_not_done(text: str) -> tuple[int, int] | None:
    """Span of "nie został wydany" / "nie zostało zawarte" (a passive participle), or None.

    Any passive participle after "nie został…" reports an outcome that did not come about
    (``not_achieved``); the organising verbs are matched earlier by the ``not_held`` rule.
    """
    from raporty.polish.lemmas import analyse, ocr_candidate

    for match in _NOT_PASSIVE_RE.finditer(text):
        in_phrase = 0  # words left of a prepositional phrase ("nie zostały w tym roku wykorzystane")
        for word_match in re.finditer(r"[^\W\d_]+", match.group("rest")):  # "nie został jeszcze uchwalony"
            word = word_match.group(0)
            readings = analyse(word) or analyse(ocr_candidate(word) or "")
            positions = {r.pos for r in readings}
            if "ppas" in positions:  # the span ends with the participle, as the rules' matches do
                return match.start(), match.start("rest") + word_match.end()
            if "prep" in positions:
                in_phrase = 2
            elif in_phrase:
                in_phrase -= 1
            elif positions & {"subst", "fin", "praet", "inf"}:
                break  # the passive ends before a noun or another verb
    return None


def detect_status(text: str) -> str | None:
    """The status code a cell reports, or None (see :data:`STATUS_CODES`). Never raises."""
    try:
        if not isinstance(text, str) or not text.strip():
            return None
        folded = re.sub(r"\s+", " ", fold(text[:5000])).strip()
        best: tuple[int, int, str] | None = None
        for code, pattern in _RULES:
            match = pattern.search(folded)
            if match is None:
                continue
            key = (match.start(), -(match.end() - match.start()), code)
            if best is None or key[:2] < best[:2]:
                best = key
        passive = _passive_not_done(re.sub(r"\s+", " ", text[:5000]).strip())
        if passive is not None:
            key = (passive[0], passive[0] - passive[1], "not_achieved")
            if best is None or key[:2] < best[:2]:
                best = key
        return best[2] if best else None
    except Exception:  # noqa: BLE001 - never raise on odd text
        return None
