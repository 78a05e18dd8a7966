"""Command line of roadmap-extractor: argument parsing and printing only.

    python cli.py extract PATH... --out DIR    one JSON per input over a pool of workers
    python cli.py evaluate --gold DIR --pred DIR [--json R.json] [--html R.html] [--fail-under F1]
    python cli.py explain FILE [--json]         why each row went where
    python cli.py schema                        the JSON Schema of the output
    python cli.py --version

Installed as the console script ``roadmap`` (same app).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text
from typer.core import TyperCommand, TyperGroup

import extractor


def _usage_name(param) -> str:
    """An argument on the usage line as click writes it: its name, in brackets when it may be
    left out, "..." when it takes several ("PATH...", not typer's "{PATH}...")."""
    name = param.metavar or param.name.upper()
    if not param.required:
        name = f"[{name}]"
    return name + ("..." if param.nargs != 1 else "")


def _plain_flags(params):
    """Help without type labels: flags print no value ("--quiet", not "--quiet <bool>"),
    options their value's name ("--out OUT", not "--out <path>"), arguments nothing beside
    their name ("PATH...", not "<list[str]>"), also on the usage line."""
    for param in params:
        if param.param_type_name == "argument":
            param.display_type_rich = lambda ctx: None
            param.get_usage_pieces = lambda ctx, param=param: [_usage_name(param)]
        elif param.metavar is None:
            param.metavar = "" if getattr(param, "is_flag", False) else param.name.upper()
    return params


class _Command(TyperCommand):
    def get_params(self, ctx):
        return _plain_flags(super().get_params(ctx))


class _Group(TyperGroup):
    def get_params(self, ctx):
        return _plain_flags(super().get_params(ctx))


class _App(typer.Typer):
    """The typer app whose commands all print their help as :class:`_Command` does."""

    def command(self, *args, **kwargs):
        kwargs.setdefault("cls", _Command)
        return super().command(*args, **kwargs)


app = _App(
    cls=_Group,
    add_completion=False,
    rich_markup_mode="markdown",
    no_args_is_help=True,
    help="Extract roadmap tables (дорожные карты, планы мероприятий) of Russian education "
         "orders into structured JSON: activities, normalized deadlines, responsible bodies, "
         "targets and flags for what does not add up.",
)
# a wide table stays whole when the output goes to a file or a pipe
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _print_version(value: bool) -> None:
    if value:
        out.print(f"roadmap-extractor {extractor.__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Extract roadmap tables of Russian education orders into structured JSON."""


FORMATS = ("json", "jsonl", "csv", "xlsx")


@app.command()
def extract(
    paths: List[str] = typer.Argument(..., metavar="PATH",
                                      help="Files, folders (read recursively) or glob patterns. "
                                           "Formats: .txt .md .docx .pdf .odt .doc .rtf .html (and images for OCR)"),
    out_dir: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for the results."),
    password: Optional[str] = typer.Option(None, "--password",
                                           help="Password of encrypted PDFs (tried only on files that need one)."),
    workers: int = typer.Option(0, "--workers", "-w", min=0, help="Worker processes; 0: one per core."),
    timeout: float = typer.Option(60.0, "--timeout", min=0.1,
                                  help="Seconds a file may take per page before its worker is stopped."),
    resume: bool = typer.Option(False, "--resume",
                                help="Skip inputs whose output in OUT is complete and current (see manifest.jsonl)."),
    formats: List[str] = typer.Option(["json"], "--format", "-f",
                                      help="json (one file per input), jsonl, csv, xlsx; repeatable."),
    executor: str = typer.Option("local", "--executor", help="local (worker processes here) or ray."),
    address: Optional[str] = typer.Option(None, "--address", help="Ray cluster to join (HOST:PORT); with --executor ray."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar and no line per file; errors and the summary only."),
    abbreviations: Optional[Path] = typer.Option(
        None, "--abbreviations", metavar="FILE",
        help="A region's own abbreviations, added to the built-in ones: short<TAB>full per line."),
    synonyms: Optional[Path] = typer.Option(
        None, "--synonyms", metavar="FILE",
        help="A region's own column headers, added to the built-in ones: field<TAB>header per line "
             "(fields: number, text, deadline, responsible, indicator, result)."),
) -> None:
    """Read each order and write `OUT/<path below the inputs' common folder>/<file name>.json`.

    One pool of worker processes reads the files; a file that cannot be read gets a one-line
    error and the run goes on. `OUT/errors.jsonl` lists the failures, `OUT/summary.json` the
    run. Exit code 0 when every file was extracted, 1 when any failed, 2 for usage errors,
    130 when interrupted.
    """
    from extractor.batch import BatchOptions, UsageError, run_batch
    from extractor import VocabularyFileError, use_user_vocabulary

    try:  # before the workers start, which read the same files
        use_user_vocabulary(abbreviations, synonyms)
    except VocabularyFileError as exc:
        usage_error(str(exc))

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        usage_error(f"unknown --format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    if executor not in ("local", "ray"):
        usage_error(f"unknown --executor {executor!r}; choose local or ray")
    if executor == "ray":
        try:
            import ray  # noqa: F401
        except ImportError:
            usage_error("--executor ray needs Ray: pip install 'roadmap-extractor[ray]'")
    elif address:
        usage_error("--address is for --executor ray")
    exports = list(dict.fromkeys(f for f in formats if f != "json"))
    write_exports = None
    if exports:
        try:
            from extractor.export import write_exports
        except ImportError:
            usage_error(f"--format {exports[0]} needs extractor.export, which this installation does not have; "
                        "use --format json")
    options = BatchOptions(workers=workers, password=password, seconds_per_page=timeout, resume=resume,
                           write_json="json" in formats, keep_orders=bool(exports), executor=executor,
                           address=address)
    show_progress = not quiet and sys.stdout.isatty() and sys.stderr.isatty()
    progress = _progress_bar() if show_progress else None
    task = None
    state = {"done": 0, "total": 0}

    def on_start(total: int) -> None:
        state["total"] = total
        nonlocal task
        if progress is not None:
            progress.start()
            task = progress.add_task("files", total=total, unit="files")

    page_task = None

    def on_pages(read: int, handed_out: int) -> None:
        """Scans' pages read by OCR: a second bar, so a long scan shows it is moving."""
        nonlocal page_task
        if progress is None or not handed_out:
            return
        if page_task is None:
            page_task = progress.add_task("OCR pages", total=handed_out, unit="pages")
        progress.update(page_task, total=handed_out, completed=read)

    def on_result(result) -> None:
        state["done"] += 1
        console_out = progress.console if progress is not None else out
        console_err = progress.console if progress is not None else err
        total = state["total"]
        counter = f"[{state['done']:>{len(str(total))}}/{total}] "
        for warning in result.warnings:
            console_err.print(Text.assemble(counter, ("warning ", "yellow"), f"{result.path}: {warning}"))
        if result.status == "failed":
            console_err.print(Text.assemble(counter, ("error ", "red"), result.error or ""))
        elif not quiet:
            what = "ok    " if result.status == "ok" else "kept  "
            console_out.print(Text(f"{counter}{what}{result.path} -> {result.output}  {result.activities} "
                                   f"activities, {result.flags} flags, {result.seconds:.2f} s"))
        if progress is not None and task is not None:
            progress.update(task, completed=state["done"])

    try:
        report = run_batch(paths, out_dir, options, on_start=on_start, on_result=on_result, on_pages=on_pages)
    except UsageError as exc:
        usage_error(str(exc))
    finally:
        if progress is not None:
            progress.stop()
    if exports and not report.interrupted and write_exports is not None:
        from extractor.model import Order

        orders = [Order.model_validate_json(r.order_json) for r in report.results
                  if r.status in ("ok", "resumed") and r.order_json]
        for written in write_exports(orders, out_dir, exports):
            out.print(Text(f"wrote {written}"))
    print_summary(report, out_dir)
    raise typer.Exit(report.exit_code)


def usage_error(message: str) -> None:
    err.print(Text.assemble(("error ", "red"), message))
    raise typer.Exit(2)


def _progress_bar():
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                               TimeRemainingColumn)

    class PerSecond(ProgressColumn):
        def render(self, task):
            speed = task.finished_speed or task.speed
            unit = task.fields.get("unit", "files")
            return Text(f"— {unit}/s" if speed is None else f"{speed:.1f} {unit}/s")

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), PerSecond(),
                    TextColumn("ETA"), TimeRemainingColumn(), console=Console(stderr=True), transient=False)


def print_summary(report, out_dir: Path) -> None:
    counts = {"ok": 0, "resumed": 0, "failed": 0, "pending": 0}
    for r in report.results:
        counts[r.status] += 1
    line = (f"{counts['ok'] + counts['resumed']} of {len(report.results)} files extracted"
            + (f" ({counts['resumed']} kept from an earlier run)" if counts["resumed"] else "")
            + f", {sum(r.activities for r in report.results)} activities, {counts['failed']} failed"
            + (f", {len(report.skipped)} left out (listed in summary.json)" if report.skipped else "")
            + f" in {report.seconds:.1f} s with {report.workers} worker(s); output in {out_dir}")
    out.print(Text(line))
    if report.failed:
        out.print(Text(f"failures: {out_dir / 'errors.jsonl'}"))
    if report.interrupted:
        err.print(Text.assemble(("interrupted ", "red"), f"{counts['pending']} file(s) not reached; "
                                "run again with --resume to finish"))
    if report.run_files_error:
        err.print(Text.assemble(("error ", "red"), report.run_files_error))


def _fmt(x: Optional[float]) -> str:
    return "—" if x is None else f"{x:.3f}"


@app.command()
def evaluate(
    gold: Path = typer.Option(..., "--gold", help="Folder of gold JSON files (<name>.json)."),
    pred: Path = typer.Option(..., "--pred", help="Folder that `extract` wrote."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the full report as JSON here."),
    html_out: Optional[Path] = typer.Option(None, "--html",
                                            help="Also write the QA report here: one self-contained HTML page."),
    fail_under: Optional[float] = typer.Option(None, "--fail-under", min=0.0, max=1.0,
                                               help="Exit 1 when the overall activity F1 is below this (for CI)."),
) -> None:
    """Compare extractions with a gold set, field by field.

    Prints activity precision/recall/F1, per-field accuracy, responsible F1 and flag
    precision/recall per code, per document and overall. Fields a gold activity lists in
    `_unsure` are not scored. `--html` writes the QA page: the figures, then every document's
    activities with gold and extraction side by side and the differing fields highlighted.
    """
    from extractor.evaluate import FIELDS, evaluate_dirs

    for folder, what in ((gold, "gold"), (pred, "pred")):
        if not folder.is_dir():
            err.print(f"[red]error[/red] {folder}: {what} folder does not exist")
            raise typer.Exit(2)
    reports, overall, unmatched = evaluate_dirs(gold, pred)
    for name in unmatched:
        err.print(f"[yellow]note[/yellow] {name}: no gold file for this prediction, not scored")
    if not reports:
        err.print("[red]error[/red] no prediction matched a gold file")
        raise typer.Exit(2)
    table = Table(title="Evaluation against gold", show_lines=False)
    table.add_column("document")
    table.add_column("act P", justify="right")
    table.add_column("act R", justify="right")
    table.add_column("act F1", justify="right")
    for f in FIELDS:
        table.add_column(f.replace("deadline_", "dl "), justify="right")
    table.add_column("resp F1", justify="right")
    table.add_column("flag P", justify="right")
    table.add_column("flag R", justify="right")
    table.add_column("order", justify="right")
    for r in reports + [overall]:
        flags = r.flag_totals()
        order_ok = sum(c.correct for c in r.order.values())
        order_total = sum(c.total for c in r.order.values())
        table.add_row(r.name, _fmt(r.activities.precision), _fmt(r.activities.recall), _fmt(r.activities.f1),
                      *(_fmt(r.fields[f].accuracy) for f in FIELDS),
                      _fmt(r.responsible.f1), _fmt(flags.precision), _fmt(flags.recall),
                      f"{order_ok}/{order_total}", style="bold" if r is overall else None)
    out.print(table)
    codes = Table(title="Flags per code (overall)")
    for col in ("code", "tp", "fp", "fn", "precision", "recall"):
        codes.add_column(col, justify="left" if col == "code" else "right")
    for code, prf in sorted(overall.flags.items()):
        codes.add_row(code, str(prf.tp), str(prf.fp), str(prf.fn), _fmt(prf.precision), _fmt(prf.recall))
    out.print(codes)
    out.print("flag P/R in the first table leave out info flags (row_continued)")
    if json_out is not None:
        payload = {"documents": [r.as_dict() for r in reports], "overall": overall.as_dict(),
                   "unmatched_predictions": unmatched}
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if html_out is not None:
        from extractor.report import render_html

        html_out.parent.mkdir(parents=True, exist_ok=True)
        html_out.write_text(render_html(reports, overall, unmatched_predictions=unmatched), encoding="utf-8")
        out.print(f"QA report written to {html_out}")
    f1 = overall.activities.f1 or 0.0
    if fail_under is not None and f1 < fail_under:
        err.print(f"[red]fail[/red] overall activity F1 {f1:.4f} is below --fail-under {fail_under:g}")
        raise typer.Exit(1)


@app.command()
def explain(
    path: Path = typer.Argument(..., metavar="FILE", help="One input file."),
    password: Optional[str] = typer.Option(None, "--password", help="Password of an encrypted PDF."),
    as_json: bool = typer.Option(False, "--json", help="Print the explanation as JSON."),
    image_dir: Optional[Path] = typer.Option(
        None, "--image", metavar="DIR",
        help="Also draw each page as DIR/page-N.png: the table grid, the cells, the words read "
             "by OCR (red where unsure) and the rows each activity came from."),
) -> None:
    """Show why: how the header was mapped to fields and which rule put each table row where.

    For QA: run it on a file whose activities came out joined or split unexpectedly. Each
    row names its rule (see `extractor/assemble.py`, ROW_RULES, for the list in order).
    """
    from extractor.errors import ExtractionError
    from extractor.explain import explain as explain_file, explain_and_draw

    try:
        if image_dir is None:
            explanation, drawn = explain_file(path, password=password), []
        else:
            explanation, drawn = explain_and_draw(path, image_dir, password=password)
    except ExtractionError as exc:
        err.print(Text(f"error {exc}", style="red"))
        raise typer.Exit(1)
    for png in drawn:
        err.print(Text(f"drew {png}"))
    if as_json:
        sys.stdout.write(json.dumps(explanation.as_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    for table in explanation.tables:
        columns = Table(title=f"Roadmap table {table.index}: header mapping ({table.chunks} chunk(s))")
        for col in ("grid columns", "header", "field", "score"):
            columns.add_column(col)
        for c in table.columns:
            columns.add_row(f"{c.first_col}–{c.last_col}", c.header, c.field, f"{c.score:.0f}")
        out.print(columns)
        rows = Table(title="Rows")
        for col in ("row", "cells", "rule", "decision"):
            rows.add_column(col)
        for r in table.rows:
            cells = " | ".join(r.cells)
            rows.add_row(str(r.row), cells[:70] + ("…" if len(cells) > 70 else ""), r.rule, r.detail)
        out.print(rows)
        acts = Table(title="Activities")
        for col in ("activity", "rows", "section", "responsible: body rules"):
            acts.add_column(col)
        for seq, a in enumerate(table.activities, start=1):
            rules = ", ".join(dict.fromkeys(step.split(":", 1)[0] for step in a.body_rules))
            acts.add_row(f"{seq} ({a.number})" if a.number else str(seq), ", ".join(map(str, a.rows)),
                         a.section or "", rules)
        out.print(acts)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output contract."""
    from extractor.model import Order

    sys.stdout.write(json.dumps(Order.model_json_schema(), ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    app()
