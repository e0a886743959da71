"""The playbook command line: validate the data, score an exported assessment."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .problems import DataError
from .project import load_project


def _validate(args) -> int:
    """Check every data file; print all problems at once."""
    try:
        project = load_project(args.data, Path.cwd())
    except DataError as error:
        print(error.report(), file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(getattr(project, name))} {name}" for name in ("frameworks", "assessments", "checklists", "terms", "tools", "concerns"))
    print(f"The data is valid: {counts}.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per task."""
    parser = argparse.ArgumentParser(prog="playbook", description="Work with the Social Media Strategy Playbook's data.")
    parser.add_argument("--data", type=Path, default=Path("data"), help="the data folder (default: data)")
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="check every data file against its schema and the cross-file rules")
    validate.set_defaults(run=_validate)
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
        print(f"playbook: unexpected error: {type(error).__name__}: {error}\n    hint: this is a bug in the playbook; please report it with the command you ran.", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
