"""Errors that name the input file and say, in one line, why it cannot be read.

Each error has a ``kind``, a short word that a batch's ``errors.jsonl`` carries so that
failures can be counted and sorted without parsing messages:

- ``not_found``, ``empty``, ``unreadable`` (exists but cannot be read: permissions, I/O), ``unsupported``
  (not a format this tool reads), ``encoding`` (text in an encoding it does not read),
  ``too_large`` (over a size limit), ``corrupt`` / ``damaged`` (the format's structure, or its
  text layer, is broken), ``encrypted`` / ``wrong_password``, ``ocr_needed``, ``input`` (other
  input problems);
- ``no_roadmap`` (the file was read but holds no roadmap table);
- made by the batch runner: ``timeout``, ``crashed`` (the worker died), ``write`` (the output
  could not be written), ``internal`` (a bug of ours).
"""
from __future__ import annotations

from pathlib import Path


class ExtractionError(Exception):
    """An input that gives no extraction. ``str(err)`` is the one-line message for the user."""

    default_kind = "input"

    def __init__(self, path: str | Path, reason: str, kind: str | None = None):
        self.path = str(path)
        self.reason = reason
        self.kind = kind or self.default_kind
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self):  # keeps the kind when the error crosses a process boundary
        return type(self), (self.path, self.reason, self.kind)


class InputError(ExtractionError):
    """The file cannot be read as its format: missing, corrupt, encrypted, unsupported."""


class NoRoadmapError(ExtractionError):
    """The file was read but holds no roadmap table."""

    default_kind = "no_roadmap"
