"""Many files: input expansion, output naming, one file's failure never stopping the rest.

Takes paths (files, folders, glob patterns) and an output folder; writes one JSON per input
and reports each file as it finishes. Outputs never overwrite one another: below the common
root of the inputs the folder structure is mirrored, and where two inputs of one folder
share a stem (``order.txt`` beside ``order.docx``) the output keeps the extension
(``order.txt.json``, ``order.docx.json``).
"""
from __future__ import annotations

import glob
import os
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .errors import ExtractionError
from .parsers import SUPPORTED_SUFFIXES

# Files of a folder that document the folder rather than being orders.
DOCUMENTATION_NAMES = {"readme.md", "readme.txt", "license.txt", "changelog.md"}


@dataclass
class FileResult:
    path: Path
    output: Path | None
    activities: int = 0
    flags: int = 0
    seconds: float = 0.0
    error: str | None = None


def expand_inputs(inputs: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Files to read, in a stable order, and one-line errors for inputs that name nothing.

    A folder gives its supported files recursively (documentation files such as README.md
    left out); a pattern the shell did not expand is expanded here; a named file is taken
    whatever its suffix, so that an unsupported format gets its own clear error.
    """
    files: list[Path] = []
    problems: list[str] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file()
                           and p.suffix.lower() in SUPPORTED_SUFFIXES
                           and p.name.lower() not in DOCUMENTATION_NAMES)
            files.extend(found)
        elif path.exists():
            files.append(path)
        elif glob.has_magic(raw):
            matched = sorted(Path(p) for p in glob.glob(raw, recursive=True) if Path(p).is_file())
            if matched:
                files.extend(matched)
            else:
                problems.append(f"{raw}: no file matches this pattern")
        else:
            problems.append(f"{raw}: no such file or folder")
    unique = list(dict.fromkeys(p.resolve() for p in files))
    return [Path(os.path.relpath(p)) if _is_below_cwd(p) else p for p in unique], problems


def _is_below_cwd(path: Path) -> bool:
    try:
        path.relative_to(Path.cwd())
        return True
    except ValueError:
        return False


def output_paths(files: list[Path], out_dir: Path) -> dict[Path, Path]:
    """Where each input's JSON goes (see the module docstring)."""
    resolved = [f.resolve() for f in files]
    if len(resolved) == 1:
        root = resolved[0].parent
    else:
        root = Path(os.path.commonpath([str(p.parent) for p in resolved]))
    stems = Counter((p.parent, p.stem) for p in resolved)
    out: dict[Path, Path] = {}
    for original, p in zip(files, resolved):
        relative_dir = p.parent.relative_to(root)
        name = f"{p.name}.json" if stems[(p.parent, p.stem)] > 1 else f"{p.stem}.json"
        out[original] = out_dir / relative_dir / name
    return out


def write_atomically(path: Path, text: str) -> None:
    """Write through a temporary file, so an interrupted run never leaves half a JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run_batch(files: list[Path], out_dir: Path, *, password: str | None = None,
              on_result: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    from .pipeline import extract  # imported here so `--help` stays fast

    targets = output_paths(files, out_dir) if files else {}
    results: list[FileResult] = []
    for path in files:
        started = time.perf_counter()
        result = FileResult(path, targets[path])
        try:
            order = extract(path, password=password)
            result.activities = len(order.activities)
            result.flags = len(order.flags)
            write_atomically(targets[path], order.to_json())
        except ExtractionError as exc:
            result.error, result.output = str(exc), None
        except OSError as exc:  # the output folder, not the input, is the problem
            result.error = f"{path}: cannot write {targets[path]}: {exc.strerror or exc}"
            result.output = None
        except Exception as exc:  # a bug of ours must not lose the other files' results
            result.error = f"{path}: internal error ({type(exc).__name__}: {exc}); please report it"
            result.output = None
        result.seconds = time.perf_counter() - started
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results

