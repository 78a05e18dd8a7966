"""Inline runs of marked-up formats (HTML, ODT) to one paragraph's text and boldness.

A parser walking a paragraph's inline content adds text runs, each bold or not, and explicit
line breaks. Whitespace inside a run is layout (both formats collapse it), so only an explicit
break starts a new line. The result is the same shape the DOCX parser gives: lines with
collapsed whitespace, empty lines dropped, joined by "\\n".
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..normalizers.text import collapse_ws


@dataclass
class Runs:
    parts: list[tuple[str, bool]] = field(default_factory=list)  # (text, bold); "\n" is a break

    def add(self, text: str | None, bold: bool = False) -> None:
        if text:
            self.parts.append((text.replace("\n", " ").replace("\r", " "), bold))

    def add_spaces(self, count: int = 1) -> None:
        """Spaces the format states explicitly (ODT text:s, a tab)."""
        self.parts.append((" " * count, False))

    def line_break(self) -> None:
        self.parts.append(("\n", False))

    def extend(self, other: "Runs") -> None:
        self.parts.extend(other.parts)

    @property
    def text(self) -> str:
        lines = (collapse_ws(line) for line in "".join(t for t, _ in self.parts).split("\n"))
        return "\n".join(line for line in lines if line)

    @property
    def bold(self) -> bool:
        visible = [b for t, b in self.parts if t.strip()]
        return bool(visible) and all(visible)
