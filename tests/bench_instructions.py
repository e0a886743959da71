"""`make bench-instructions`: the playbook's build beside plain Material's in instructions and
memory, figures that do not drift with the machine, at 1x, 10x and 100x the frameworks.

`make bench` compares wall times, and on this project's build machines those drift by half from
one minute to the next. Here each build runs once under Valgrind's cachegrind, which counts the
instructions the build's process executes: the same count, within a few in ten thousand, however
busy the machine is. Each build also runs once natively, for the memory it peaks at and the pages
of memory it touches (the kernel's minor faults). Instructions leave out the time that the
processor waits for memory and the time spent in the kernel: a build that executes fewer
instructions can still take longer. The figures are reported, not checked: the budgets are
`make bench`'s.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from .bench import ENV, Scale, build_command, pages, prepared_scale, scratch_folder

FACTORS = (1, 10, 100)
# Hash randomisation changes the order of sets, and with it a few instructions: fix it.
COUNT_ENV = {**ENV, "PYTHONHASHSEED": "0"}
_SUMMARY = re.compile(r"^summary:\s*(\d+)", re.M)


class NoValgrind(SystemExit):
    """Valgrind is missing: the report cannot be made on this machine."""


def instructions_from(cachegrind_output: str) -> int:
    """The total instruction count in a cachegrind output file (its `summary:` line)."""
    found = _SUMMARY.search(cachegrind_output)
    if found is None:
        raise ValueError("no 'summary:' line in the cachegrind output: did the program start?")
    return int(found.group(1))


def counted_instructions(command: list[str], cwd: Path, env: dict[str, str]) -> int:
    """Instructions that ``command`` executes, counted by cachegrind; fails loudly."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise NoValgrind(
            "bench-instructions: valgrind is not installed; install it (Debian: apt-get install"
            " valgrind) and run again."
        )
    with tempfile.TemporaryDirectory(prefix="playbook-cachegrind-") as folder:
        output = Path(folder) / "cachegrind.out"
        counting = [
            valgrind,
            "--tool=cachegrind",
            "--cache-sim=no",
            f"--cachegrind-out-file={output}",
            *command,
        ]
        result = subprocess.run(counting, cwd=cwd, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(
                f"bench-instructions: {' '.join(command)} failed under valgrind:\n"
                f"{result.stderr[-3000:]}"
            )
        return instructions_from(output.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Memory:
    """What one native run held at its peak, and the pages of memory it touched."""

    peak_bytes: int
    touched_pages: int


def measured_memory(command: list[str], cwd: Path, env: dict[str, str]) -> Memory:
    """Peak resident memory and minor page faults of one native run of ``command``.

    The peak is at least this process's own memory when it starts the command (the child is a
    copy of it until exec): a few tens of megabytes here, below any build's.
    """
    # Errors go to a file: a pipe nobody reads while wait4 waits could fill and hang the build.
    with tempfile.TemporaryFile() as error_file:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=error_file
        )
        # wait4 gives this child's own usage, which Popen's own wait would not.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        error_file.seek(0)
        errors = error_file.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise SystemExit(f"bench-instructions: {' '.join(command)} failed:\n{errors[-3000:]}")
    # Linux reports ru_maxrss in kibibytes.
    return Memory(peak_bytes=usage.ru_maxrss * 1024, touched_pages=usage.ru_minflt)


@dataclass(frozen=True)
class Side:
    """One site's figures at one scale: the playbook's or its plain twin's."""

    instructions: int
    memory: Memory


def measured_side(project: Path, site: Path) -> Side:
    """Count one build's instructions, then run it natively for its memory."""
    command = build_command(project, site)
    count = counted_instructions(command, project, COUNT_ENV)
    return Side(count, measured_memory(command, project, COUNT_ENV))


@dataclass(frozen=True)
class Row:
    """The playbook and its plain twin at one scale."""

    frameworks: int
    pages: int
    playbook: Side
    plain: Side

    @property
    def added_per_page(self) -> float:
        """Instructions the playbook executes per page beyond plain Material (may be negative)."""
        return (self.playbook.instructions - self.plain.instructions) / self.pages


def measured_row(scale: Scale) -> Row:
    """Both sites of a scale, counted side by side: one on each of two processors."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        ours = pool.submit(measured_side, scale.project, scale.site)
        plain = pool.submit(measured_side, scale.twin, scale.plain_site)
        playbook, twin = ours.result(), plain.result()
    return Row(scale.frameworks, len(pages(scale.site)), playbook, twin)


def marginal_per_page(low: Row, high: Row) -> float:
    """Instructions the playbook adds beyond plain Material for each page between two scales."""
    added = high.added_per_page * high.pages - low.added_per_page * low.pages
    return added / (high.pages - low.pages)


def report(rows: list[Row]) -> list[str]:
    """The table, then what each page between two scales adds, in instructions."""
    giga, mega, mib = 1e9, 1e6, 2**20
    lines = [
        "  frameworks  pages   playbook      plain  ratio  added/page"
        "   peak memory (playbook / plain)   pages of memory touched",
    ]
    for row in rows:
        ours, plain = row.playbook, row.plain
        lines.append(
            f"  {row.frameworks:>10}  {row.pages:>5}  {ours.instructions / giga:>8.2f} G"
            f"  {plain.instructions / giga:>7.2f} G"
            f"  {ours.instructions / plain.instructions:>4.2f}x"
            f"  {row.added_per_page / mega:>8.1f} M"
            f"   {ours.memory.peak_bytes / mib:>7.0f} MB / {plain.memory.peak_bytes / mib:>4.0f} MB"
            f"   {ours.memory.touched_pages:>11,} / {plain.memory.touched_pages:,}"
        )
    for low, high in pairwise(rows):
        lines.append(
            f"  each page from {low.frameworks} to {high.frameworks} frameworks adds"
            f" {marginal_per_page(low, high) / mega:.1f} M instructions beyond plain Material"
        )
    lines.append(
        "  instructions: counted by cachegrind, one build each (a rebuild with the caches filled);"
        " memory: one native build each"
    )
    return lines


def main() -> None:
    print("Social Media Strategy Playbook: builds in instructions and memory")
    print("(about 25 minutes: a build runs 15 to 25 times slower under valgrind)", flush=True)
    with tempfile.TemporaryDirectory(prefix="playbook-bench-ins-", dir=scratch_folder()) as tmp:
        rows = []
        for factor in FACTORS:
            rows.append(measured_row(prepared_scale(Path(tmp), f"x{factor}", factor)))
            print(f"  {factor}x counted", flush=True)
    print("\n".join(report(rows)))
    # Each peak above counts at least what this process held when it started that build.
    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"  (this bench's own peak: {own_peak:.0f} MB; each build's peak counts at least what"
        " the bench held when it started the build)"
    )


if __name__ == "__main__":
    main()
