"""OCR repair benchmark: word error rate before/after ``repair_text``, over-correction, speed.

Data: bench/data/repair/clean_NNN.txt and ocr_NNN.txt (built by tools/make_repair_bench.py from
clean seed text rendered with LibreOffice and OCRed with ``tesseract -l eng``).
Run: ``python bench/bench_repair.py`` (prints figures) or ``run()`` from bench/run.py.
"""

from __future__ import annotations

import time
from pathlib import Path

from raporty.polish import repair, repair_context, repair_lexicon
from raporty.polish.repair import WORD, repair_text
from raporty.polish.repair_confusions import FOREIGN
from raporty.polish.repair_lexicon import is_known
from raporty.polish.repair_metrics import RepairScore, score_repair

DATA = Path(__file__).resolve().parent / "data" / "repair"
WARM_ROUNDS = 3


def pairs() -> list[tuple[str, str, str]]:
    """(stem, clean text, OCR text) for every committed benchmark pair."""
    result = []
    for ocr_path in sorted(DATA.glob("ocr_*.txt")):
        stem = ocr_path.stem.removeprefix("ocr_")
        clean = (DATA / f"clean_{stem}.txt").read_text(encoding="utf-8")
        result.append((stem, clean, ocr_path.read_text(encoding="utf-8")))
    return result


def clear_caches(keep_index: bool = True) -> None:
    for cached in (
        repair._repair_cached,
        repair_context.left_context,
        repair._readings,
        repair_lexicon.analyses,
        repair_lexicon.zipf,
    ):
        cached.cache_clear()
    if not keep_index:
        repair_lexicon._fold_index.cache_clear()


def unknown_word_rate(text: str) -> float:
    """Share of words (2+ letters, not all caps) that Morfeusz does not know."""
    tokens = [w for w in (m.group() for m in WORD.finditer(text)) if len(w) > 1 and not w.isupper()]
    unknown = sum(1 for w in tokens if any(c in FOREIGN for c in w) or not is_known(w))
    return unknown / len(tokens) if tokens else 0.0


def _total(scores: list[RepairScore]) -> RepairScore:
    fields = RepairScore.__dataclass_fields__
    return RepairScore(**{name: sum(getattr(s, name) for s in scores) for name in fields})


def run() -> dict:
    data = pairs()
    ocr_all = "\n".join(ocr for _stem, _clean, ocr in data)
    tokens = sum(1 for _ in WORD.finditer(ocr_all))

    clear_caches(keep_index=False)
    started = time.perf_counter()
    repair_lexicon._fold_index()
    index_s = time.perf_counter() - started

    clear_caches()
    started = time.perf_counter()
    repaired = {stem: repair_text(ocr) for stem, _clean, ocr in data}
    cold_s = time.perf_counter() - started

    started = time.perf_counter()
    for _ in range(WARM_ROUNDS):
        repair_text(ocr_all)
    warm_s = (time.perf_counter() - started) / WARM_ROUNDS

    clean_all = "\n".join(clean for _stem, clean, _ocr in data)
    clean_words = clean_all.split()
    clean_changed = sum(a != b for a, b in zip(clean_words, repair_text(clean_all).split(), strict=True))
    real = [p.read_text(encoding="utf-8") for p in sorted(DATA.glob("real_ocr_*.txt"))]
    real_text = "\n".join(real)
    scores = {stem: score_repair(clean, ocr, repaired[stem]) for stem, clean, ocr in data}
    total = _total(list(scores.values()))
    return {
        **total.as_dict(),
        "tokens": tokens,
        "index_build_s": round(index_s, 2),
        "cold_tokens_per_s": round(tokens / cold_s),
        "warm_tokens_per_s": round(tokens / warm_s),
        "clean_text_changed": round(clean_changed / len(clean_words), 5),
        "real_unknown_before": round(unknown_word_rate(real_text), 4),
        "real_unknown_after": round(unknown_word_rate(repair_text(real_text)), 4),
        "files": {stem: score.as_dict() for stem, score in scores.items()},
    }


def main() -> None:
    result = run()
    print(f"OCR repair benchmark ({result['words']} clean words, {result['tokens']} OCR word tokens)")
    print(
        f"{'file':<6} {'WER before':>10} {'WER after':>10} {'raw red.':>9} {'repairable red.':>16} {'over-corr.':>11}"
    )
    for stem, s in {**result["files"], "all": result}.items():
        print(
            f"{stem:<6} {s['wer_before']:>10.2%} {s['wer_after']:>10.2%} {s['raw_reduction']:>9.1%}"
            f" {s['repairable_reduction']:>16.1%} {s['over_correction']:>11.2%}"
        )
    print(
        f"repairable errors: {result['repairable']} (fixed exactly: {result['repairable_fixed']}); "
        f"over-corrected: {result['over_corrected']} of {result['correct_words']} correct OCR words"
    )
    print(f"clean reference text run through repair: {result['clean_text_changed']:.3%} of words changed")
    print(
        f"real tesseract output without reference (seed 001): words unknown to Morfeusz "
        f"{result['real_unknown_before']:.1%} before, {result['real_unknown_after']:.1%} after repair"
    )
    print(
        f"throughput: cold {result['cold_tokens_per_s']} tokens/s, warm {result['warm_tokens_per_s']} tokens/s "
        f"(frequency index built once in {result['index_build_s']} s)"
    )


if __name__ == "__main__":
    main()
