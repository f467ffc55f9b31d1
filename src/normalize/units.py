"""Responsible units: split a unit cell into unit mentions (name + code).

"Gminny Ośrodek Pomocy Społecznej (GOPS/DS)" → name "Gminny Ośrodek Pomocy Społecznej", code "GOPS/DS".
"Wydział … UMK (SZ/AZS/01), organizacje pozarządowe" → two mentions. Resolving mentions to one
entity per unit (aliases, abbreviations, fuzzy names) is done by :mod:`raporty.normalize.unit_resolver`.

How a cell is split (general Polish rules, no list of particular units):

* separators are ``;``, bullets, ``,``, `` oraz ``, spaced dashes and line breaks — outside
  parentheses and „quotes”;
* a line break inside a name is only a wrapped line: lines are joined unless the next line starts
  a new unit (below); the OCR misreading of an opening quote as a comma (``,Dworek …”``) is undone;
* a piece after a comma (or ``oraz``, a dash, a line break) that continues a genitive chain is
  glued back: "Wydział Polityki Społecznej, Równości i Zdrowia UMK" is one unit because "Równości"
  is a genitive-capable noun that is not a unit head noun;
* a missing comma between two full names ("Gminny Ośrodek Pomocy Społecznej Wydział Spraw …")
  is found by a new unit's start — a capitalised unit head noun in the nominative (Wydział, Ośrodek,
  Centrum, Zarząd, …), optionally after nominative adjectives (Miejski Ośrodek) — when the text
  before it is already a complete unit name (it has a head noun of its own). Parts of a unit
  (Referat, Dział, Sekcja, Oddział, …) directly after a unit name stay with it: "Grodzki Urząd
  Pracy w Krakowie Referat Poradnictwa Zawodowego" is one mention;
* a parenthesised code or abbreviation ("(MOPS)", "(MOPS/OBA)", "(SZ/PSD/03)") becomes the
  mention's code; other parentheses stay in the name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from raporty.polish.abbreviations import is_abbreviation
from raporty.polish.lemmas import analyse
from raporty.polish.repair import restore_opening_quotes
from raporty.polish.wordlists import words
from raporty.row_records import UnitMention

_PARENS = re.compile(r"\(([^()]*)\)")
_CODE = re.compile(r"^[A-ZĄĆĘŁŃÓŚŹŻ]{2,}(?:[-/][A-ZĄĆĘŁŃÓŚŹŻ0-9]+)*$")
_SPACES = re.compile(r"[ \t\u00a0]+")
_WORD = re.compile(r"\([^()]*\)|„[^”]*”|\S+")
_LETTERS = re.compile(r"[^\W\d_]+")

#: Lemmas of the Polish nouns that head the name of an office, institution or organisation.
UNIT_HEAD_NOUNS = words("unit_head_nouns.txt")
#: Nouns naming a part of a unit: after a unit name they stay in that name ("Urząd Pracy Referat …").
UNIT_PART_NOUNS = words("unit_part_nouns.txt")
#: Lowercase words that continue a name: a piece starting with one of them is never a new unit.
_JOINING_WORDS = words("joining_words.txt")
#: Endings of Polish genitive forms (nouns and adjectives), for words Morfeusz does not know.
_GENITIVE_ENDING = re.compile(r"(?:i|y|ej|ego|ych|ich|ów|a|u)$")
_TOP_SEPARATOR = re.compile(r"\s*(?:;|•|,|\s(?:oraz|-|–|—)\s|\n)\s*")


# word classes ----------------------------------------------------------------------------------------
def _bare(word: str) -> str:
    return "".join(_LETTERS.findall(word))


@lru_cache(maxsize=16384)
def _tags(word: str) -> tuple[tuple[str, str, str, str], ...]:
    """(lemma, part of speech, number, case) of each Morfeusz reading of the word."""
    out = []
    for reading in analyse(_bare(word)):
        fields = reading.tag.split(":") + ["", ""]
        out.append((reading.lemma.lower(), reading.pos, fields[1], fields[2]))
    return tuple(out)


def _is_head(
    word: str, nouns: frozenset[str] = UNIT_HEAD_NOUNS | UNIT_PART_NOUNS, singular: bool = False
) -> bool:
    """A unit head noun in the nominative (Wydział, Ośrodek, organizacje, Centrum); ``singular``
    asks for a singular reading, so that "Miasta", "Jednostki" (genitive singulars that look like
    plurals) are not taken for a new unit inside a name."""
    return not is_abbreviation(word) and any(
        pos == "subst" and lemma in nouns and "nom" in case and (not singular or number.startswith("sg"))
        for lemma, pos, number, case in _tags(word)
    )


def _is_nominative_adjective(word: str) -> bool:
    return any(pos in {"adj", "ppas", "pact"} and "nom" in case for _lemma, pos, _number, case in _tags(word))


def _is_genitive(word: str) -> bool:
    return any(pos in {"subst", "adj", "ger"} and "gen" in case for _lemma, pos, _number, case in _tags(word))


def _is_genitive_continuation(words: list[str]) -> bool:
    """A piece that extends a name's genitive chain ("…Społecznej, Równości i Zdrowia UMK"): its first
    word can be genitive, or is unknown (OCR damage: "Réwnoscii Zdrowia") while every known word is."""
    first = _bare(words[0])
    if first.lower() in _JOINING_WORDS and first.islower():
        return True
    if _is_genitive(words[0]):
        return True
    if _tags(words[0]) or not _GENITIVE_ENDING.search(first.lower()):
        return False  # a known non-genitive word, or a foreign name ("Caritas", "Capella")
    known = [
        w for w in words[1:] if _tags(w) and not is_abbreviation(w) and _bare(w).lower() not in _JOINING_WORDS
    ]
    return bool(known) and all(_is_genitive(w) for w in known)


def _starts_unit(words: list[str], i: int, inside: bool = False) -> bool:
    """Whether words[i] opens a unit name: [adjectives] + a nominative unit head noun. ``inside`` a
    piece (no separator before), the word must be capitalised and the head noun singular."""
    first = _bare(words[i])
    if not first or (inside and not first[0].isupper()):
        return False
    for j in range(i, min(i + 3, len(words))):
        if _is_head(words[j], singular=inside):
            return True
        if not _is_nominative_adjective(words[j]):
            return False
    return False


def _is_complete(words: list[str]) -> bool:
    """A unit name on its own: it has a head noun (or a proper name unknown to Morfeusz) and does
    not end with a joining word ("ds.", "im.", "i")."""
    if len(words) < 2 or _bare(words[-1]).lower() in _JOINING_WORDS:
        return False
    if any(_is_head(w) for w in words):
        return True
    named = [w for w in words if _bare(w)]
    return len(named) >= 2 and any(not _tags(w) and not is_abbreviation(w) for w in named)


# splitting -------------------------------------------------------------------------------------------
def _split_top(text: str) -> list[tuple[str, str]]:
    """(separator before, piece) pairs, splitting outside parentheses and „quotes”."""
    pieces: list[tuple[str, str]] = []
    depth, quoted, start, separator, i = 0, False, 0, "", 0
    while i < len(text):
        ch = text[i]
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        quoted = (quoted or ch == "„") and ch != "”"
        m = None if depth or quoted else _TOP_SEPARATOR.match(text, i)
        if m and m.end() > i and (m.group().strip(" ") or text[i] == "\n"):
            pieces.append((separator, text[start:i]))
            separator = m.group().strip() or "\n"
            start = i = m.end()
            continue
        i += 1
    pieces.append((separator, text[start:]))
    return pieces


def _join_wrapped_lines(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A line break inside a piece is a wrapped line unless the next line starts a new unit after a
    complete name ("Miejski Ośrodek Pomocy Społecznej\nWydział …")."""
    out: list[tuple[str, str]] = []
    for separator, piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if out and separator == "\n":
            words = _WORD.findall(piece)
            previous = _WORD.findall(out[-1][1])
            new_unit = _starts_unit(words, 0) and not _is_part_noun_start(words, 0) and _is_complete(previous)
            if not new_unit:
                out[-1] = (out[-1][0], f"{out[-1][1]} {piece}")
                continue
        out.append((separator, piece))
    return out


def _glue_continuations(pieces: list[tuple[str, str]]) -> list[str]:
    """Join genitive continuations and unit parts back onto the previous piece."""
    out: list[str] = []
    for separator, piece in _join_wrapped_lines(pieces):
        if out and separator not in {";", "•", "\n"} and _continues(separator, piece):
            glue = ", " if separator == "," else f" {separator} "
            out[-1] = f"{out[-1]}{glue}{piece}"
            continue
        out.append(piece)
    return out


def _continues(separator: str, piece: str) -> bool:
    """Whether ``piece`` (after a comma, "oraz" or a dash) is still the name before it."""
    words = _WORD.findall(piece)
    if is_abbreviation(words[0]):
        return False
    if _is_part_noun_start(words, 0):
        return separator != ","  # "Urząd Pracy – Referat …" (a listed "Referat …" after a comma stands alone)
    return not _starts_unit(words, 0) and _is_genitive_continuation(words)


def _split_missing_commas(piece: str) -> list[str]:
    """Split "Gminny Ośrodek Pomocy Społecznej Wydział Spraw …" before the second unit's start."""
    words = _WORD.findall(piece)
    names: list[list[str]] = [[]]
    for i, word in enumerate(words):
        current = names[-1]
        if (
            current
            and _starts_unit(words, i, inside=True)
            and _is_complete(current)
            and not _is_part_noun_start(words, i)
        ):
            names.append([])
        names[-1].append(word)
    return [" ".join(n) for n in names if n]


def _is_part_noun_start(words: list[str], i: int) -> bool:
    return _is_head(words[i], UNIT_PART_NOUNS) and not _is_head(words[i], UNIT_HEAD_NOUNS - UNIT_PART_NOUNS)


def _mention(piece: str) -> UnitMention | None:
    codes = [c.strip() for c in _PARENS.findall(piece) if _CODE.match(c.strip())]
    name = _PARENS.sub(lambda m: "" if _CODE.match(m.group(1).strip()) else m.group(0), piece)
    name = " ".join(name.split()).strip(" ,.;:-–")
    if name.endswith((" ds", " im")):  # an abbreviation's full stop stripped above
        name += "."
    if not name and codes:
        name = codes[0]
    return UnitMention(name=name, code=codes[0] if codes else None) if name else None


#: A line opening a quote that it does not close (an opening „, or OCR's comma for it).
_OPENS_QUOTE = re.compile(r"^\s*(?:„|,{1,2}(?=[^\W\d_]))[^”]*$")


def _closes_unopened_quote(line: str) -> bool:
    return line.count("”") > line.count("„")


def reorder_quoted_lines(text: str) -> str:
    """Lines OCR read out of order around a quoted name: a line that closes a quote nobody opened,
    followed by the line that opens it, are put back in reading order
    ("Centrum Kultury\nBiałoprądnicki”\n,Dworek" → "Centrum Kultury\n,Dworek\nBiałoprądnicki”")."""
    lines = text.split("\n")
    for i in range(len(lines) - 1):
        if _closes_unopened_quote(lines[i]) and _OPENS_QUOTE.match(lines[i + 1]):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return "\n".join(lines)


def parse_units(text: str) -> list[UnitMention]:
    """Unit mentions of one unit cell, in order."""
    text = reorder_quoted_lines(_SPACES.sub(" ", text.replace("\r", "")))
    text = restore_opening_quotes(text)
    mentions: list[UnitMention] = []
    for piece in _glue_continuations(_split_top(text)):
        for name in _split_missing_commas(piece):
            if mention := _mention(name):
                mentions.append(mention)
    return mentions


def split_units(text: str) -> list[str]:
    """Unit names in a cell, in order, without codes."""
    seen: list[str] = []
    for mention in parse_units(text):
        if mention.name not in seen:
            seen.append(mention.name)
    return seen


# names OCR broke across columns ---------------------------------------------------------------------
#: A word of a unit name that may run into the activity cell: long enough to be a name's word.
_MIN_MOVED_WORD = 3
_NAME_WORD = re.compile(r"[^\W_]+(?:[./-][^\W_]+)*\.?")


def _keys(text: str) -> list[str]:
    return [_bare(w).lower() for w in _NAME_WORD.findall(text) if _bare(w)]


def _runs_removed(known: list[str], short: list[str]) -> list[list[str]] | None:
    """The runs of ``known`` that ``short`` lacks, when ``short`` is ``known`` with runs left out."""
    runs: list[list[str]] = [[]]
    i = 0
    for word in known:
        if i < len(short) and short[i] == word:
            i += 1
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(word)
    missing = [run for run in runs if run]
    return missing if i == len(short) and missing else None


def _around_phrase(text: str, phrase: list[str]) -> tuple[str, str] | None:
    """(text before, text after) the one place where the words of ``phrase`` stand in a row in
    ``text``; None when they do not stand there exactly once."""
    words = list(_NAME_WORD.finditer(text))
    keys = [_bare(w.group()).lower() for w in words]
    starts = [i for i in range(len(keys) - len(phrase) + 1) if keys[i : i + len(phrase)] == phrase]
    if len(starts) != 1:
        return None
    first, last = words[starts[0]], words[starts[0] + len(phrase) - 1]
    return text[: first.start()].rstrip(" ,"), text[last.end() :].lstrip(" ,")


def _is_unit_list(text: str) -> bool:
    """Text that is only unit names, each opening with a unit head ("organizacje pozarządowe")."""
    pieces = [p for _sep, p in _split_top(text) if p.strip()]
    return bool(pieces) and all(_starts_unit(_WORD.findall(p), 0) for p in pieces)


def _whole_name_of_fragments(first: str, second: str, whole: dict[str, list[str]]) -> str | None:
    """The whole name two neighbouring fragments make once one run of words inside is left out."""
    pair = _keys(f"{first} {second}")
    for name, known in whole.items():
        inserted = _runs_removed(pair, known)
        if inserted is not None and len(inserted) == 1 and pair[0] == known[0] and pair[-1] == known[-1]:
            return name
    return None


def _name_with_words_back(
    mention: str, activity: str, whole: dict[str, list[str]]
) -> tuple[str, str, list[UnitMention]] | None:
    """(whole name, activity without the name's words, further units) when the words ``mention``
    lacks of a whole name stand, once, in the row's activity. Unit names right after the moved
    words at the activity's end came over with them ("…, organizacje pozarządowe")."""
    short = _keys(mention)
    for name, known in whole.items():
        runs = _runs_removed(known, short) if name != mention else None
        if not runs or not all(any(len(w) >= _MIN_MOVED_WORD for w in run) for run in runs):
            continue
        text, extra = activity, []
        for run in runs:
            around = _around_phrase(text, run) if text else None
            if around is None:
                text = ""
                break
            before, after = around
            if after and _is_unit_list(after):
                extra, after = parse_units(after), ""
            text = " ".join(f"{before} {after}".split()).strip(" ,")
        if text:
            return name, text, extra
    return None


def mend_broken_names(
    rows: dict[tuple[str, int], list[UnitMention]],
) -> tuple[dict[tuple[str, int], list[UnitMention]], dict[tuple[str, int], str]]:
    """Unit names OCR line order broke across the unit and activity columns, mended against the
    names the same document writes whole in other rows (the evidence a unit resolver has).

    * a name that lacks words of a name written whole elsewhere, whose missing words stand in the
      row's activity: the words go back to the unit ("Wydział Edukacji i Projektów UMK" with
      "… pracy Edukacyjnych z dzieckiem" → "Wydział Edukacji i Projektów Edukacyjnych UMK", "…
      pracy z dzieckiem");
    * two neighbouring fragments that make a name written whole elsewhere once a run of words
      inside is left out ("Pełnomocnik … ds. Europejska" + "Sieć … Rodziny" → "Pełnomocnik …
      ds. Rodziny"): the run came from the neighbouring column.

    A name counts as written whole when two rows or more name it (a name broken the same way in
    two rows is mended by the words in each row's activity). Returns the mended units per
    row and the new activity names of the rows that gave words back.
    """
    seen: dict[str, UnitMention] = {}
    rows_naming: dict[str, int] = {}
    for mentions in rows.values():
        for mention in {m.name: m for m in mentions}.values():
            seen.setdefault(mention.name, mention)
            rows_naming[mention.name] = rows_naming.get(mention.name, 0) + 1
    whole = {name: _keys(name) for name, n in rows_naming.items() if n >= 2}
    mended: dict[tuple[str, int], list[UnitMention]] = {}
    renamed: dict[tuple[str, int], str] = {}
    for (activity, table), mentions in rows.items():
        out: list[UnitMention] = []
        text = activity
        i = 0
        while i < len(mentions):
            mention, i = mentions[i], i + 1
            if mention.name not in whole and i < len(mentions) and mentions[i].name not in whole:
                name = _whole_name_of_fragments(mention.name, mentions[i].name, whole)
                if name is not None:
                    out.append(seen[name])
                    i += 1  # the second fragment is used up
                    continue
            words_back = _name_with_words_back(mention.name, text, whole)
            if words_back is not None:
                name, text, extra = words_back
                out.extend([seen[name], *extra])
                continue
            out.append(mention)
        mended[(activity, table)] = list({m.name: m for m in out}.values())
        if text != activity:
            renamed[(activity, table)] = text
    return mended, renamed
