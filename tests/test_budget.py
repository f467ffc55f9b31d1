"""Issue 19: hostile inputs that are not files of the corpus — files swapped after the scan, links
out of the tree, identical content under several names, control characters in names, SIGTERM —
and the number patterns' time on long digit runs."""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import duckdb
import pytest

from raporty.cli import main
from raporty.ingest import _open_once, _read_source, safe_text

ROOT = Path(__file__).resolve().parents[1]
TEXT = ROOT / "tests" / "fixtures" / "text"
SMALL = TEXT / "pcpr_strategy_monitoring_2023.txt"


def _ingest(capsys, *args: str) -> tuple[int, str]:
    code = main(["ingest", *args, "-q"])
    return code, capsys.readouterr().err


def _query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_a_file_is_read_through_the_descriptor_the_scan_opened(tmp_path) -> None:
    """Swapped for a pipe (or anything) after the scan, the file is still read as it was scanned."""
    path = tmp_path / "raport.txt"
    path.write_bytes(SMALL.read_bytes())
    fd, info = _open_once(path)
    try:
        path.unlink()
        os.mkfifo(path)  # reading this by name would block forever
        assert _read_source(fd) == SMALL.read_bytes()
    finally:
        os.close(fd)


def test_devices_and_links_out_of_the_folder_are_not_read(tmp_path, capsys) -> None:
    folder = tmp_path / "raporty"
    folder.mkdir()
    (folder / "dobry.txt").write_bytes(SMALL.read_bytes())
    (folder / "zero.txt").symlink_to("/dev/zero")
    outside = tmp_path / "tajne.txt"
    outside.write_text("hasło\n")
    (folder / "tajne.txt").symlink_to(outside)
    db = tmp_path / "w.duckdb"
    code, err = _ingest(capsys, str(folder), "--db", str(db))
    assert code == 1 and "Traceback" not in err
    lines = sorted(line for line in err.splitlines() if line.startswith("error:"))
    assert lines == [
        f"error: {folder / 'tajne.txt'}: symbolic link to a file outside the folders given: not followed",
        f"error: {folder / 'zero.txt'}: symbolic link to a file outside the folders given: not followed",
    ]
    # named on the command line, a link to a device is not a regular file
    (tmp_path / "named.txt").symlink_to("/dev/zero")
    code, err = _ingest(capsys, str(tmp_path / "named.txt"), "--db", str(db))
    assert code == 1 and err.strip() == f"error: {tmp_path / 'named.txt'}: not a regular file"


def test_identical_content_under_several_names_loads_once(tmp_path, capsys) -> None:
    folder = tmp_path / "raporty"
    folder.mkdir()
    original = folder / "a_raport.txt"
    original.write_bytes(SMALL.read_bytes())
    (folder / "b_kopia.txt").write_bytes(SMALL.read_bytes())
    os.link(original, folder / "c_twarde.txt")
    (folder / "d_dowiazanie.txt").symlink_to(original)
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(folder), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "aliases            3" in out
    assert _query(db, "SELECT file_name FROM dim_document") == [("a_raport.txt",)]
    aliases = _query(db, "SELECT file_name, error FROM ingest_log WHERE status = 'alias' ORDER BY file_name")
    assert aliases == [
        ("b_kopia.txt", "same content as a_raport.txt"),
        ("c_twarde.txt", "same content as a_raport.txt"),
        ("d_dowiazanie.txt", "same content as a_raport.txt"),
    ]
    alone = tmp_path / "alone.duckdb"
    assert main(["ingest", str(original), "--db", str(alone), "-q"]) == 0
    assert _query(db, "SELECT count(*) FROM fact_measure") == _query(
        alone, "SELECT count(*) FROM fact_measure"
    )
    # a later batch with a new name for the same content: an alias of the loaded document
    (tmp_path / "e_pozniej.txt").write_bytes(SMALL.read_bytes())
    assert main(["ingest", str(tmp_path / "e_pozniej.txt"), "--db", str(db), "-q"]) == 0
    assert _query(db, "SELECT count(*) FROM dim_document") == [(1,)]


def test_control_characters_in_names_are_escaped(tmp_path, capsys) -> None:
    name = "zły\nraport\x1b[31m.txt"
    (tmp_path / name).write_bytes(b"")
    code, err = _ingest(capsys, str(tmp_path / name), "--db", str(tmp_path / "w.duckdb"))
    assert code == 1
    assert err.splitlines() == [f"error: {tmp_path}/zły\\x0araport\\x1b[31m.txt: empty file"]
    assert "\x1b" not in err
    assert safe_text("a\udcffb\tc") == "a\\xffb\\x09c"


def test_digit_runs_cost_linear_time() -> None:
    from raporty.extract.columns import looks_like_data
    from raporty.normalize.measures import split_measures
    from raporty.normalize.numbers import find_numbers

    split_measures("12 spotkań")  # dictionaries loaded before the clock starts
    start = time.perf_counter()
    for text in ("1" * 20_000, "2" * 20_000 + " zł", "12 " + "4" * 20_000 + " osób", "1," + "5" * 20_000):
        assert all(m.value is None or m.value < 1e16 for m in split_measures(text))
        find_numbers(text)
        assert looks_like_data(text) is text.endswith(("zł", "osób"))  # a header test on a table cell
    assert time.perf_counter() - start < 2.0


def _raporty() -> list[str]:
    script = Path(sys.executable).with_name("raporty")
    return [str(script)] if script.exists() else [sys.executable, "-m", "raporty.cli"]


@pytest.mark.parametrize(
    ("signum", "code", "line"),
    [(signal.SIGTERM, 143, "raporty: terminated"), (signal.SIGINT, 130, "raporty: interrupted")],
)
def test_a_signal_ends_the_workers_and_removes_the_spool(
    signum, code, line, tmp_path, bad_inputs_tool, read_stderr
) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    for copy, source in enumerate(sorted(TEXT.glob("*.txt"))):
        (batch / f"{copy}_{source.name}").write_bytes(source.read_bytes())
    bad_inputs_tool.make_big_table_text(batch / "zz_big.txt", 4000)
    spool_parent = tmp_path / "tmp"
    spool_parent.mkdir()
    process = subprocess.Popen(
        [*_raporty(), "ingest", str(batch), "--db", str(tmp_path / "w.duckdb"), "--jobs", "2"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "TMPDIR": str(spool_parent)},
    )
    seen, reader = read_stderr(process)
    deadline = time.monotonic() + 120
    while not list(spool_parent.glob("raporty-spool-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # workers busy
    from raporty.ingest import _process_tree

    workers: list[int] = []
    while len(workers) < 2 and process.poll() is None and time.monotonic() < deadline:
        # the fork server and, under it, the readers (between two documents there may be none)
        workers = [pid for pid in _process_tree(process.pid) if pid != process.pid]
        time.sleep(0.05)
    assert process.poll() is None and len(workers) >= 2
    os.killpg(process.pid, signum)
    assert process.wait(timeout=60) == code
    reader.join(timeout=10)
    assert "".join(seen).rstrip().endswith(line) and "Traceback" not in "".join(seen)
    assert list(spool_parent.iterdir()) == []
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()


# -- PDF filters: every one pdfminer decodes is bounded, and still decodes what is within the limit --------
def _decoded(raw: bytes, filters: str, params: dict | None = None) -> bytes:
    """``raw`` decoded by pdfminer as a stream under ``filters``, with raporty's guards on."""
    from pdfminer.pdftypes import PDFStream
    from pdfminer.psparser import LIT

    from raporty.extract.limits import guard_pdf_streams

    guard_pdf_streams()
    names = [LIT(name) for name in filters.split()]
    attrs = {"Length": len(raw), "Filter": names if len(names) > 1 else names[0]}
    if params:
        attrs["DecodeParms"] = params
    return PDFStream(attrs, raw).get_data()


@pytest.mark.parametrize(
    ("filters", "encode"),
    [
        ("FlateDecode", zlib.compress),
        ("ASCII85Decode", lambda data: base64.a85encode(data) + b"~>"),
        ("ASCIIHexDecode", lambda data: data.hex().encode() + b">"),
        ("RunLengthDecode", lambda data: bytes([len(data) - 1]) + data + b"\x80"),
        ("FlateDecode ASCII85Decode", lambda data: zlib.compress(base64.a85encode(data))),
    ],
)
def test_pdf_filters_decode_within_the_limit_and_refuse_past_it(filters, encode, monkeypatch) -> None:
    from raporty.extract.base import ExtractionError
    from raporty.settings import settings

    content = b"BT /F1 12 Tf 72 720 Td (Sprawozdanie 2021) Tj ET\n"  # 50 bytes
    assert _decoded(encode(content), filters) == content
    monkeypatch.setattr(settings, "max_pdf_stream_bytes", 40)
    with pytest.raises(ExtractionError, match="the stream limit"):
        _decoded(encode(content), filters)


def test_lzw_is_decoded_up_to_the_limit(bad_inputs_tool, monkeypatch) -> None:
    """The LZW bomb of the corpus with 10 repeats: every code decoded (1 + 2 + … + 3839 letters,
    then 10 × 3839); the same codes with 1000 repeats past a 4 MiB limit are refused."""
    from raporty.extract.base import ExtractionError
    from raporty.settings import settings

    bomb = bad_inputs_tool.lzw_bomb
    expected = 1 + sum(range(2, 3840)) + 10 * 3839
    assert _decoded(bomb(10), "LZWDecode") == b"A" * expected
    monkeypatch.setattr(settings, "max_pdf_stream_bytes", 4 * 1024 * 1024)
    with pytest.raises(ExtractionError, match="more than 4 MiB"):
        _decoded(bomb(1000), "LZWDecode")  # 11 MB


def test_runlength_and_ccitt_past_the_limit_are_refused_before_decoding() -> None:
    from raporty.extract.base import ExtractionError

    runs = b"\x81x" * (9 * 1024 * 1024 // 128 + 1)  # 9 MiB of 'x' from 144 KiB
    assert len(_decoded(runs[: 2 * 1000], "RunLengthDecode")) == 128 * 1000
    with pytest.raises(ExtractionError, match="stream limit"):
        _decoded(runs * 2, "RunLengthDecode")
    with pytest.raises(ExtractionError, match="stream limit"):
        _decoded(b"\x00\x10\x01\x00", "CCITTFaxDecode", {"K": -1, "Columns": 200_000_000})


# -- the tools a document starts are inside its budget ------------------------------------------------
def test_the_memory_of_processes_a_document_starts_is_counted(tmp_path) -> None:
    """A process whose own child holds 300 MB (as tesseract or an OCR page worker does under a
    document's process): the budget counts the whole tree, not the process alone."""
    from raporty.ingest import _private_memory, _process_tree, _tree_memory

    ready = tmp_path / "ready"
    holder = f"b = bytearray(300 * 2**20); b[::4096] = b'x' * len(b[::4096]); open({str(ready)!r}, 'w').close(); import time; time.sleep(60)"
    parent = subprocess.Popen(
        [sys.executable, "-c", f"import subprocess, sys; subprocess.run([sys.executable, '-c', {holder!r}])"]
    )
    try:
        deadline = time.monotonic() + 30
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists()
        assert len(_process_tree(parent.pid)) == 2
        assert _private_memory(parent.pid) < 50 * 2**20
        assert _tree_memory(parent.pid, 200 * 2**20) > 300 * 2**20  # past the budget: smaps read
        assert _tree_memory(parent.pid, 2**40) > 300 * 2**20  # resident memory alone says it
    finally:
        for pid in _process_tree(parent.pid)[::-1]:
            os.kill(pid, signal.SIGKILL)
        parent.wait()


def _alive(pid: int) -> bool:
    """Running, not a zombie: a killed tool whose parent died too waits for PID 1 to reap it, which
    some containers' init does late."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return False
        if state in ("Z", "X"):
            return False
        time.sleep(0.1)  # SIGKILL delivered, the process not yet gone
    return True


def _tools_under(pid: int) -> set[int]:
    from raporty.ingest import _process_tree

    found = set()
    for member in _process_tree(pid):
        try:
            if Path(f"/proc/{member}/comm").read_text().strip() in ("tesseract", "pdftoppm"):
                found.add(member)
        except OSError:
            pass
    return found


@pytest.fixture(scope="module")
def eight_page_scan(tmp_path_factory) -> Path:
    """tests/bad_input/scan_only.pdf four times over (pdfunite, of poppler-utils like pdftoppm)."""
    page = str(ROOT / "tests" / "bad_input" / "scan_only.pdf")
    scan = tmp_path_factory.mktemp("scan") / "scan_eight_pages.pdf"
    subprocess.run(["pdfunite", page, page, page, page, str(scan)], check=True)
    return scan


def test_scan_tools_are_killed_with_their_document_at_the_time_limit(tmp_path, eight_page_scan) -> None:
    """A scanned PDF past --timeout: the document fails with the time limit, and the pdftoppm and
    tesseract it started are gone with it (they are in its process group); the next file loads.
    The two-page scan alone read in under 4 s on CI; eight pages (about 8 s here) stay past the
    limit on a faster machine."""
    scan = eight_page_scan
    db = tmp_path / "w.duckdb"
    process = subprocess.Popen(
        [*_raporty(), "ingest", str(scan), str(SMALL), "--db", str(db), "--timeout", "4", "-q"],
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: set[int] = set()
    while process.poll() is None:
        seen |= _tools_under(process.pid)
        time.sleep(0.05)
    err = process.stderr.read() if process.stderr else ""
    assert process.returncode == 1 and "Traceback" not in err
    assert f"error: {scan}: took longer than 4 s (the time limit per document)" in err
    assert seen, "no OCR tool was seen running"
    assert [pid for pid in seen if _alive(pid)] == []
    assert _query(
        db, "SELECT status FROM dim_document WHERE file_name = 'pcpr_strategy_monitoring_2023.txt'"
    ) == [("loaded",)]


def test_scan_fails_when_its_tools_together_pass_the_memory_limit(tmp_path, capsys, eight_page_scan) -> None:
    """The eight-page scan's document process holds at most about 80 MiB of its own, its tree (two
    OCR page workers, pdftoppm, tesseract) 200-450 MiB for half of the run (peaks of 450 MiB last
    under a second, too short to test on): under --memory 200M the watchdog, counting the tree,
    stops it (it loaded when only the document's own process was counted)."""
    code, err = _ingest(
        capsys,
        str(eight_page_scan),
        "--db",
        str(tmp_path / "w.duckdb"),
        "--memory",
        "200M",
    )
    assert code == 1
    assert "needed more than 200 MiB of memory" in err


def test_a_dollar_in_a_document_name_is_text_in_the_report(tmp_path, capsys) -> None:
    """'$^$' in a file name once ended `raporty report` in matplotlib's mathtext parser."""
    folder = tmp_path / "raporty"
    folder.mkdir()
    (folder / "raport $^$ x_{2}.txt").write_bytes(SMALL.read_bytes())
    db = tmp_path / "w.duckdb"
    assert _ingest(capsys, str(folder), "--db", str(db))[0] == 0
    html = tmp_path / "raport.html"
    assert main(["report", "--db", str(db), "--html", str(html)]) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert "raport $^$ x_{2}.txt" in html.read_text(encoding="utf-8")
