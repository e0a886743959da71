"""Parsed data files kept between runs (playbook/data/parse_cache.py) change no verdict.

A file with the same bytes is not parsed again; every rule still runs on every file, and a problem
found in a file taken from the cache is located as precisely as in a file read afresh.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from playbook import cli
from playbook.data import loading
from playbook.data.parse_cache import CACHE_FILE
from playbook.data.project import check, forget_loaded_projects

from .conftest import ROOT


@pytest.fixture
def data(tmp_path) -> Path:
    """A copy of the real data folder, in a project folder of its own."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The texts the YAML reader parses, in order; a file taken from the cache is not parsed."""
    parsed: list[str] = []

    class CountingLoader(loading.StrictLoader):
        def __init__(self, stream):
            parsed.append(stream)
            super().__init__(stream)

    monkeypatch.setattr(loading, "StrictLoader", CountingLoader)
    return parsed


def yaml_files(data: Path) -> list[Path]:
    return sorted(data.rglob("*.yaml"))


def test_a_second_run_parses_no_unchanged_file(data, parses):
    cache = data.parent / ".cache" / "playbook"
    first, problems = check(data, data.parent, cache)
    assert first is not None and problems == []
    assert len(parses) == len(yaml_files(data))
    assert (cache / CACHE_FILE).is_file()
    parses.clear()
    second, problems = check(data, data.parent, cache)
    assert problems == [] and parses == []
    assert second.frameworks.keys() == first.frameworks.keys()
    assert second == first


def test_an_edited_file_is_parsed_again_and_only_it(data, parses):
    cache = data.parent / ".cache"
    check(data, data.parent, cache)
    edited = yaml_files(data / "frameworks")[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    parses.clear()
    _, problems = check(data, data.parent, cache)
    assert problems == []
    assert parses == [edited.read_text(encoding="utf-8")]


def test_problems_in_cached_files_are_located_as_in_a_fresh_read(data):
    """A change in one file breaks references in others that the cache holds: their problems
    carry the same file, line and column as without the cache."""
    cache = data.parent / ".cache"
    check(data, data.parent, cache)
    # Every element another file links to by ref: is gone with its framework.
    target = yaml_files(data / "frameworks")[0]
    target.unlink()
    fresh = check(data, data.parent)[1]
    cached = check(data, data.parent, cache)[1]
    assert fresh, "removing a framework must break references elsewhere"
    assert cached == fresh


def test_a_broken_or_foreign_cache_file_is_ignored(data, parses):
    cache = data.parent / ".cache"
    cache.mkdir()
    (cache / CACHE_FILE).write_bytes(b"not marshal data")
    assert check(data, data.parent, cache)[1] == []
    assert len(parses) == len(yaml_files(data))


def test_a_cache_that_cannot_be_written_changes_nothing(data):
    blocker = data.parent / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    project, problems = check(data, data.parent, blocker / "cache")
    assert project is not None and problems == []


def test_a_file_with_a_problem_is_never_kept(data, parses):
    cache = data.parent / ".cache"
    broken = yaml_files(data / "glossary")[0]
    broken.write_text(broken.read_text(encoding="utf-8") + "extra: [unclosed\n", encoding="utf-8")
    first = check(data, data.parent, cache)[1]
    parses.clear()
    second = check(data, data.parent, cache)[1]
    assert first and second == first
    assert broken.read_text(encoding="utf-8") in parses


def test_validate_keeps_the_cache_beside_the_data_unless_told_not_to(data, capsys):
    assert cli.main(["--data", str(data), "--no-cache", "validate"]) == 0
    assert not (data.parent / ".cache").exists()
    # A new process: nothing loaded in memory.
    forget_loaded_projects()
    assert cli.main(["--data", str(data), "validate"]) == 0
    assert (data.parent / ".cache" / "playbook" / CACHE_FILE).is_file()
    assert "The data is valid" in capsys.readouterr().out


def test_the_fast_check_takes_its_inlined_schema_from_the_cache(data, monkeypatch):
    """The second run reads each kind's inlined schema from the cache: no reference is resolved,
    and the schema is the one the first run inlined."""
    from playbook.data import schemas

    cache = data.parent / ".cache" / "playbook"
    assert check(data, data.parent, cache)[1] == []
    fresh = schemas.load_schemas(data / "schema")
    inlined = {name: fresh.inlined(name) for name in fresh.schemas}
    forget_loaded_projects()
    schemas._load.cache_clear()

    def no_inlining(*args, **kwargs):
        raise AssertionError("a reference was inlined again")

    monkeypatch.setattr(schemas, "inline_references", no_inlining)
    # Every file changed, so none is taken as valid from the cache (see the next test).
    for path in yaml_files(data):
        path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert check(data, data.parent, cache)[1] == []
    kept = schemas.load_schemas(data / "schema")
    assert kept.quick_checks and all(check is not None for check in kept.quick_checks.values())
    from playbook.data.parse_cache import ParseCache

    for name in kept.quick_checks:
        assert kept.inlined(name, ParseCache(cache)) == inlined[name], name


def test_an_unchanged_file_is_not_checked_against_its_schema_again(data, monkeypatch):
    """A file with the same bytes passed the same schema before: the second run takes that from
    the cache, and checks only the file that changed."""
    from playbook.data import schemas

    cache = data.parent / ".cache" / "playbook"
    assert check(data, data.parent, cache)[1] == []
    forget_loaded_projects()
    schemas._load.cache_clear()
    checked: list = []
    quick_check = schemas.SchemaSet.quick_check

    def counted(self, name, cache=None):
        """The quick check, noting each document it is asked about."""
        found = quick_check(self, name, cache)
        if found is None:
            return None

        def is_valid(document):
            checked.append(document)
            return found.is_valid(document)

        return SimpleNamespace(is_valid=is_valid)

    monkeypatch.setattr(schemas.SchemaSet, "quick_check", counted)
    edited = yaml_files(data / "frameworks")[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert check(data, data.parent, cache)[1] == []
    assert [document["id"] for document in checked] == [edited.stem]


def test_an_edited_schema_is_inlined_again(data):
    """A schema file's text is part of the key, so a changed rule is never checked by an old
    inlined schema: frameworks that passed are refused once the schema allows fewer keys."""
    import json

    from playbook.data import schemas

    cache = data.parent / ".cache" / "playbook"
    assert check(data, data.parent, cache)[1] == []
    schema_file = data / "schema" / "framework.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    schema["maxProperties"] = 1
    schema_file.write_text(json.dumps(schema), encoding="utf-8")
    forget_loaded_projects()
    schemas._load.cache_clear()
    problems = check(data, data.parent, cache)[1]
    refused = {Path(problem.file).name for problem in problems}
    assert refused == {path.name for path in (data / "frameworks").glob("*.yaml")}, problems


def test_valid_data_imports_no_jsonschema_with_or_without_a_cache(tmp_path):
    """Valid data needs neither jsonschema nor referencing, with an empty cache or a filled one:
    importing them costs more than validating the data. Run in a fresh interpreter, where imports
    are visible."""
    import subprocess
    import sys

    shutil.copytree(ROOT / "data", tmp_path / "data")
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from playbook.data.project import check\n"
        "root = Path(sys.argv[1])\n"
        "project, problems = check(root / 'data', root, root / '.cache')\n"
        "assert project is not None and not problems, problems\n"
        "loaded = [m.split('.')[0] for m in sys.modules]\n"
        "print(sorted({m for m in loaded if m in ('jsonschema', 'referencing')}))\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout.strip()
        for _ in range(2)
    ]
    # The first run inlines the references itself; the second takes them from the cache.
    assert runs == ["[]", "[]"]
    assert (tmp_path / ".cache" / "parsed.marshal").is_file()


def test_a_broken_markdown_link_in_a_cached_file_is_reported(data):
    """The strings that can hold a link come from the cache with the data: a Markdown link to an
    element renamed since, in a file the cache holds, is reported as in a fresh read."""
    import re

    cache = data.parent / ".cache"
    check(data, data.parent, cache)
    link = re.compile(r"\]\(ref:([\w-]+)/([\w-]+)\)")
    source, framework, element = next(
        (path, *found)
        for path in yaml_files(data)
        for found in link.findall(path.read_text(encoding="utf-8"))
        if found[0] != path.stem
    )
    target = data / "frameworks" / f"{framework}.yaml"
    text = target.read_text(encoding="utf-8")
    assert f"id: {element}\n" in text
    target.write_text(text.replace(f"id: {element}\n", f"id: {element}-renamed\n"), "utf-8")
    fresh = check(data, data.parent)[1]
    cached = check(data, data.parent, cache)[1]
    needle = f"'{framework}/{element}'"
    assert any(p.file.endswith(source.name) and needle in p.message for p in fresh), fresh
    assert cached == fresh
