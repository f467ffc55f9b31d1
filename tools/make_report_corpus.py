"""Write a corpus of synthetic municipal reports whose facts are known by construction.

    .venv/bin/python tools/make_report_corpus.py --seed 1 --count 20 --out /tmp/corpus_dev \\
        [--split dev|heldout] [--renditions txt,docx,pdf,pdf-borderless,scan200,scan150-noisy]
        [--exclude-families all|header2_group,lp_column,...]

For each report: DIR/<name>.txt, DIR/<name>.docx, DIR/<name>.pdf, DIR/<rendition>/<name>.pdf for
the other PDF renditions, and DIR/<name>.facts.jsonl (expected facts, every line reviewed, the
document being the file stem shared by all renditions). Score with tools/score_corpus.py.
The same seed and split give byte-identical files. Vocabulary and the dev/heldout partition of
phrasing families are data files in tools/report_corpus/data/. Layout families of real reports
(two-row headers, continuation rows, merged activity cells, …; tools/report_corpus/layout.py) are
independent choices on top of the base report; --exclude-families leaves some or all of them out
(with `all`, the base report alone: the same rows, cells and facts as with them, less what they add).
The families of real-world variation (OCR-damaged text exports, numbers inside names, notes in
cells, relative-clause breakdowns, page breaks in tables, money spellings, the money scale named in
a header or caption, counts in words, Word rows broken across split tables, Word files saved by OCR
software, …) are in tools/report_corpus/layout_real.py (and layout_cell_words.py,
layout_docx_real.py): each dev family has a held-out counterpart with its own wording.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report_corpus.corpus import DEFAULT_RENDITIONS, RENDITIONS, write_corpus  # noqa: E402
from report_corpus.layout import LAYOUT_FAMILIES  # noqa: E402
from report_corpus.vocab import SPLITS  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--split", choices=SPLITS, default="dev")
    parser.add_argument(
        "--renditions", default=",".join(DEFAULT_RENDITIONS), help=f"comma-separated: {', '.join(RENDITIONS)}"
    )
    parser.add_argument(
        "--exclude-families",
        default="",
        help=f"comma-separated layout families to leave out, or all: {', '.join(LAYOUT_FAMILIES)}",
    )
    args = parser.parse_args(argv)
    exclude = frozenset(f.strip() for f in args.exclude_families.split(",") if f.strip())
    bad = sorted(exclude - set(LAYOUT_FAMILIES) - {"all"})
    if bad:
        parser.error(f"unknown layout family(ies): {', '.join(bad)}")
    renditions = tuple(r.strip() for r in args.renditions.split(",") if r.strip())
    unknown = [r for r in renditions if r not in RENDITIONS]
    if unknown:
        parser.error(f"unknown rendition(s): {', '.join(unknown)}")
    written = write_corpus(args.seed, args.count, args.out, args.split, renditions, exclude)
    print(f"{len(written)} files, {args.count} reports ({args.split}) in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
