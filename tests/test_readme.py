"""The README's promises hold: the screenshot exists, and every make target
and CLI command it names is real."""

from __future__ import annotations

import re

from playbook.cli import build_parser

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_screenshot_exists_and_is_a_png():
    """The image the README shows is committed and is a real PNG."""
    images = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", README)
    assert images
    for image in images:
        assert (ROOT / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", image


def test_quick_start_is_exactly_make_serve_and_make_test():
    """The Quick start code block holds the two commands a fresh machine needs, and nothing else."""
    block = re.search(r"## Quick start.*?```sh\n(.*?)```", README, re.S)
    assert block
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["make serve", "make test"]


def test_every_make_target_named_exists():
    """Each `make x` in the README is a target of the Makefile."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):", makefile, re.M))
    named = set(re.findall(r"`make ([\w-]+)`", README))
    named |= set(re.findall(r"^make ([\w-]+)", README, re.M))
    assert {"serve", "test", "test-fast", "build", "validate", "bench"} <= named
    assert named <= targets, named - targets


def test_every_cli_command_named_exists():
    """Each `playbook <command>` in the README is a sub-command of the CLI."""
    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)
    named = set(re.findall(r"^playbook (?:--data \S+ )?(\w+)", README, re.M))
    assert {"validate", "score", "new", "sync"} <= named
    assert named <= commands, named - commands
