"""Legacy word-processor files (``.doc``, ``.rtf``) -> Document, through LibreOffice.

1. ``soffice --headless --convert-to docx`` writes a DOCX into a fresh temporary folder. Each
   call has its own LibreOffice profile (``-env:UserInstallation``) in that folder, so parallel
   workers never share, lock or corrupt one profile; the call runs in its own process group
   and is ended whole when it passes ``timeout_seconds``.
2. The DOCX parser reads the converted file; the Document keeps the original path and says
   the original format. The temporary folder is removed whatever happens.

Without LibreOffice the error names the Debian package that brings it.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..document import Document
from ..errors import InputError
from . import docx as docx_parser


@dataclass(frozen=True)
class OfficeSettings:
    executables: tuple[str, ...] = ("soffice", "libreoffice")
    debian_package: str = "libreoffice-writer-nogui"
    # a first start builds the fresh profile (about 2 s here); a large order converts in seconds
    timeout_seconds: float = 120.0


SETTINGS = OfficeSettings()


def find_soffice(settings: OfficeSettings = SETTINGS) -> str | None:
    return next((found for name in settings.executables if (found := shutil.which(name))), None)


def convert_to_docx(path: Path, settings: OfficeSettings = SETTINGS) -> tuple[Path, tempfile.TemporaryDirectory]:
    """The DOCX that LibreOffice makes of ``path`` and the temporary folder holding it (the
    caller cleans it up)."""
    soffice = find_soffice(settings)
    fmt = path.suffix.lower().lstrip(".") or "this format"
    if soffice is None:
        raise InputError(path, f"reading .{fmt} needs LibreOffice (soffice not found): "
                               f"install the Debian package {settings.debian_package}")
    work = tempfile.TemporaryDirectory(prefix="roadmap-soffice-")
    try:
        folder = Path(work.name)
        # the input is copied under a plain name: LibreOffice misreads some names (leading
        # dashes, odd characters) and writes its output under the input's stem
        source = folder / f"input{path.suffix.lower()}"
        shutil.copyfile(path, source)
        command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                   "--norestore", "--nologo", "--convert-to", "docx", "--outdir", str(folder / "out"),
                   str(source)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            _, stderr = process.communicate(timeout=settings.timeout_seconds)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise InputError(path, f"LibreOffice did not convert the file within "
                                   f"{settings.timeout_seconds:g} s") from None
        converted = folder / "out" / "input.docx"
        if not converted.is_file():
            lines = [x for x in stderr.decode("utf-8", "replace").splitlines()
                     if x.strip() and "javaldx" not in x]
            reason = lines[-1].strip() if lines else f"exit code {process.returncode}"
            raise InputError(path, f"LibreOffice could not convert the .{fmt} file: {reason}")
        return converted, work
    except BaseException:
        work.cleanup()
        raise


def parse(path: Path, settings: OfficeSettings = SETTINGS) -> Document:
    converted, work = convert_to_docx(Path(path), settings)
    try:
        document = docx_parser.parse(converted)
    except InputError as exc:
        raise InputError(path, f"LibreOffice converted it, but {exc.reason}") from None
    finally:
        work.cleanup()
    document.path = str(path)
    document.format = Path(path).suffix.lower().lstrip(".")
    return document
