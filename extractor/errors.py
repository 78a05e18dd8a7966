"""Errors that name the input file and say, in one line, why it cannot be read."""
from __future__ import annotations

from pathlib import Path


class ExtractionError(Exception):
    """An input that gives no extraction. ``str(err)`` is the one-line message for the user."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class InputError(ExtractionError):
    """The file cannot be read as its format: missing, corrupt, encrypted, unsupported."""


class NoRoadmapError(ExtractionError):
    """The file was read but holds no roadmap table."""
