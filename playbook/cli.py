"""The playbook command line: validate the data, score an exported assessment."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from .data.overlay import LockFileError, record_sync, sync_report
from .data.problems import DataError, printable
from .data.project import load_project, require_data_dir
from .data.scaffold import KINDS as KIND_FOLDERS
from .data.scaffold import ScaffoldError, check_id, write_starter
from .tools import team
from .tools.exports import ExportError, assessment_report, read_export
from .tools.scoring import score


def say(text: str, error: bool = False) -> None:
    """Print a line; what is printed may quote data or files, so control characters are escaped."""
    print(printable(text, keep_newlines=True), file=sys.stderr if error else sys.stdout)


def cache_dir(args) -> Path | None:
    """Where parsed data files are kept between runs: .cache/playbook beside the data folder."""
    return None if args.no_cache else args.data.resolve().parent / ".cache" / "playbook"


def _validate(args) -> int:
    """Check every data file; print all problems at once."""
    try:
        project = load_project(args.data, Path.cwd(), cache_dir(args))
    except DataError as error:
        say(error.report(), error=True)
        return 1
    counts = ", ".join(
        f"{len(getattr(project, name))} {name}"
        for name in ("frameworks", "assessments", "checklists", "terms", "tools", "concerns")
    )
    say(f"The data is valid: {counts}.")
    return 0


def _new(args) -> int:
    """Write a commented starter file for a new framework, assessment or checklist."""
    # The id first: it does not depend on the data, and a bad one must never become a file name.
    try:
        check_id(args.id)
    except ScaffoldError as error:
        say(f"playbook: {error}", error=True)
        return 1
    try:
        project = load_project(args.data, Path.cwd(), cache_dir(args))
    except DataError as error:
        say(error.report(), error=True)
        say("playbook: fix the data above before adding to it.", error=True)
        return 1
    try:
        path = write_starter(
            args.data, args.kind, args.id, project, local=args.local, framework_id=args.framework
        )
    except ScaffoldError as error:
        say(f"playbook: {error}", error=True)
        return 1
    say(f"Wrote {path}. Edit it, then run: make validate")
    return 0


def _sync(args) -> int:
    """List the upstream entities data/local/ overrides or removes, and which changed upstream."""
    # Without a data folder there is nothing to compare: say so, rather than "no overrides".
    try:
        require_data_dir(args.data, Path.cwd())
    except DataError as error:
        say(error.report(), error=True)
        return 1
    try:
        if args.mark:
            say(f"Recorded the current upstream state in {record_sync(args.data)}.")
            return 0
        entries = sync_report(args.data, Path.cwd())
    except LockFileError as error:
        say(f"playbook sync: {error}", error=True)
        return 1
    if not entries:
        say("data/local/ overrides or removes no upstream entity.")
        return 0
    width = max(len(f"{e.kind} {e.entity}") for e in entries)
    for e in entries:
        say(f"{e.kind + ' ' + e.entity:<{width}}  {e.action:<8}  {e.status:<16}  {e.local_file}")
    stale = [e for e in entries if e.status in ("changed upstream", "missing upstream")]
    if stale:
        say(
            f"{len(stale)} to review: compare each with upstream, update the local file,"
            " then run: playbook sync --mark"
        )
    return 1 if any(e.status == "missing upstream" for e in entries) else 0


def _score(args) -> int:
    """Score an exported assessment as its page does (docs/scoring.md) and print the results."""
    # The data first: without it (run outside the playbook, say) the export's
    # schema would be reported missing.
    try:
        project = load_project(args.data, Path.cwd(), cache_dir(args))
    except DataError as error:
        say(error.report(), error=True)
        return 1
    try:
        doc = read_export(args.file, args.data / "schema", kind="assessment")
    except ExportError as error:
        say(f"playbook score: {error}", error=True)
        return 1
    assessment = project.assessments.get(doc["id"])
    if assessment is None:
        say(
            f"playbook score: {args.file}: no assessment '{doc['id']}' in {args.data}"
            f" (known: {', '.join(project.assessments) or 'none'})",
            error=True,
        )
        return 1
    result = score(assessment, doc["data"]["answers"])
    if args.json:
        say(json.dumps({"id": assessment.id, **result.to_dict()}, indent=2))
    else:
        say(assessment_report(project, assessment, doc, result))
    return 0


def _team(args) -> int:
    """Aggregate members' exports of one assessment (docs/scoring.md, "Assessing as a team")."""
    try:
        project = load_project(args.data, Path.cwd(), cache_dir(args))
    except DataError as error:
        say(error.report(), error=True)
        return 1
    schema_dir = args.data / "schema"
    assessment_id, members, excluded = team.gather(
        args.files, lambda path: read_export(path, schema_dir)
    )
    assessment = project.assessments.get(assessment_id) if assessment_id else None
    if assessment is None:
        reasons = "".join(f"\n  {e.source}: {e.reason}" for e in excluded)
        known = f"no assessment '{assessment_id}' in {args.data}" if assessment_id else "no file"
        say(f"playbook team: nothing to aggregate ({known} could be used){reasons}", error=True)
        return 1
    result = team.aggregate(assessment, members, excluded)
    teams = {
        name: team.aggregate(assessment, group)
        for name, group in team.by_team(result.members).items()
    }
    if args.format == "json":
        stamp = max((m.exported_at for m in result.members), default="")
        doc = team.team_export(assessment, result, stamp or "1970-01-01T00:00:00.000Z")
        doc["data"]["teams"] = (
            {name: t.to_dict() for name, t in teams.items()} if len(teams) > 1 else {}
        )
        say(json.dumps(doc, indent=2))
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        # Names in the rows come from the members' files: escape what a terminal would act on.
        writer.writerows(
            [printable(cell) if isinstance(cell, str) else cell for cell in row]
            for row in team.csv_rows(result, teams)
        )
    else:
        sys.stdout.write(printable(team.report(assessment, result, teams), keep_newlines=True))
    return 0 if result.members else 1


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per task."""
    parser = argparse.ArgumentParser(
        prog="playbook", description="Work with the Social Media Strategy Playbook's data."
    )
    parser.add_argument(
        "--data", type=Path, default=Path("data"), help="the data folder (default: data)"
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="read every data file afresh instead of reusing .cache/playbook/ beside the data",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser(
        "validate", help="check every data file against its schema and the cross-file rules"
    )
    validate.set_defaults(run=_validate)
    new = sub.add_parser(
        "new", help="write a commented starter file that already passes validation"
    )
    new.add_argument("kind", choices=sorted(KIND_FOLDERS), help="what to create")
    new.add_argument(
        "id", help="the new entity's id (lowercase words joined by hyphens); also its file name"
    )
    new.add_argument(
        "--local", action="store_true", help="write it into data/local/ (a fork's own content)"
    )
    new.add_argument(
        "--framework",
        metavar="ID",
        help="the framework an assessment or checklist draws on: it is listed under frameworks"
        " and its first element is linked (an assessment needs it when there are several)",
    )
    new.set_defaults(run=_new)
    sync = sub.add_parser(
        "sync",
        help="list upstream entities that data/local/ overrides, and which changed upstream"
        " since the last sync",
    )
    sync.add_argument(
        "--mark", action="store_true", help="record the current upstream state as synced"
    )
    sync.set_defaults(run=_sync)
    scorer = sub.add_parser(
        "score",
        help="print the scores, stage and recommendations of an exported assessment (.json)",
    )
    scorer.add_argument(
        "file", type=Path, help="a JSON file from the assessment page's Export JSON"
    )
    scorer.add_argument(
        "--json",
        action="store_true",
        help="print the results as JSON, in the shape the page's script computes",
    )
    scorer.set_defaults(run=_score)
    teamwork = sub.add_parser(
        "team",
        help="aggregate several members' exports of one assessment: means, spread, agreement",
    )
    teamwork.add_argument("files", type=Path, nargs="+", help="exports (.json) of the members")
    teamwork.add_argument(
        "--format", choices=("text", "json", "csv"), default="text", help="output (default: text)"
    )
    teamwork.set_defaults(run=_team)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; exit 1 on bad data, 2 on bad usage, never with a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        say(
            f"playbook: unexpected error: {type(error).__name__}: {error}\n"
            "    hint: this is a bug in the playbook; please report it with the command you ran.",
            error=True,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
