"""Command line: `python -m igg4rd assess FILE|- [--as-of DATE]`, `demo --out DIR`,
`import FILE --database URL`, `export --database URL --format json|csv`,
`labs FILE --patient ID --database URL [--dry-run] [--accept-unusual]`,
`labs-export --patient ID --database URL`,
`cohort FILE [--json]`,
`report FILE --out report.pdf`.

The assessment answer is the interchange contract (docs/interchange.md): exit 0 with the
answer on standard output; exit 2 with each offending field and value on standard error.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from igg4rd.rules.model import Patient

EXIT_INVALID = 2


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


class Refusal(Exception):
    """An input the command cannot use: a headline and each problem (exit 2, stderr only)."""

    def __init__(self, headline: str, problems: list[str]):
        super().__init__(headline)
        self.headline, self.problems = headline, problems


def _read(source: str) -> bytes:
    """The bytes of a file or of standard input (decoded by the reader: UTF-8, with or without
    a byte-order mark)."""
    try:
        return sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise Refusal(f"cannot read {source}", [str(exc)]) from None


@contextmanager
def _opened(source: str) -> Iterator[BinaryIO]:
    """A file, or standard input (copied to a temporary file), as a binary stream that can be
    read again from its start: an import reads it twice, never whole."""
    try:
        with (tempfile.TemporaryFile() if source == "-" else Path(source).open("rb")) as stream:
            if source == "-":
                shutil.copyfileobj(sys.stdin.buffer, stream)
                stream.seek(0)
            yield stream
    except OSError as exc:
        raise Refusal(f"cannot read {source}", [str(exc)]) from None


@contextmanager
def _refused_if_invalid(source: str) -> Iterator[None]:
    """An invalid record anywhere in `source` refuses the whole command."""
    from igg4rd.storage.exchange import ImportRefused

    try:
        yield
    except ImportRefused as exc:
        raise Refusal(f"invalid record(s) in {source}; nothing done", exc.problems) from None


def _file_format(source: str) -> str:
    return "csv" if source.lower().endswith(".csv") else "json"


def _records(source: str, archived: set[str] | None = None, show_progress: bool = False
             ) -> list[Patient]:
    """Every record of a JSON list (or one record) or a CSV export (by its name), validated;
    the ids an export marks archived are added to `archived`. With `show_progress`, the count
    read so far on standard error."""
    from igg4rd.storage.exchange import load_records

    with _opened(source) as stream, _refused_if_invalid(source):
        return load_records(stream, _file_format(source), archived,
                            progress=_counted("read", "record(s)") if show_progress else None)


def _counted(done_words: str, what: str, note: str = "") -> Callable[[int, int | None], None]:
    """Progress on standard error: '<done_words> <done> of <total> <what>…<note>'; while a file
    is first checked (no total yet), 'checked <done> record(s)…<note>'."""
    def say(done: int, total: int | None) -> None:
        said = (f"checked {done:,} record(s)" if total is None
                else f"{done_words} {done:,} of {total:,} {what}")
        print(f"{said}…{note}", file=sys.stderr, flush=True)
    return say


def _registry(url: str):
    """The store at `url` (upgraded if older), or a refusal naming why it cannot be opened
    (credentials never shown): a URL that cannot be used is said before anything connects."""
    from sqlalchemy.exc import SQLAlchemyError

    from igg4rd.storage.config import ConfigError, check_database_url, redacted, scrubbed
    from igg4rd.storage.store import SchemaError, Store

    try:
        check_database_url(url)
    except ConfigError as exc:
        raise Refusal("--database", [str(exc)]) from None
    try:
        return Store.open(url)[0]
    except (SQLAlchemyError, SchemaError) as exc:
        reason = scrubbed(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, url)
        raise Refusal(f"cannot open the database {redacted(url)}", [reason]) from None


def _assess(args: argparse.Namespace) -> int:
    from igg4rd.rules.assessment import answer, assess
    from igg4rd.rules.model import RecordError, parse_patient
    from igg4rd.rules.problems import lines

    try:
        patient = parse_patient(_read(args.file))
    except RecordError as exc:
        raise Refusal(f"invalid patient record {args.file}", lines(exc.problems)) from None
    print(json.dumps(answer(assess(patient, args.as_of)), indent=2))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from igg4rd.synthetic.patients import demo_patients

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for patient in demo_patients(args.as_of):
        (out / f"{patient.id}.json").write_text(patient.to_json() + "\n", encoding="utf-8")
        print(out / f"{patient.id}.json")
    return 0


def _import(args: argparse.Namespace) -> int:
    from igg4rd.rules.plausibility import unusual_in_import
    from igg4rd.storage.store import ConflictError

    archived: set[str] = set()
    patients = _records(args.file, archived, show_progress=True)
    unusual = [] if args.accept_unusual else unusual_in_import(patients, date.today())
    if unusual:
        raise Refusal(f"nothing imported from {args.file}: {len(unusual)} unusual value(s), "
                      "which a form would ask to confirm (import them with --accept-unusual)",
                      unusual)
    written = _counted("imported", "patient(s)", " (Ctrl+C cancels: nothing is kept)")
    try:
        count = _registry(args.database).import_patients(
            patients, args.user, archived, lambda done: written(done, len(patients)))
    except ConflictError as exc:
        raise Refusal(f"nothing imported from {args.file}", [str(exc)]) from None
    except KeyboardInterrupt:  # the transaction was rolled back
        raise Refusal(f"cancelled: nothing imported from {args.file}", []) from None
    print(f"imported {count} patient(s) from {args.file}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from igg4rd.storage.exchange import registry_export

    progress = _counted("exported", "patient(s)", " (Ctrl+C cancels: nothing is written)")
    try:  # written whole once made: a cancel leaves standard output empty
        text = registry_export(_registry(args.database), args.format, args.include_archived,
                               progress)
    except KeyboardInterrupt:
        raise Refusal("cancelled: nothing exported", []) from None
    sys.stdout.write(text)
    return 0


def _report(args: argparse.Namespace) -> int:
    from igg4rd.render.pdf import report_pdf
    from igg4rd.rules.assessment import assess

    patients = _records(args.file)
    pdf = report_pdf([assess(p, args.as_of) for p in patients], args.page_size,
                     clinician=args.clinician)
    try:
        Path(args.out).write_bytes(pdf)
    except OSError as exc:
        raise Refusal(f"cannot write {args.out}", [str(exc)]) from None
    print(f"wrote the report of {len(patients)} patient(s) to {args.out}")
    return 0


def _add_report_command(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser("report", help="write the one-page PDF report of each patient")
    report.add_argument("file", help="a record or a JSON list of records, or - for stdin")
    report.add_argument("--out", required=True, help="PDF file to write")
    report.add_argument("--page-size", choices=("A4", "Letter"), default="A4")
    report.add_argument("--clinician", help="the name printed as the report's author")
    report.add_argument("--as-of", type=_iso_date, default=date.today(),
                        help="assessment date, YYYY-MM-DD (default: today)")
    report.set_defaults(run=_report)


def _add_storage_commands(commands: argparse._SubParsersAction) -> None:
    importer = commands.add_parser("import", help="import records into a database, all or "
                                                  "nothing (JSON list or CSV)")
    importer.add_argument("file", help="a .json (list of igg4rd.patient/1) or .csv export")
    importer.add_argument("--database", required=True, help="SQLAlchemy URL, e.g. "
                                                            "sqlite:///clinic.db")
    importer.add_argument("--user", default="cli-import", help="name for the audit trail")
    importer.add_argument("--accept-unusual", action="store_true",
                          help="import values a form would ask to confirm (a dose over 80 "
                               "mg/day, a visit after today, ...); without it they are listed "
                               "and nothing is imported")
    importer.set_defaults(run=_import)
    exporter = commands.add_parser("export", help="print the registry as JSON or CSV")
    exporter.add_argument("--database", required=True, help="SQLAlchemy URL")
    exporter.add_argument("--format", choices=("json", "csv"), default="json")
    exporter.add_argument("--include-archived", action="store_true")
    exporter.set_defaults(run=_export)


def _labs(args: argparse.Namespace) -> int:
    """Laboratory results of one patient from a file (a FHIR Bundle .json, the laboratory's
    table .csv/.tsv/.xlsx, or pasted text .txt), as the Visits page imports them but without
    its questions: a conflict keeps the recorded value (unless --replace-conflicting), an
    unusual value refuses the whole import (unless --accept-unusual), a test name the clinic
    never named is not used. One audited save, or nothing (--dry-run: the preview only)."""
    from igg4rd.entry.lab_results import (
        Status,
        imported_lines,
        preview,
        read_file,
        rows,
        source_words,
        summary,
    )
    from igg4rd.rules.model import RecordError
    from igg4rd.rules.plausibility import new_implausible_values
    from igg4rd.rules.problems import lines
    from igg4rd.storage.clinic_settings import load_settings
    from igg4rd.storage.store import ConflictError, NotFoundError

    store = _registry(args.database)
    try:
        stored = store.get(args.patient)
    except NotFoundError:
        raise Refusal(f"no patient {args.patient} in {args.database}", []) from None
    settings = load_settings(store.engine)
    read = read_file(_read(args.file), Path(args.file).name, settings.test_names)
    window = settings.lab_window_days if args.window is None else args.window
    seen = preview(stored.patient, read, window)
    if seen.problem:
        raise Refusal(f"nothing imported from {args.file}", [seen.problem])
    print(f"{args.file}: {summary(seen)} (patient {args.patient}; a result within "
          f"±{window} day(s) of a visit belongs to it)")
    for row, result in zip(rows(seen), seen.results, strict=True):
        recorded = (f"; recorded {row['recorded']}, "
                    + ("the file's taken" if args.replace_conflicting else "kept")
                    if result.status == Status.CONFLICT else "")
        print(f"  {row['where']}: {row['date']} {row['test']} "
              f"{row['stored as'] or row['as given']}: "
              f"{row['what happens']}{' (' + row['goes to'] + ')' if row['goes to'] else ''}"
              f"{recorded}")
    if read.unread:
        print(f"  not read: {len(read.unread)} line(s): " + "; ".join(read.unread[:5]))
    take = [r.key for r in seen.conflicts] if args.replace_conflicting else []
    chosen = seen.to_import(take)
    if not chosen:
        print("nothing to import")
        return 0
    try:
        updated = seen.apply(take)
    except RecordError as exc:
        raise Refusal(f"nothing imported from {args.file}", lines(exc.problems)) from None
    unusual = [] if args.accept_unusual else [
        u.text for u in new_implausible_values(stored.patient, updated, date.today())]
    if unusual:
        raise Refusal(f"nothing imported from {args.file}: {len(unusual)} unusual value(s), "
                      "which the page would ask to confirm (import them with "
                      "--accept-unusual)", unusual)
    said = imported_lines(chosen, source_words(read))
    if args.dry_run:
        print(f"dry run: {len(chosen)} value(s) would be imported; nothing was changed")
        return 0
    try:
        version = store.save(updated, stored.version, args.user, action="labs",
                             source=read.source())
    except ConflictError as exc:
        raise Refusal(f"nothing imported from {args.file}", [str(exc)]) from None
    print("\n".join(said))
    print(f"imported {len(chosen)} value(s) into {args.patient} (version {version})")
    return 0


def _labs_export(args: argparse.Namespace) -> int:
    from igg4rd.storage.fhir import labs_bundle
    from igg4rd.storage.store import NotFoundError

    try:
        stored = _registry(args.database).get(args.patient)
    except NotFoundError:
        raise Refusal(f"no patient {args.patient} in {args.database}", []) from None
    sys.stdout.write(labs_bundle(stored.patient))
    return 0


def _add_labs_commands(commands: argparse._SubParsersAction) -> None:
    labs = commands.add_parser("labs", help="import one patient's laboratory results (FHIR "
                                            "Bundle .json, the laboratory's table .csv/.xlsx, "
                                            "or pasted text .txt)")
    labs.add_argument("file", help="the results, or - for standard input (read as FHIR JSON)")
    labs.add_argument("--patient", required=True, help="the patient's id")
    labs.add_argument("--database", required=True, help="SQLAlchemy URL")
    labs.add_argument("--user", default="cli-labs", help="name for the audit trail")
    labs.add_argument("--dry-run", action="store_true",
                      help="show what would be imported; change nothing")
    labs.add_argument("--accept-unusual", action="store_true",
                      help="import values the page would ask to confirm (a result dated after "
                           "today)")
    labs.add_argument("--replace-conflicting", action="store_true",
                      help="where a different value is recorded, take the file's (the recorded "
                           "value is kept without it)")
    labs.add_argument("--window", type=int, choices=range(0, 31), metavar="DAYS",
                      help="days from a visit within which a result belongs to it (default: "
                           "the clinic's setting, 3)")
    labs.set_defaults(run=_labs)
    export = commands.add_parser("labs-export", help="print one patient's laboratory values as "
                                                     "a FHIR Bundle of Observations")
    export.add_argument("--patient", required=True, help="the patient's id")
    export.add_argument("--database", required=True, help="SQLAlchemy URL")
    export.set_defaults(run=_labs_export)


def _as_of_or_stage_end(text: str) -> date | None:
    return None if text == "stage-end" else _iso_date(text)


def _cohort(args: argparse.Namespace) -> int:
    from igg4rd.cohort.analysis import analyse
    from igg4rd.storage.exchange import read_records

    progress = _counted("analysed", "patient(s)", " (Ctrl+C cancels)")
    try:
        with _opened(args.file) as stream, _refused_if_invalid(args.file):
            # patients streamed in, never all held
            analysis = analyse(read_records(stream, _file_format(args.file), progress=progress),
                               args.as_of)
    except KeyboardInterrupt:
        raise Refusal(f"cancelled: nothing analysed from {args.file}", []) from None
    if args.json:
        print(json.dumps(analysis.to_json(), indent=2, allow_nan=False))
        return 0
    print(f"as of {analysis.as_of}: {analysis.counts}")
    for name, table in analysis.frames().items():
        shown = [c for c in table.columns if c in ("label", "value", "p_shown", "published")
                 or c.endswith(("shown", ":gc", ":gc+im"))]
        print(f"\n{name}\n{table[shown].to_string(index=False)}")
    return 0


def _add_cohort_command(commands: argparse._SubParsersAction) -> None:
    cohort = commands.add_parser("cohort", help="the paper's cohort analysis (Tables 1-3, "
                                                "Fig. 3b, 3c, 4) of a cohort file")
    cohort.add_argument("file", help="a JSON list of igg4rd.patient/1 records (or a .csv "
                                     "export), or - for standard input")
    cohort.add_argument("--as-of", type=_as_of_or_stage_end, default=date.today(),
                        help="assessment date YYYY-MM-DD, or stage-end: each patient at the "
                             "end of the 6-month stage (default: today)")
    cohort.add_argument("--json", action="store_true", help="print the tables as JSON")
    cohort.set_defaults(run=_cohort)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m igg4rd",
                                     description="IgG4-RD remission induction decision support.")
    commands = parser.add_subparsers(dest="command", required=True)
    assess = commands.add_parser("assess", help="print the assessment of a patient record (JSON)")
    assess.add_argument("file", help="an igg4rd.patient/1 record, or - for standard input")
    assess.add_argument("--as-of", type=_iso_date, default=date.today(),
                        help="assessment date, YYYY-MM-DD (default: today)")
    assess.set_defaults(run=_assess)
    demo = commands.add_parser("demo", help="write the synthetic demo patients as records")
    demo.add_argument("--out", required=True, help="folder for the records")
    demo.add_argument("--as-of", type=_iso_date, default=date.today(),
                      help="date the demo patients are dated against (default: today)")
    demo.set_defaults(run=_demo)
    _add_storage_commands(commands)
    _add_labs_commands(commands)
    _add_cohort_command(commands)
    _add_report_command(commands)
    return parser


def _run(args: argparse.Namespace) -> int:
    """The command; a setting that cannot be used or a database failing midway is a refusal
    (credentials never shown)."""
    from sqlalchemy.exc import SQLAlchemyError

    from igg4rd.storage.config import ConfigError, scrubbed

    try:
        return args.run(args)
    except ConfigError as exc:
        raise Refusal("the configuration cannot be used", [str(exc)]) from None
    except SQLAlchemyError as exc:
        url = getattr(args, "database", "")
        raise Refusal("the database failed; nothing was changed",
                      [scrubbed(str(exc).splitlines()[0], url)]) from None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except Refusal as refusal:
        print(f"igg4rd: {refusal.headline}:", file=sys.stderr)
        for problem in refusal.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_INVALID
