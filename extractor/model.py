"""The output contract (``docs/contract.md``) as pydantic models.

These models are the source of truth of the JSON that downstream systems import:
every field is always present (null or [] when absent), dates are ISO ``YYYY-MM-DD``.
``python cli.py schema`` prints their JSON Schema.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.1"

OrderKind = Literal["приказ", "распоряжение", "постановление", "решение", "письмо"]
PeriodKind = Literal["academic_year", "calendar_year", "years", "inferred"]
DeadlineKind = Literal[
    "date", "date_range", "by_date", "month", "month_range", "year", "year_range", "quarter",
    "half_year", "academic_year", "whole_period", "recurring", "by_schedule", "unparsed",
]
Recurrence = Literal["yearly", "half_yearly", "quarterly", "monthly"]
Severity = Literal["error", "warning", "info"]
FlagCode = Literal[
    "date_outside_plan_period", "range_inverted", "deadline_before_order", "year_missing",
    "deadline_missing", "deadline_unparsed", "responsible_missing", "abbreviation_variant",
    "abbreviation_undefined", "order_number_mismatch", "numbering_gap", "numbering_duplicate",
    "ocr_suspect", "row_continued", "table_truncated",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    file: str
    sha256: Optional[str]
    format: str
    pages: Optional[int]
    ocr: bool
    ocr_engine: Optional[str] = None  # OCR only: the engine and its version ("tesseract 5.5.0")
    ocr_data: Optional[str] = None  # OCR only: the language data read ("rus.traineddata <size> bytes sha256:…")


class OrderInfo(_Model):
    kind: Optional[OrderKind] = None
    number: Optional[str] = None
    date: Optional[dt.date] = None
    issuer: Optional[str] = None
    region: Optional[str] = None
    place: Optional[str] = None
    title: Optional[str] = None
    signatory: Optional[str] = None


class PlanPeriod(_Model):
    raw: Optional[str]
    kind: PeriodKind
    start: dt.date
    end: dt.date


class Plan(_Model):
    title: Optional[str] = None
    period: Optional[PlanPeriod] = None


class Abbreviation(_Model):
    short: str
    full: str


class Period(_Model):
    start: Optional[dt.date]
    end: Optional[dt.date]


class Deadline(_Model):
    raw: Optional[str]
    kind: DeadlineKind
    periods: list[Period] = Field(default_factory=list)
    recurrence: Optional[Recurrence] = None
    note: Optional[str] = None


class Responsible(_Model):
    raw: str
    name: str
    full_name: Optional[str] = None
    role: Optional[str] = None


class Target(_Model):
    text: str
    value: Union[int, float]
    unit: Optional[str] = None
    comparator: Optional[Literal[">=", "<=", ">", "<", "="]] = None
    year: Optional[int] = None


class RowSource(_Model):
    page: Optional[int]
    table: int
    rows: list[int]


class Flag(_Model):
    code: FlagCode
    severity: Severity
    activity_seq: Optional[int]
    message: str


class Activity(_Model):
    seq: int
    number: Optional[str]
    section: Optional[str]
    text: str
    deadline: Deadline
    responsible: list[Responsible] = Field(default_factory=list)
    indicator: Optional[str] = None
    result: Optional[str] = None
    targets: list[Target] = Field(default_factory=list)
    source: RowSource
    flags: list[Flag] = Field(default_factory=list)


class Order(_Model):
    """One extracted order: the top-level JSON document."""

    schema_version: Literal["1.1"] = SCHEMA_VERSION
    source: Source
    order: OrderInfo
    plan: Plan
    abbreviations: list[Abbreviation] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)

    def to_json(self) -> str:
        """Deterministic JSON: fixed key order, UTF-8 text, two-space indent, final newline."""
        return self.model_dump_json(indent=2) + "\n"
