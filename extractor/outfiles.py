"""Writing output files: atomically, with the permissions of an ordinary file.

Every file a run writes (per-order JSON, errors.jsonl, summary.json, the resume manifest, the
JSONL/CSV/XLSX exports) goes through :func:`write_atomically`: a temporary file beside the
target, renamed over it, so a run killed at any moment leaves the old file or the new one,
never half of one.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".partial"  # what a killed run may leave behind: ".<name>.<random>.partial"


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8 with "\\n" line ends, or bytes as they are) to ``path``
    through a temporary file and a rename; mkstemp's private 0600 is widened to what the umask
    gives an ordinary file (0644 under the usual 022)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        os.fchmod(fd, _file_mode())
        if isinstance(content, str):
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(content)
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
