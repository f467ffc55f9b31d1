"""Issue 17: the word indexes are built once per machine into the user cache and mapped back equal."""

from __future__ import annotations

import pytest

from raporty.polish import frequency, index_cache, lemmas, repair_lexicon


def _small() -> dict[str, str]:
    return {"zolw": "żółw", "laka": "łąka łaka", "x": ""}


def test_built_once_then_read_back(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("RAPORTY_CACHE_DIR", str(tmp_path / "cache"))
    calls = []

    def build() -> dict[str, str]:
        calls.append(1)
        return _small()

    assert index_cache.cached_index("t", build) == _small()
    path = index_cache.cache_path("t", build)
    assert path.exists() and path.parent == tmp_path / "cache"
    assert index_cache.cached_index("t", build) == _small() and len(calls) == 1
    path.write_text("damaged")  # a damaged file is built again
    assert index_cache.cached_index("t", build) == _small() and len(calls) == 2
    assert index_cache.cache_path("t", build) == path  # the name does not depend on memory addresses


def test_an_unwritable_cache_only_costs_the_build(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("RAPORTY_CACHE_DIR", str(blocker / "cache"))  # cannot be made: a file is in the way
    assert index_cache.cached_index("t", _small) == _small()


def test_the_real_indexes_read_back_equal(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("RAPORTY_CACHE_DIR", str(tmp_path))
    for name, build in (
        ("lemmas", lemmas._build_fold_index),
        ("repair", repair_lexicon._build_fold_index),
        ("frequency", frequency._build_bins),
    ):
        built = build()
        index_cache.cached_index(name, build)  # written
        mapped = index_cache.cached_index(name, build)
        assert isinstance(mapped, index_cache.SortedIndex) and len(mapped) == len(built)
        assert mapped == built


def test_a_sorted_index_looks_up_like_a_dict(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("RAPORTY_CACHE_DIR", str(tmp_path))
    words = {"żółw": "1", "zolw": "żółw", "a": "", "ćma": "x y", "łąka": "łąka łaka", "zz": "last"}
    index_cache.cached_index("w", lambda: words)
    mapped = index_cache.cached_index("w", lambda: words)
    assert isinstance(mapped, index_cache.SortedIndex)
    assert [mapped[key] for key in words] == list(words.values())
    assert list(mapped) == sorted(words)  # code-point order: "zz" < "ćma" < "łąka" < "żółw"
    assert "ząb" not in mapped and mapped.get("ząb", "-") == "-" and "" not in mapped
    with pytest.raises(KeyError):
        mapped["zzz"]
    path = index_cache.cache_path("w", lambda: words)
    path.write_bytes(path.read_bytes()[:-3])  # cut short: built again, not misread
    assert index_cache.cached_index("w", lambda: words) == words


def test_frequency_is_wordfreqs_value_for_every_listed_word(tmp_path, monkeypatch) -> None:
    import wordfreq

    monkeypatch.setenv("RAPORTY_CACHE_DIR", str(tmp_path))
    frequency._bins.cache_clear()
    try:
        listed = wordfreq.get_frequency_dict("pl")
        assert all(frequency.frequency(word) == value for word, value in listed.items())
        assert frequency.frequency("xqzwv") == 0.0 and frequency.zipf("xqzwv") == 0.0
        assert frequency.zipf("rodzina") == pytest.approx(wordfreq.zipf_frequency("rodzina", "pl"), abs=0.01)
    finally:
        frequency._bins.cache_clear()
