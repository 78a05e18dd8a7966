"""The record ``--resume`` trusts: which input gave which output, with what code.

``OUT/manifest.jsonl`` holds one JSON line per input: its path (absolute, links not
resolved), the SHA-256 of its bytes, the tool version and a hash of the package's source
and data files and of the user's vocabulary files in use (:func:`run_fingerprint`), its output (relative to OUT), and its status (ok or failed). Lines are
appended as results are written (after the output's atomic rename), so a run killed at any
moment leaves a manifest that names only complete outputs; a torn last line is ignored. At
the end of a run the file is rewritten, one line per input, sorted.

An input is skipped on resume only when its entry is ok, its bytes, the tool version and
the source hash all match, and its output still parses as an Order; anything else is run
again, failed inputs included.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO

PACKAGE_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def source_hash() -> str:
    """SHA-256 over the package's Python and data files (relative path and bytes, sorted):
    any change of the code that reads orders invalidates earlier results."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and (p.suffix == ".py" or "data" in p.relative_to(PACKAGE_DIR).parts)):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def run_fingerprint() -> str:
    """What results depend on besides an input's bytes: :func:`source_hash` and the bytes of
    the user's vocabulary files in use (``use_user_vocabulary``), so that a resumed run with
    another region's words reads its inputs again."""
    from .normalizers.lexicon import USER_ABBREVIATIONS_ENV, USER_SYNONYMS_ENV

    digest = hashlib.sha256(source_hash().encode())
    for variable in (USER_ABBREVIATIONS_ENV, USER_SYNONYMS_ENV):
        path = os.environ.get(variable)
        digest.update(f"\0{variable}\0".encode())
        if path:
            digest.update((file_sha256(Path(path)) or "unreadable").encode())
    return digest.hexdigest()


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a regular file's bytes (None for anything else or an unreadable file)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None
        digest = hashlib.sha256()
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None


@dataclass
class ManifestEntry:
    input: str
    sha256: str | None
    tool_version: str
    source_hash: str
    output: str | None
    status: str  # ok | failed
    activities: int = 0
    flags: int = 0

    @classmethod
    def ok(cls, path: Path, sha256: str, output: Path, out_dir: Path, version: str, source: str,
           activities: int, flags: int) -> "ManifestEntry":
        return cls(os.path.abspath(path), sha256, version, source, output.relative_to(out_dir).as_posix(),
                   "ok", activities, flags)

    @classmethod
    def failed(cls, path: Path, output: Path | None, out_dir: Path, version: str, source: str) -> "ManifestEntry":
        rel = output.relative_to(out_dir).as_posix() if output is not None else None
        return cls(os.path.abspath(path), None, version, source, rel, "failed")


@dataclass
class Finished:
    """An earlier run's result that a resumed run keeps."""

    activities: int
    flags: int
    order_json: str


class Manifest:
    def __init__(self, path: Path, *, tool_version: str, source_hash: str):
        self.path = path
        self.tool_version = tool_version
        self.source_hash = source_hash
        self.entries: dict[str, ManifestEntry] = {}
        self._append: IO[str] | None = None

    def load(self) -> None:
        try:
            lines = self.path.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return
        for line in lines:
            try:
                entry = ManifestEntry(**json.loads(line))
            except (ValueError, TypeError):
                continue  # a line torn by a killed run, or not ours
            self.entries[entry.input] = entry

    def finished_output(self, path: Path, output: Path | None, out_dir: Path) -> Finished | None:
        """The earlier result of ``path`` when it can be kept as it is (see the module doc)."""
        from .model import Order

        entry = self.entries.get(os.path.abspath(path))
        if (entry is None or output is None or entry.status != "ok" or entry.tool_version != self.tool_version
                or entry.source_hash != self.source_hash or entry.output != output.relative_to(out_dir).as_posix()):
            return None
        if file_sha256(path) != entry.sha256:
            return None
        try:
            text = output.read_text("utf-8")
            order = Order.model_validate_json(text)
        except (OSError, ValueError):
            return None
        if order.source.sha256 != entry.sha256:
            return None
        return Finished(len(order.activities), len(order.flags), text)

    def open_for_append(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._append = self.path.open("a", encoding="utf-8")

    def add(self, entry: ManifestEntry) -> None:
        self.entries[entry.input] = entry
        if self._append is not None:
            # a line starts after a newline even when a killed run tore the last one
            self._append.write("\n" + json.dumps(asdict(entry), ensure_ascii=False) + "\n")
            self._append.flush()

    def close(self) -> None:
        if self._append is not None:
            self._append.close()
            self._append = None

    def rewrite(self, write: callable) -> None:
        """The whole manifest, one line per input, sorted, written with ``write(path, text)``."""
        lines = [json.dumps(asdict(self.entries[key]), ensure_ascii=False) for key in sorted(self.entries)]
        write(self.path, "".join(line + "\n" for line in lines))
