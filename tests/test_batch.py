"""The batch end to end: the CLI over the corpus twenty times with thirty-odd bad files in
one run; a run killed half-way and resumed; output names; run files; exit codes."""
from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor import extract_many
from extractor.batch import UsageError, expand_inputs, output_paths
from extractor.errors import ExtractionError
from extractor.model import Order
from extractor.pipeline import extract

from .conftest import CORPUS, ORDERS, ROOT
from .test_batch_bad_files import make_bad_files

CLI = [sys.executable, str(ROOT / "cli.py")]
COPIES = 20
GOOD_FORMATS = ("txt", "docx", "pdf")


def run_cli(*args, cwd=ROOT, timeout=600):
    return subprocess.run(CLI + [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


def corpus_copies(folder: Path, copies: int) -> list[Path]:
    """The corpus's txt, docx and pdf as links, ``copies`` times, and its scans once."""
    made = []
    for k in range(copies):
        for name in ORDERS:
            for fmt in GOOD_FORMATS:
                link = folder / f"copy_{k:02d}" / name / f"order.{fmt}"
                link.parent.mkdir(parents=True, exist_ok=True)
                link.symlink_to(CORPUS / name / f"order.{fmt}")
                made.append(link)
    for name in ORDERS:
        link = folder / "scans" / name / "order_scan.pdf"
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(CORPUS / name / "order_scan.pdf")
    return made


@pytest.fixture(scope="module")
def single_file_outputs() -> dict[str, bytes]:
    """What extracting each corpus file alone writes."""
    return {f"{name}/order.{fmt}": extract(CORPUS / name / f"order.{fmt}").to_json().encode()
            for name in ORDERS for fmt in GOOD_FORMATS}


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("big")
    good = corpus_copies(root / "corpus20", COPIES)
    # a good order whose folder and file name together hold rich markup ("[/red]")
    marked = root / "corpus20" / "[red]notes[" / "red] order.txt"
    marked.parent.mkdir()
    marked.symlink_to(CORPUS / ORDERS[0] / "order.txt")
    bad = make_bad_files(root / "bad")
    bad_paths = [root / "bad" / name for name in bad]
    out = root / "out"
    result = run_cli("extract", root / "corpus20", *bad_paths, "--out", out, "--workers", 2,
                     "--password", "not-the-password")
    return root, good, marked, bad, bad_paths, out, result


def test_big_batch_exits_1_without_a_traceback(big_batch):
    *_, result = big_batch
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr + result.stdout


def test_every_good_output_equals_its_single_file_output(big_batch, single_file_outputs):
    root, good, marked, *_ , out, _ = big_batch
    for link in good:  # below the common folder of corpus20/ and bad/: the test's folder
        rel = link.relative_to(root)
        output = out / rel.parent / f"{rel.name}.json"
        assert output.read_bytes() == single_file_outputs[f"{rel.parent.name}/{rel.name}"], rel
    marked_output = out / "corpus20" / "[red]notes[" / "red] order.txt.json"
    expected = single_file_outputs[f"{ORDERS[0]}/order.txt"].replace(b'"file": "order.txt"', b'"file": "red] order.txt"')
    assert marked_output.read_bytes() == expected
    assert str(root / "corpus20" / "[red]notes[" / "red] order.txt") in big_batch[-1].stdout


def test_every_bad_file_is_in_errors_jsonl_with_its_message_in_input_order(big_batch):
    root, _, _, bad, bad_paths, out, result = big_batch
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text("utf-8").splitlines()]
    assert not [e for e in errors if "/scans/" in e["path"]]  # scans are read by OCR
    for name in ORDERS:
        scan = json.loads((out / "corpus20" / "scans" / name / "order_scan.pdf.json").read_text("utf-8"))
        assert scan["source"]["ocr"] and scan["source"]["format"] == "scan" and scan["activities"]
    others = errors
    assert [e["path"] for e in others] == [str(p) for p in bad_paths]
    for entry, (name, (kind, words)) in zip(others, bad.items()):
        if name == "encrypted.pdf":  # the run passed a password, a wrong one
            kind, words = "wrong_password", "the password given with --password is wrong"
        if name == "folder.pdf":  # named on the command line, a folder is read as one
            kind, words = "not_found", "a folder holding no file of a supported format"
        assert entry["kind"] == kind and words in entry["message"], entry
        assert entry["message"] in result.stderr
    assert str(bad_paths[0]) + ": empty file (0 bytes)" in result.stderr


def test_summary_json_counts_the_run(big_batch):
    _, good, _, bad, _, out, _ = big_batch
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert (summary["inputs"], summary["ok"], summary["failed"]) == (
        len(good) + 1 + len(ORDERS) + len(bad), len(good) + 1 + len(ORDERS), len(bad))
    assert summary["exit_code"] == 1 and summary["left_out"] == 0 and summary["workers"] == 2
    assert sum(summary["errors_by_kind"].values()) == summary["failed"]


def test_outputs_have_ordinary_permissions(big_batch):
    *_, out, _ = big_batch
    umask = os.umask(0)
    os.umask(umask)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file()}
    assert modes == {0o666 & ~umask}


def test_a_batch_killed_half_way_and_resumed_ends_as_an_uninterrupted_run(tmp_path):
    inputs = tmp_path / "in"
    corpus_copies(inputs, 2)
    (inputs / "bad").mkdir()
    (inputs / "bad" / "letter.txt").write_text("Письмо без таблицы\n", encoding="utf-8")
    (inputs / "bad" / "empty.pdf").write_bytes(b"")
    whole, resumed = tmp_path / "whole", tmp_path / "resumed"
    assert run_cli("extract", inputs, "--out", whole, "--workers", 2).returncode == 1

    process = subprocess.Popen(CLI + ["extract", str(inputs), "--out", str(resumed), "--workers", "2"],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    manifest = resumed / "manifest.jsonl"
    total = len(list(inputs.rglob("order*"))) + 2
    while process.poll() is None:
        finished = manifest.read_text("utf-8").count('"status"') if manifest.exists() else 0
        if finished >= total // 2:
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert not (resumed / "summary.json").exists()  # it did not get to the end

    again = run_cli("extract", inputs, "--out", resumed, "--workers", 2, "--resume")
    assert again.returncode == 1
    summary = json.loads((resumed / "summary.json").read_text("utf-8"))
    assert summary["resumed"] >= total // 2 - 2  # two may have been written but not yet recorded

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
                if p.is_file() and p.name != "summary.json"}

    assert files(resumed) == files(whole)


def test_resume_reruns_failed_inputs_and_changed_files(tmp_path):
    source = tmp_path / "in" / "order.txt"
    source.parent.mkdir()
    source.write_bytes((CORPUS / ORDERS[0] / "order.txt").read_bytes())
    letter = tmp_path / "in" / "letter.txt"
    letter.write_text("Письмо без таблицы\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("extract", tmp_path / "in", "--out", out).returncode == 1
    letter.write_bytes((CORPUS / ORDERS[1] / "order.txt").read_bytes())  # fixed by its sender
    second = run_cli("extract", tmp_path / "in", "--out", out, "--resume")
    assert second.returncode == 0, second.stderr
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert [(f["path"].rsplit("/", 1)[1], f["status"]) for f in summary["files"]] == [
        ("letter.txt", "ok"), ("order.txt", "resumed")]
    source.write_bytes(source.read_bytes() + "\n".encode())
    third = run_cli("extract", tmp_path / "in", "--out", out, "--resume")
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert [f["status"] for f in summary["files"]] == ["resumed", "ok"]
    assert third.returncode == 0 and (out / "errors.jsonl").read_text() == ""


@pytest.mark.parametrize("inputs, expected", [
    (["a/order.txt"], ["order.txt.json"]),
    (["a/order.txt", "a/order.docx"], ["order.txt.json", "order.docx.json"]),
    (["a/x.md", "a/x.txt", "a/x.txt.md"], ["x.md.json", "x.txt.json", "x.txt.md.json"]),
    (["a/b/order.txt", "a/c/order.txt"], ["b/order.txt.json", "c/order.txt.json"]),
    (["a/b/order.txt", "a/order.txt"], ["b/order.txt.json", "order.txt.json"]),
])
def test_output_names(tmp_path, inputs, expected):
    paths = [tmp_path / p for p in inputs]
    out = tmp_path / "out"
    assert [p.relative_to(out).as_posix() for p in output_paths(paths, out).values()] == expected


@pytest.mark.parametrize("inputs", [
    ["a/summary", "a/order.txt"],  # would overwrite the run's summary.json
    ["a/x.txt", "a/x.txt.json/order.txt"],  # a file where a folder must be
    ["a/Order.txt", "a/order.txt"],  # one file where names are case-insensitive
])
def test_inputs_that_would_share_an_output_are_refused(tmp_path, inputs):
    with pytest.raises(UsageError):
        output_paths([tmp_path / p for p in inputs], tmp_path / "out")


def test_a_colliding_run_exits_2_before_any_work(tmp_path):
    for name in ("Order.txt", "order.txt"):
        (tmp_path / "in" / name).parent.mkdir(exist_ok=True)
        (tmp_path / "in" / name).write_bytes((CORPUS / ORDERS[0] / "order.txt").read_bytes())
    result = run_cli("extract", tmp_path / "in", "--out", tmp_path / "out")
    assert result.returncode == 2 and "would both be written to" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_folder_run_names_what_it_leaves_out(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "order.txt").write_bytes((CORPUS / ORDERS[0] / "order.txt").read_bytes())
    (folder / "order.wps").write_bytes(b"PK\x03\x04")
    (folder / "README.md").write_text("about this folder")
    (folder / "~$order.docx").write_bytes(b"lock")
    (folder / "gone.pdf").symlink_to(folder / "missing.pdf")
    entries, skipped = expand_inputs([str(folder)])
    assert [e.path.name for e in entries] == ["order.txt"]
    assert sorted((Path(s.path).name, s.reason) for s in skipped) == [
        ("README.md", "documentation file"), ("gone.pdf", "link that leads nowhere"),
        ("order.wps", "unsupported type (.wps)"), ("~$order.docx", "hidden or lock file")]
    result = run_cli("extract", folder, "--out", tmp_path / "out")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text("utf-8"))
    assert result.returncode == 0 and summary["left_out"] == 4 and "4 left out" in result.stdout


def test_a_file_named_directly_is_read_by_its_content(tmp_path):
    disguised = tmp_path / "order.dat"
    disguised.write_bytes((CORPUS / ORDERS[2] / "order.pdf").read_bytes())
    result = run_cli("extract", disguised, "--out", tmp_path / "out", "--quiet")
    assert result.returncode == 0, result.stderr
    order = Order.model_validate_json((tmp_path / "out" / "order.dat.json").read_text("utf-8"))
    assert order.source.format == "pdf" and order.source.file == "order.dat"


@pytest.mark.parametrize("args, words", [
    (["--format", "yaml"], "unknown --format 'yaml'"),
    (["--workers", "-1"], "Invalid value"),
])
def test_usage_errors_exit_2(tmp_path, args, words):
    result = run_cli("extract", CORPUS / ORDERS[0] / "order.txt", "--out", tmp_path, *args)
    assert result.returncode == 2 and words in result.stderr


def test_export_formats_need_the_export_module(tmp_path):
    try:
        import extractor.export  # noqa: F401
    except ImportError:
        result = run_cli("extract", CORPUS / ORDERS[0] / "order.txt", "--out", tmp_path, "--format", "csv")
        assert result.returncode == 2 and "needs extractor.export" in result.stderr
    else:
        result = run_cli("extract", CORPUS / ORDERS[0] / "order.txt", "--out", tmp_path, "--format", "jsonl")
        assert result.returncode == 0 and (tmp_path / "orders.jsonl").exists()
        assert not (tmp_path / "order.txt.json").exists()


def test_extract_many_yields_each_path_with_its_order_or_error(tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text("Письмо без таблицы\n", encoding="utf-8")
    paths = [CORPUS / name / "order.txt" for name in ORDERS[:2]] + [letter]
    results = dict(extract_many(paths, workers=2))
    assert set(results) == set(paths)
    assert [len(results[p].activities) for p in paths[:2]] == [
        len(extract(p).activities) for p in paths[:2]]
    assert isinstance(results[letter], ExtractionError) and results[letter].kind == "no_roadmap"


def test_ctrl_c_keeps_finished_outputs_and_writes_the_run_files(tmp_path):
    inputs = tmp_path / "in"
    corpus_copies(inputs, 2)
    out = tmp_path / "out"
    process = subprocess.Popen(CLI + ["extract", str(inputs), "--out", str(out), "--workers", "2"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    manifest = out / "manifest.jsonl"
    while process.poll() is None and not (manifest.exists() and manifest.read_text().count('"status"') >= 5):
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130 and "Traceback" not in stderr and "--resume" in stderr
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["interrupted"] is True and summary["not_reached"] > 0
    written = {f["output"] for f in summary["files"] if f["status"] == "ok"}
    assert len(written) >= 5 and all(Order.model_validate_json((out / o).read_text("utf-8")) for o in written)
    assert (out / "errors.jsonl").exists()
    assert not list(out.rglob("*.partial"))


def test_ocr_pages_report_their_progress(tmp_path):
    """A scan's pages are tasks of the pool; the run says how many are read of how many, so a
    long scan shows it is moving."""
    from extractor.batch import BatchOptions, run_batch

    seen = []
    image = Path(__file__).parent / "data" / "scan" / "sans_page2.png"
    report = run_batch([str(image)], tmp_path / "out", BatchOptions(workers=2),
                       on_pages=lambda read, handed_out: seen.append((read, handed_out)))
    assert report.exit_code == 0
    assert seen == [(0, 1), (1, 1)]
