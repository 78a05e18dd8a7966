"""docs/contract.md is the contract: held here against the models, the flag codes and the
severities the checks give, so that neither can change without the other."""
from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from extractor import checks
from extractor.model import SCHEMA_VERSION, FlagCode, Order

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    m = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", CONTRACT, re.M | re.S)
    assert m, f"docs/contract.md has no section {title!r}"
    return m.group(1)


def _table_rows(section: str) -> list[list[str]]:
    rows = []
    for line in section.splitlines():
        if line.startswith("|") and not re.match(r"^\|\s*-", line):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows[1:]  # the header row


def _model_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    out = []
    for name, field in model.model_fields.items():
        path = prefix + name
        out.append(path)
        annotation = field.annotation
        nested = [a for a in (annotation, *typing.get_args(annotation))
                  if isinstance(a, type) and issubclass(a, BaseModel)]
        for sub in nested:
            out.extend(_model_paths(sub, path + ("[]." if typing.get_origin(annotation) is list else ".")))
    return out


def _documented_fields() -> list[str]:
    return [re.fullmatch(r"`([^`]+)`", row[0]).group(1) for row in _table_rows(_section("Fields"))]


def test_every_model_field_is_documented_and_nothing_else():
    documented = _documented_fields()
    assert len(documented) == len(set(documented)), "a field is listed twice"
    assert set(_model_paths(Order)) == set(documented)


def test_documented_fields_follow_the_json_order():
    paths = _model_paths(Order)
    assert _documented_fields() == sorted(_documented_fields(), key=paths.index)


def test_every_flag_code_is_documented_with_the_severity_the_checks_give():
    rows = {re.fullmatch(r"`([^`]+)`", r[0]).group(1): r[1] for r in _table_rows(_section("Flag codes"))}
    assert set(rows) == set(typing.get_args(FlagCode))
    assert rows == checks.SEVERITY


def test_schema_version_is_stated_and_has_a_changelog_entry():
    assert f"Schema version: **{SCHEMA_VERSION}**" in CONTRACT
    versions = [r[0] for r in _table_rows(_section("Changelog"))]
    assert versions[-1] == SCHEMA_VERSION
    assert f'"schema_version": "{SCHEMA_VERSION}"' in CONTRACT


@pytest.mark.parametrize("kind_field,literal", [
    ("activities[].deadline.kind", "DeadlineKind"),
    ("plan.period.kind", "PeriodKind"),
    ("activities[].deadline.recurrence", "Recurrence"),
])
def test_enumerated_values_are_the_models(kind_field, literal):
    from extractor import model

    meaning = {re.fullmatch(r"`([^`]+)`", r[0]).group(1): r[2] for r in _table_rows(_section("Fields"))}[kind_field]
    assert set(typing.get_args(getattr(model, literal))) <= set(re.findall(r"`([a-z_]+)`", meaning))


def test_docs_name_no_file_outside_the_project():
    for doc in sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]:
        text = doc.read_text(encoding="utf-8")
        assert "shared/" not in text and "../" not in text, doc.name
        assert not re.search(r"(?<![\w.])/(?:work|home|root|tmp|Users)/", text), doc.name
