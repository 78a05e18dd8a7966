"""Many files: inputs, output names, one worker pool, results written as they finish.

Takes paths (files, folders, glob patterns), an output folder and :class:`BatchOptions`;
writes per input ``OUT/<its path below the inputs' common folder>/<file name>.json`` (for a
single file the common folder is its parent), and for the run ``OUT/errors.jsonl`` (one line
per failed input, in input order), ``OUT/summary.json`` and ``OUT/manifest.jsonl`` (what
``--resume`` trusts, see :mod:`extractor.manifest`). Returns a :class:`BatchReport`.

How a file is run (:func:`read_file`, in a worker of :class:`extractor.pool.WorkerPool`):
its content and size are checked (:mod:`extractor.inputs`), its page count sets its time
limit, then ``parsers.ocr_units`` says which pages need OCR. None: the file is extracted in
the same task. Some: each page becomes a task of the same pool (:func:`read_ocr_page`) and,
when all are done, the file's extraction is one more (:func:`finish_file`). Warnings and
log records of libraries are caught per task and come back with the file they concern.

Nothing a file does stops the others: a task over its limit has its worker killed and
replaced, a crashed worker is replaced, an exception is that file's error. Ctrl-C stops the
pool; every finished output stays, and errors.jsonl, summary.json and the manifest are written.
"""
from __future__ import annotations

import glob
import json
import logging
import os
import time
import unicodedata
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import __version__
from .errors import ExtractionError, InputError
from .inputs import FORMAT_BY_SUFFIX
from .manifest import Manifest, ManifestEntry, run_fingerprint
from .outfiles import TEMP_SUFFIX, write_atomically
from .pool import WorkerPool, default_workers, report_pages

# Files of a folder that document the folder rather than being orders.
DOCUMENTATION_NAMES = {"readme.md", "readme.txt", "license.txt", "changelog.md"}
ERRORS_FILE = "errors.jsonl"
SUMMARY_FILE = "summary.json"
MANIFEST_FILE = "manifest.jsonl"
RUN_FILES = (ERRORS_FILE, SUMMARY_FILE, MANIFEST_FILE)  # never an input's output
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


@dataclass(frozen=True)
class BatchOptions:
    workers: int = 0  # 0: one per core
    password: str | None = None
    seconds_per_page: float = 60.0  # --timeout: a file's limit is this times its pages
    resume: bool = False
    write_json: bool = True  # per-file JSON (format "json")
    executor: str = "local"  # local (worker processes) | ray
    address: str | None = None  # a Ray cluster to join
    keep_orders: bool = False  # keep each order's JSON for exports after the run
    max_warnings_per_file: int = 5  # library warnings kept per file


class UsageError(Exception):
    """The run as asked cannot start (exit code 2): said before any work."""


@dataclass
class Skipped:
    path: str
    reason: str


@dataclass
class FileResult:
    path: Path
    output: Path | None
    status: str = "pending"  # ok | failed | resumed | pending (not reached: interrupted)
    activities: int = 0
    flags: int = 0
    seconds: float = 0.0
    pages: int = 0
    kind: str | None = None  # error kind (see extractor.errors)
    error: str | None = None  # the one-line message
    warnings: list[str] = field(default_factory=list)
    order_json: str | None = None  # kept only for exports


@dataclass
class BatchReport:
    results: list[FileResult]
    skipped: list[Skipped]
    seconds: float
    workers: int
    interrupted: bool = False
    workers_replaced: int = 0
    run_files_error: str | None = None  # errors.jsonl / summary.json could not be written

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        return EXIT_FAILED if self.failed or self.run_files_error else EXIT_OK


# ---------------------------------------------------------------------------
# Inputs and output names
# ---------------------------------------------------------------------------


@dataclass
class Entry:
    """One input in input order: a file to read, or a path that already failed."""

    path: Path
    error: ExtractionError | None = None


def expand_inputs(inputs: Iterable[str], exclude: Path | None = None) -> tuple[list[Entry], list[Skipped]]:
    """Inputs in a stable order (arguments in turn, a folder's files sorted) and what folder
    runs left out, with the reason. A named file is taken whatever its suffix (its content
    decides); a named path that gives nothing is an error entry."""
    entries: list[Entry] = []
    skipped: list[Skipped] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = folder_files(path, skipped, exclude)
            entries.extend(Entry(p) for p in found)
            if not found:
                entries.append(Entry(path, InputError(path, "a folder holding no file of a supported format "
                                                            f"({' '.join(sorted(FORMAT_BY_SUFFIX))})",
                                                      kind="not_found")))
        elif path.exists() or path.is_symlink():
            entries.append(Entry(path))  # a broken link is reported by the worker's check
        elif glob.has_magic(raw):
            matched = sorted(Path(p) for p in glob.glob(raw, recursive=True))
            files = [p for p in matched if not p.is_dir()]
            for folder in (p for p in matched if p.is_dir()):
                files.extend(folder_files(folder, skipped, exclude))
            entries.extend(Entry(p) for p in files)
            if not files:
                entries.append(Entry(path, InputError(path, "no file matches this pattern", kind="not_found")))
        else:
            entries.append(Entry(path, InputError(path, "no such file or folder", kind="not_found")))
    unique: dict[str, Entry] = {}
    for entry in entries:
        unique.setdefault(os.path.abspath(entry.path), entry)
    return list(unique.values()), skipped


def folder_files(folder: Path, skipped: list[Skipped], exclude: Path | None) -> list[Path]:
    """A folder's files of the supported suffixes, recursively, links to folders followed once;
    every other entry is recorded in ``skipped`` with why."""
    found: list[Path] = []
    seen_dirs: set[str] = set()
    excluded = os.path.realpath(exclude) if exclude is not None else None
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen_dirs or real == excluded:
            dirnames[:] = []
            continue
        seen_dirs.add(real)
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            reason = left_out_reason(path)
            if reason:
                skipped.append(Skipped(str(path), reason))
            else:
                found.append(path)
    return found


def left_out_reason(path: Path) -> str | None:
    name = path.name
    if name.startswith("~$") or name.startswith("."):
        return "hidden or lock file"
    if name.lower() in DOCUMENTATION_NAMES:
        return "documentation file"
    if path.suffix.lower() not in FORMAT_BY_SUFFIX:
        return f"unsupported type ({path.suffix or 'no extension'})"
    if path.is_symlink() and not path.exists():
        return "link that leads nowhere"
    if not path.is_file():
        return "not a regular file"
    return None


def output_paths(files: list[Path], out_dir: Path) -> dict[Path, Path]:
    """Where each input's JSON goes: its path below the inputs' common folder (a single
    file's parent), its full name plus ".json". Links are not resolved: a link is an input
    of its own name. Raises UsageError when two inputs would still share an output."""
    absolute = [Path(os.path.abspath(f)) for f in files]
    if len(absolute) == 1:
        root = absolute[0].parent
    else:
        root = Path(os.path.commonpath([str(p.parent) for p in absolute]))
    out = {f: out_dir / p.relative_to(root).parent / f"{p.name}.json" for f, p in zip(files, absolute)}
    check_collisions(out, out_dir)
    return out


def check_collisions(outputs: dict[Path, Path], out_dir: Path) -> None:
    """Two inputs on one output (also when file systems that normalise Unicode or fold case
    would make them one), an output where another needs a folder, or an output named like
    the run's own files."""
    by_key: dict[str, Path] = {}
    folders: dict[str, Path] = {}
    for source, target in outputs.items():
        rel = target.relative_to(out_dir)
        key = unicodedata.normalize("NFC", rel.as_posix()).casefold()
        if key in by_key:
            raise UsageError(f"{by_key[key]} and {source} would both be written to {target}; "
                             "extract them in separate runs or rename one")
        by_key[key] = source
        if len(rel.parts) == 1 and rel.name in RUN_FILES:
            raise UsageError(f"{source} would be written to {target}, the run's own {rel.name}; rename it")
        for i in range(1, len(rel.parts)):
            folders.setdefault(unicodedata.normalize("NFC", "/".join(rel.parts[:i])).casefold(), source)
    for key, source in by_key.items():
        if key in folders:
            raise UsageError(f"{source} would be written to a file where {folders[key]} needs a folder "
                             f"({out_dir / key}); extract them in separate runs")


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def remove_stale_temporaries(out_dir: Path) -> None:
    """Temporary files a killed run left behind (ours only: ".<name>.<random>.partial")."""
    if out_dir.is_dir():
        for tmp in out_dir.rglob(f".*{TEMP_SUFFIX}"):
            tmp.unlink(missing_ok=True)


# ---------------------------------------------------------------------------
# What a worker runs
# ---------------------------------------------------------------------------


@dataclass
class Outcome:
    """What a worker sends back for one task (plain data: it crosses a process boundary)."""

    order_json: str | None = None
    activities: int = 0
    flags: int = 0
    ocr_pages: list[int] = field(default_factory=list)  # pages still to OCR
    pages: int = 1
    kind: str | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    value: Any = None  # one OCR page


class _RecordList(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.name}: {record.getMessage()}")


def _captured(path: str, run: Callable[[Outcome], None]) -> Outcome:
    """Run one task with warnings and WARNING log records caught for its file, and every
    exception turned into the file's one-line error."""
    outcome = Outcome()
    handler = _RecordList()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            try:
                run(outcome)
            except ExtractionError as exc:
                outcome.kind, outcome.error = exc.kind, str(exc)
            except OSError as exc:  # outputs are written by the parent: this is the input
                outcome.kind = "unreadable"
                outcome.error = f"{path}: cannot read file: {exc.strerror or exc}"
            except MemoryError:
                outcome.kind, outcome.error = "too_large", f"{path}: out of memory while reading it"
            except RecursionError:
                outcome.kind, outcome.error = "too_large", f"{path}: nested too deeply to read"
            except Exception as exc:  # a bug of ours must not lose the other files' results
                outcome.kind = "internal"
                outcome.error = f"{path}: internal error ({type(exc).__name__}: {exc}); please report it"
        outcome.warnings = [f"{w.category.__name__}: {w.message}" for w in caught] + handler.records
    finally:
        root.removeHandler(handler)
    outcome.order_json = outcome.order_json if outcome.error is None else None
    return outcome


def _extract_into(outcome: Outcome, path: Path, password: str | None, ocr_pages: dict | None,
                  defer_ocr: bool = False) -> None:
    from .pipeline import extract

    order = extract(path, password=password, ocr_pages=ocr_pages or None, defer_ocr=defer_ocr)
    outcome.order_json = order.to_json()
    outcome.activities, outcome.flags = len(order.activities), len(order.flags)


def read_file(path: str, password: str | None, extract_now: bool = True) -> Outcome:
    """A worker's first task for a file: checks, page count, OCR plan; the extraction too
    when no page needs OCR (and ``extract_now``). With ``extract_now`` the file is parsed
    once: the parser names the pages it needs read by OCR instead of reading them."""
    from . import parsers
    from .inputs import inspect_input

    def run(outcome: Outcome) -> None:
        info = inspect_input(Path(path))
        outcome.pages = info.pages
        report_pages(info.pages)
        if not extract_now:
            outcome.ocr_pages = list(parsers.ocr_units(Path(path), password=password))
            return
        try:
            _extract_into(outcome, Path(path), password, None, defer_ocr=True)
        except parsers.PagesNeedOcr as pending:
            outcome.ocr_pages = pending.pages

    return _captured(path, run)


def read_ocr_page(path: str, index: int, password: str | None) -> Outcome:
    from . import parsers

    def run(outcome: Outcome) -> None:
        outcome.value = parsers.ocr_unit(Path(path), index, password=password)

    return _captured(path, run)


def finish_file(path: str, password: str | None, ocr_pages: dict) -> Outcome:
    def run(outcome: Outcome) -> None:
        _extract_into(outcome, Path(path), password, ocr_pages)

    return _captured(path, run)


# ---------------------------------------------------------------------------
# The pool's schedule
# ---------------------------------------------------------------------------


@dataclass
class _OcrProgress:
    pages: int
    waiting: set[int]
    done: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    failure: Outcome | None = None


def process_files(files: list[Path], *, workers: int, password: str | None, seconds_per_page: float,
                  executor: str = "local", address: str | None = None,
                  pool_out: list | None = None,
                  on_pages: Callable[[int, int], None] | None = None) -> Iterator[tuple[int, Outcome, float]]:
    """(index into files, outcome, seconds its tasks ran) for every file, as each finishes.
    OCR pages of a file are tasks of their own; the file's extraction is submitted when its
    pages are done. With an executor whose tasks cannot report their page count while they
    run (Ray), a file's checks and its extraction are two tasks, the second limited by pages.
    ``on_pages(read, handed_out)``: OCR pages read and handed out so far, after each change."""
    pages_read = pages_out = 0
    if executor == "ray":
        from .ray_executor import RayPool

        pool: Any = RayPool(workers, address)
    else:
        pool = WorkerPool(workers)
    extract_now = getattr(pool, "reports_pages", True)
    if pool_out is not None:
        pool_out.append(pool)
    busy: dict[int, float] = {}
    ocr: dict[int, _OcrProgress] = {}
    try:
        for i, path in enumerate(files):
            pool.submit(("file", i), read_file, (str(path), password, extract_now), seconds_per_page=seconds_per_page)
            busy[i] = 0.0
        for completion in pool.completions():
            step, i = completion.key[0], completion.key[1]
            path = str(files[i])
            busy[i] += completion.seconds
            if completion.ok:
                outcome = completion.value
            else:
                outcome = Outcome(kind=completion.failure, pages=completion.pages,
                                  error=f"{path}: {completion.message}" + (
                                      "; please report it" if completion.failure == "internal" else ""))
            if step == "page":
                pages_read += 1
                if on_pages is not None:
                    on_pages(pages_read, pages_out)
                progress = ocr[i]
                progress.waiting.discard(completion.key[2])
                progress.warnings.extend(outcome.warnings)
                if outcome.error and progress.failure is None:
                    progress.failure = outcome
                    pool.cancel({("page", i, p) for p in progress.waiting})
                    progress.waiting.clear()
                elif not outcome.error:
                    progress.done[completion.key[2]] = outcome.value
                if not progress.waiting:
                    if progress.failure is not None:
                        progress.failure.warnings = progress.warnings
                        yield i, progress.failure, busy[i]
                    else:
                        pool.submit(("finish", i), finish_file, (path, password, progress.done),
                                    seconds_per_page=seconds_per_page, pages=progress.pages)
                continue
            if step == "file" and outcome.error is None and not outcome.ocr_pages and not extract_now:
                ocr[i] = _OcrProgress(outcome.pages, set(), warnings=list(outcome.warnings))
                pool.submit(("finish", i), finish_file, (path, password, {}),
                            seconds_per_page=seconds_per_page, pages=outcome.pages)
                continue
            if step == "file" and outcome.error is None and outcome.ocr_pages:
                ocr[i] = _OcrProgress(outcome.pages, set(outcome.ocr_pages), warnings=list(outcome.warnings))
                for page in outcome.ocr_pages:
                    pool.submit(("page", i, page), read_ocr_page, (path, page, password),
                                seconds_per_page=seconds_per_page)
                pages_out += len(outcome.ocr_pages)
                if on_pages is not None:
                    on_pages(pages_read, pages_out)
                continue
            if step == "finish":
                outcome.warnings = ocr[i].warnings + outcome.warnings
                outcome.pages = ocr[i].pages
            yield i, outcome, busy[i]
    finally:
        pool.close()


# ---------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------


def run_batch(inputs: Iterable[str], out_dir: Path, options: BatchOptions = BatchOptions(), *,
              on_start: Callable[[int], None] | None = None,
              on_result: Callable[[FileResult], None] | None = None,
              on_pages: Callable[[int, int], None] | None = None) -> BatchReport:
    """Extract every input into ``out_dir``. Raises UsageError before any work when the run
    cannot be done as asked; otherwise returns the report, also when interrupted.
    ``on_pages(read, handed_out)`` follows the OCR pages of scans (the progress of long files)."""
    clock = time.monotonic()
    entries, skipped = expand_inputs(inputs, exclude=out_dir)
    files = [e.path for e in entries if e.error is None]
    targets = output_paths(files, out_dir) if files else {}
    workers = options.workers or default_workers()
    results = [FileResult(e.path, targets.get(e.path)) for e in entries]
    for result, entry in zip(results, entries):
        if entry.error is not None:
            result.status, result.kind, result.error = "failed", entry.error.kind, str(entry.error)

    manifest = Manifest(out_dir / MANIFEST_FILE, tool_version=__version__, source_hash=run_fingerprint())
    manifest.load()  # kept for the inputs of other runs; trusted only with --resume
    remove_stale_temporaries(out_dir)
    todo: list[int] = []
    for index, result in enumerate(results):
        if result.status == "failed":
            continue
        done = manifest.finished_output(result.path, result.output, out_dir) if options.resume else None
        if done is not None:
            result.status, result.activities, result.flags = "resumed", done.activities, done.flags
            result.order_json = done.order_json if options.keep_orders else None
        else:
            todo.append(index)

    if on_start is not None:
        on_start(len(results))
    for result in results:
        if result.status != "pending" and on_result is not None:
            on_result(result)

    interrupted = False
    pools: list[WorkerPool] = []
    todo_files = [results[i].path for i in todo]
    try:
        if todo_files:
            try:
                manifest.open_for_append()
            except OSError:
                pass  # OUT is not writable: each output says so, and so does the end of the run
        for k, outcome, seconds in process_files(todo_files, workers=workers, password=options.password,
                                                 seconds_per_page=options.seconds_per_page, on_pages=on_pages,
                                                 executor=options.executor, address=options.address,
                                                 pool_out=pools):
            result = results[todo[k]]
            _record(result, outcome, seconds, options, manifest, out_dir)
            if on_result is not None:
                on_result(result)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        manifest.close()
    report = BatchReport(results, skipped, time.monotonic() - clock, workers, interrupted,
                         workers_replaced=pools[0].replaced if pools else 0)
    try:
        manifest.rewrite(write_atomically)
        write_run_files(report, out_dir)
    except OSError as exc:
        report.run_files_error = f"cannot write the run's files in {out_dir}: {exc.strerror or exc}"
    return report


def _record(result: FileResult, outcome: Outcome, seconds: float, options: BatchOptions,
            manifest: Manifest, out_dir: Path) -> None:
    result.seconds, result.pages = seconds, outcome.pages
    result.warnings = outcome.warnings[: options.max_warnings_per_file]
    if outcome.error is not None:
        result.status, result.kind, result.error = "failed", outcome.kind, outcome.error
        manifest.add(ManifestEntry.failed(result.path, result.output, out_dir, __version__, manifest.source_hash))
        return
    assert outcome.order_json is not None
    if options.write_json and result.output is not None:
        try:
            write_atomically(result.output, outcome.order_json)
        except OSError as exc:
            result.status, result.kind = "failed", "write"
            result.error = f"{result.path}: cannot write {result.output}: {exc.strerror or exc}"
            manifest.add(ManifestEntry.failed(result.path, result.output, out_dir, __version__, manifest.source_hash))
            return
    result.status, result.activities, result.flags = "ok", outcome.activities, outcome.flags
    result.order_json = outcome.order_json if options.keep_orders else None
    if options.write_json and result.output is not None:
        sha = json.loads(outcome.order_json)["source"]["sha256"]
        manifest.add(ManifestEntry.ok(result.path, sha, result.output, out_dir, __version__, manifest.source_hash,
                                      result.activities, result.flags))


def write_run_files(report: BatchReport, out_dir: Path) -> None:
    """errors.jsonl (input order) and summary.json."""
    lines = [json.dumps({"path": str(r.path), "kind": r.kind, "message": r.error}, ensure_ascii=False)
             for r in report.failed]
    write_atomically(out_dir / ERRORS_FILE, "".join(line + "\n" for line in lines))
    write_atomically(out_dir / SUMMARY_FILE, json.dumps(summary(report, out_dir), ensure_ascii=False, indent=2) + "\n")


def summary(report: BatchReport, out_dir: Path) -> dict:
    by_status: dict[str, int] = {}
    by_kind: dict[str, int] = {}
    for r in report.results:
        by_status[r.status] = by_status.get(r.status, 0) + 1
        if r.kind:
            by_kind[r.kind] = by_kind.get(r.kind, 0) + 1
    extracted = by_status.get("ok", 0)
    return {
        "tool_version": __version__,
        "exit_code": report.exit_code,
        "interrupted": report.interrupted,
        "inputs": len(report.results),
        "ok": extracted,
        "resumed": by_status.get("resumed", 0),
        "failed": by_status.get("failed", 0),
        "not_reached": by_status.get("pending", 0),
        "errors_by_kind": dict(sorted(by_kind.items())),
        "left_out": len(report.skipped),
        "left_out_files": [asdict(s) for s in report.skipped],
        "activities": sum(r.activities for r in report.results),
        "seconds": round(report.seconds, 3),
        "files_per_second": round(extracted / report.seconds, 3) if report.seconds else None,
        "workers": report.workers,
        "workers_replaced": report.workers_replaced,
        "files": [
            {"path": str(r.path), "output": _relative(r.output, out_dir) if r.status in ("ok", "resumed") else None,
             "status": r.status, "activities": r.activities, "flags": r.flags, "pages": r.pages,
             "seconds": round(r.seconds, 3), "kind": r.kind, "warnings": r.warnings}
            for r in report.results
        ],
    }


def _relative(path: Path | None, out_dir: Path) -> str | None:
    return None if path is None else path.relative_to(out_dir).as_posix()


def extract_many(paths: Iterable[str | Path], workers: int = 0, password: str | None = None,
                 seconds_per_page: float = BatchOptions.seconds_per_page,
                 abbreviations: str | Path | None = None,
                 synonyms: str | Path | None = None) -> Iterator[tuple[Path, Any]]:
    """(path, Order) or (path, ExtractionError) for each path, as each finishes, over one
    pool of ``workers`` processes (0: one per core). Nothing is written. ``abbreviations`` and
    ``synonyms``: a region's own TSV files, as for :func:`extractor.extract`."""
    from .model import Order
    from .normalizers.lexicon import use_user_vocabulary

    use_user_vocabulary(abbreviations, synonyms)

    files = [Path(p) for p in paths]
    for i, outcome, _ in process_files(files, workers=workers or default_workers(), password=password,
                                       seconds_per_page=seconds_per_page):
        if outcome.error is not None:
            reason = outcome.error.split(": ", 1)[1] if outcome.error.startswith(f"{files[i]}: ") else outcome.error
            yield files[i], ExtractionError(files[i], reason, kind=outcome.kind)
        else:
            yield files[i], Order.model_validate_json(outcome.order_json)
