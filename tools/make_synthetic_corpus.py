"""Make a synthetic corpus of N reports by recombining rows of a fixture report with varied numbers.

Each synthetic report keeps the source's headings and table headers, takes a random subset of its
table rows in a shuffled order, and scales every quantity by a random factor, so the corpus
exercises the same code paths with different content (and different content hashes).

    .venv/bin/python tools/make_synthetic_corpus.py OUT_DIR -n 100 [--source FILE] [--seed 1] [--formats txt,docx]

With ``--formats txt,docx`` the reports alternate between the text export and a Word file built
from it (tools/fixtures_annex.py), the two formats municipal reports most often come in.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from raporty.extract.columns import is_header_row

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT / "tests" / "fixtures" / "text" / "mops_krakow_2021_annex.txt"
_NUMBER = re.compile(r"(?<![\d/])(\d{1,3}(?: \d{3})*|\d+)(,\d+)?(?=\s*(?:zł|[a-ząćęłńóśźż]))")


def _vary(line: str, rng: random.Random) -> str:
    factor = rng.uniform(0.5, 1.5)

    def scale(m: re.Match[str]) -> str:
        whole = int(m.group(1).replace(" ", ""))
        if 1900 <= whole <= 2100 and not m.group(2):
            return m.group(0)  # a year stays a year
        value = max(1, round(whole * factor))
        text = f"{value:,}".replace(",", " ")
        return text + (m.group(2) or "")

    return _NUMBER.sub(scale, line)


def _blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Split into ('text', [line]) and ('table', [header, rows...]) blocks."""
    blocks: list[tuple[str, list[str]]] = []
    for line in lines:
        kind = "table" if "\t" in line else "text"
        if blocks and blocks[-1][0] == kind == "table":
            blocks[-1][1].append(line)
        else:
            blocks.append((kind, [line]))
    return blocks


def synthesize(source: Path, index: int, seed: int) -> str:
    rng = random.Random(seed * 100_003 + index)
    lines = source.read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    for kind, block in _blocks(lines):
        if kind == "text":
            out.extend(block)
            continue
        header_at = next((i for i, line in enumerate(block) if is_header_row(line.split("\t"))), 0)
        head, rows = block[: header_at + 1], block[header_at + 1 :]
        keep = [r for r in rows if r.split("\t")[0].strip()]  # whole rows only, not continuation lines
        rng.shuffle(keep)
        keep = keep[: max(1, int(len(keep) * rng.uniform(0.6, 1.0)))]
        out.extend(head)
        out.extend(_vary(r, rng) for r in keep)
    out.insert(0, f"Raport syntetyczny nr {index + 1}")
    return "\n".join(out) + "\n"


FORMATS = ("txt", "docx")


def make_corpus(
    out_dir: Path, n: int, source: Path = DEFAULT_SOURCE, seed: int = 1, formats: Sequence[str] = ("txt",)
) -> list[Path]:
    """Write ``n`` reports; report ``i`` takes format ``formats[i % len(formats)]``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        text = synthesize(source, i, seed)
        fmt = formats[i % len(formats)]
        path = out_dir / f"synthetic_{i + 1:04d}.{fmt}"
        if fmt == "docx":
            from fixtures_annex import build_annex_docx, parse_annex

            build_annex_docx(parse_annex(text), path, landscape=False, title=path.stem)
        else:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("-n", type=int, default=10)
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formats", default="txt", help=f"comma-separated, of {', '.join(FORMATS)}")
    args = parser.parse_args()
    formats = args.formats.split(",")
    if not set(formats) <= set(FORMATS):
        parser.error(f"--formats: choose from {', '.join(FORMATS)}")
    paths = make_corpus(args.out_dir, args.n, args.source, args.seed, formats)
    print(f"wrote {len(paths)} reports to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
