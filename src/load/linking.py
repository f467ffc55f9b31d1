"""Cross-report activity linking: one ``dim_activity.activity_key`` for the same activity everywhere.

Two reports name the same activity with small differences: another inflection or verb form
("wspomagania" / "wspomaganie", "Organizacja spotkań" / "Organizowanie spotkań"), a changed detail,
OCR damage. Each name is reduced to its *lemma text* — the Morfeusz 2 (SGJP) lemma of every word,
folded to lowercase ASCII, function words (prepositions, conjunctions, particles) dropped — and
lemma texts are compared with a rapidfuzz score (:func:`similarity`). A new activity joins the key
of its most similar earlier activity when the score reaches :attr:`Settings.activity_link_threshold <raporty.settings.Settings>`; otherwise it
starts a key of its own. ``link_confidence`` keeps the score (0–1; 1.0 for an activity that starts
its own key).

Rules that keep links honest:

* two different names in one document are two activities, so an activity never joins a key that
  already has an activity in one of its own documents;
* one pass links best-scoring pairs first, so the closer of two rivals wins a key.

The threshold was chosen on hand-labelled pairs of activity names from two Kraków programme
reports (2019–2021 annex: 120 names, 2025–2027 programme: 50 names; 27 same-activity pairs, the
rest different), loading them one after the other as above. Precision / recall of the links:
threshold 74 → 0.964 / 1.0, 76–84 → 0.963 / 0.963, 86 → 1.0 / 0.926, 92 → 1.0 / 0.852; no name
of a third, unrelated report (another county) links to them from 70 up. 80 sits in the middle of
the stable range rather than on the edge of the best score. ``tests/load/test_linking.py``
prints precision and recall at the current threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
from rapidfuzz import fuzz, process

from raporty.polish.name_lemmas import known_share, lemma_text
from raporty.settings import settings

#: Score (0–100) from which two activity names are taken for the same activity.


def similarity(left: str, right: str) -> float:
    """Score 0–100 of two lemma texts: mean of rapidfuzz token-sort and token-set ratios.

    Token-sort alone punishes an added detail ("… z dziećmi do lat 3"); token-set alone calls any
    name contained in a longer one identical. Their mean ranks rivals sensibly.
    """
    return (fuzz.token_sort_ratio(left, right) + fuzz.token_set_ratio(left, right)) / 2


def _sorted_tokens(text: str) -> str:
    return " ".join(sorted(text.split()))


def _score_matrix(queries: Sequence[str], choices: Sequence[str], threshold: float) -> np.ndarray:
    """:func:`similarity` of every query with every choice; pairs that cannot reach ``threshold`` get 0.

    The token-set ratio is slow in bulk, and the mean can only reach the threshold when the
    token-sort ratio reaches 2·threshold − 100, so token-sort (a plain ratio of sorted tokens,
    computed in bulk) filters the pairs first.
    """
    floor = max(0.0, 2 * threshold - 100)
    sort = process.cdist(
        [_sorted_tokens(q) for q in queries],
        [_sorted_tokens(c) for c in choices],
        scorer=fuzz.ratio,
        dtype=np.float32,
        score_cutoff=floor,
    )
    scores = np.zeros_like(sort)
    for row, col in zip(*np.nonzero(sort >= max(floor, 1e-6)), strict=True):
        scores[row, col] = (sort[row, col] + fuzz.token_set_ratio(queries[row], choices[col])) / 2
    return scores


@dataclass(frozen=True)
class Activity:
    """An activity as linking sees it: id, lemma text, the documents it occurs in, its key (if any)."""

    activity_id: int
    lemmas: str
    documents: frozenset[int]
    key: int | None = None


@dataclass(frozen=True)
class Link:
    activity_id: int
    activity_key: int
    confidence: float  # 0–1


def plan_links(
    new: Iterable[Activity], known: Iterable[Activity], threshold: float | None = None
) -> list[Link]:
    """Keys for ``new`` activities, given ``known`` (already keyed) ones.

    New activities are taken document by document (by their first document), so activities of an
    earlier document are candidates for those of a later one, as when the documents load one by one.
    """
    threshold = settings.activity_link_threshold if threshold is None else threshold
    pool = [a for a in known if a.key is not None]
    key_documents: dict[int, set[int]] = {}
    for activity in pool:
        key_documents.setdefault(activity.key, set()).update(activity.documents)  # type: ignore[arg-type]
    groups: dict[int, list[Activity]] = {}
    for activity in new:
        groups.setdefault(min(activity.documents, default=-1), []).append(activity)
    links: list[Link] = []
    for _document, group in sorted(groups.items()):
        group_links = _link_group(group, pool, key_documents, threshold)
        links.extend(group_links)
        by_id = {link.activity_id: link for link in group_links}
        for activity in group:
            if activity.documents:
                key = by_id[activity.activity_id].activity_key
                pool.append(Activity(activity.activity_id, activity.lemmas, activity.documents, key))
                key_documents.setdefault(key, set()).update(activity.documents)
    return links


def _link_group(
    everyone: list[Activity], pool: list[Activity], key_documents: dict[int, set[int]], threshold: float
) -> list[Link]:
    chosen: dict[int, Link] = {}
    group = [a for a in everyone if a.documents]  # a name no document uses any more keeps its own key
    if pool and group:
        scores = _score_matrix([a.lemmas for a in group], [c.lemmas for c in pool], threshold)
        rows, cols = np.nonzero(scores >= threshold)
        order = sorted(
            zip(rows.tolist(), cols.tolist(), strict=True),
            key=lambda rc: (-float(scores[rc]), group[rc[0]].activity_id, pool[rc[1]].activity_id),
        )
        for row, col in order:
            activity, candidate = group[row], pool[col]
            if activity.activity_id in chosen or candidate.key is None:
                continue
            taken = key_documents.setdefault(candidate.key, set())
            if taken & activity.documents:
                continue
            chosen[activity.activity_id] = Link(
                activity.activity_id, candidate.key, round(float(scores[row, col]) / 100, 4)
            )
            taken.update(activity.documents)
    return [chosen.get(a.activity_id) or Link(a.activity_id, a.activity_id, 1.0) for a in everyone]


# warehouse side ---------------------------------------------------------------------------------


def store_lemma_texts(con: duckdb.DuckDBPyConnection) -> None:
    """Store lemma texts of activities that have none yet (new since the last link)."""
    names = con.execute(
        "SELECT activity_id, name FROM dim_activity a "
        "WHERE NOT EXISTS (SELECT 1 FROM activity_lemma l WHERE l.activity_id = a.activity_id)"
    ).fetchall()
    if names:
        con.execute(
            "INSERT INTO activity_lemma (activity_id, lemma_text, known_share) "
            "SELECT unnest(?::INTEGER[]), unnest(?::VARCHAR[]), unnest(?::DOUBLE[])",
            [
                [i for i, _ in names],
                [lemma_text(name) for _, name in names],
                [known_share(name) for _, name in names],
            ],
        )


def _activities(con: duckdb.DuckDBPyConnection, keyed: bool) -> list[Activity]:
    rows = con.execute(
        f"""
        SELECT a.activity_id, l.lemma_text, a.activity_key,
               list(DISTINCT f.document_id) FILTER (WHERE f.document_id IS NOT NULL)
        FROM dim_activity a
        JOIN activity_lemma l USING (activity_id)
        LEFT JOIN fact_measure f USING (activity_id)
        WHERE a.activity_key IS {"NOT NULL" if keyed else "NULL"}
        GROUP BY ALL
        {"HAVING count(f.document_id) > 0" if keyed else ""}
        """
    ).fetchall()
    return [
        Activity(int(i), text, frozenset(docs or ()), None if key is None else int(key))
        for i, text, key, docs in rows
    ]


def link_activities(con: duckdb.DuckDBPyConnection, threshold: float | None = None) -> int:
    """Give every activity without a key one; return how many were linked to an earlier activity.

    Runs inside the caller's transaction (the document load). Only activities whose key is NULL —
    the ones this load created — are scored, against keyed activities that still have facts.
    """
    threshold = settings.activity_link_threshold if threshold is None else threshold
    store_lemma_texts(con)
    new = _activities(con, keyed=False)
    if not new:
        return 0
    known = _activities(con, keyed=True)
    links = plan_links(new, known, threshold)
    con.execute(
        "UPDATE dim_activity SET activity_key = n.activity_key, link_confidence = n.link_confidence "
        "FROM (SELECT unnest(?::INTEGER[]) AS activity_id, unnest(?::INTEGER[]) AS activity_key, "
        "unnest(?::DOUBLE[]) AS link_confidence) n WHERE dim_activity.activity_id = n.activity_id",
        [
            [link.activity_id for link in links],
            [link.activity_key for link in links],
            [link.confidence for link in links],
        ],
    )
    return sum(1 for link in links if link.activity_key != link.activity_id)
