"""Issue 17: the fold indexes are built once per machine into the user cache and read back equal."""

from __future__ import annotations

from raporty.polish import index_cache, lemmas, repair_lexicon


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
    for module in (lemmas, repair_lexicon):
        built = module._build_fold_index()
        assert index_cache.cached_index("x-" + module.__name__, module._build_fold_index) == built
        assert list(
            index_cache.cached_index("x-" + module.__name__, module._build_fold_index).items()
        ) == list(built.items())
