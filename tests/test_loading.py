"""The YAML loader: YAML 1.2 scalars, positions, and friendly errors for broken files."""

from pathlib import Path

from playbook.data.loading import MAX_BYTES, display_path, load_document

from .conftest import ROOT


def write(tmp_path: Path, text: str | bytes, name: str = "x.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def load(tmp_path, text, name="x.yaml"):
    return load_document(write(tmp_path, text, name), tmp_path)


def test_yaml_1_1_booleans_and_times_stay_strings(tmp_path):
    doc, problems = load(
        tmp_path, "a: no\nb: yes\nc: on\nd: 9:00\ne: 2011-01-01\nf: true\ng: 12\nh: 1.5\ni: null\n"
    )
    assert problems == []
    assert doc.data == {
        "a": "no",
        "b": "yes",
        "c": "on",
        "d": "9:00",
        "e": "2011-01-01",
        "f": True,
        "g": 12,
        "h": 1.5,
        "i": None,
    }


def test_positions_of_values_and_keys(tmp_path):
    doc, _ = load(tmp_path, "id: x\nlist:\n  - name: a\n  - name: b\n")
    assert doc.where(("list", 1, "name")) == (4, 11)
    assert doc.where(("list", 1, "name"), key=True) == (4, 5)
    assert doc.where(("list", 7, "missing")) == (3, 3)


def test_duplicate_key_names_both_lines(tmp_path):
    _, problems = load(tmp_path, "id: x\ntitle: a\ntitle: b\n")
    assert len(problems) == 1
    p = problems[0]
    assert (p.line, p.col) == (3, 1)
    assert "duplicate key 'title' (first defined on line 2)" in p.message


def test_tab_indentation_is_explained(tmp_path):
    _, problems = load(tmp_path, "id: x\nlist:\n\t- a\n")
    assert problems[0].line == 3
    assert "tab" in problems[0].message
    assert "spaces" in problems[0].hint


def test_aliases_and_anchors_are_rejected(tmp_path):
    _, problems = load(tmp_path, "a: &x 1\nb: *x\n")
    assert problems[0].line == 1 and "anchors" in problems[0].message


def test_custom_tags_are_rejected(tmp_path):
    _, problems = load(tmp_path, "id: !!python/object:os.system x\n")
    assert "tags" in problems[0].message


def test_empty_and_comment_only_files(tmp_path):
    for text in ("", "   \n", "# yaml-language-server: $schema=x\n"):
        doc, problems = load(tmp_path, text)
        assert doc is None and problems[0].message == "the file is empty"


def test_non_utf8_names_the_line(tmp_path):
    _, problems = load(tmp_path, b"id: x\ntitle: caf\xe9\n")
    assert (problems[0].line, problems[0].col) == (2, 11)
    assert "UTF-8" in problems[0].message


def test_huge_file_is_refused_before_parsing(tmp_path):
    _, problems = load(tmp_path, "a: " + "x" * (MAX_BYTES + 1))
    assert "too large" in problems[0].message


def test_top_level_must_be_a_mapping(tmp_path):
    _, problems = load(tmp_path, "- a\n- b\n")
    assert "mapping" in problems[0].message


def test_problem_format(tmp_path):
    _, problems = load(tmp_path, "id: x\nid: y\n", name="dup.yaml")
    assert (
        problems[0]
        .format()
        .startswith(
            "dup.yaml:2:1: duplicate key 'id' (first defined on line 1) (at $.id)\n    hint: "
        )
    )


def test_libyaml_and_pure_python_parsers_agree(tmp_path, monkeypatch):
    """Installs without libyaml read every real data file, and locate errors,
    exactly as the fast path does."""
    from playbook.data import loading

    files = sorted((ROOT / "data").rglob("*.yaml"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: [a, b\n", encoding="utf-8")
    fast = [loading.load_document(p, ROOT) for p in [*files, bad]]
    monkeypatch.setattr(loading, "StrictLoader", loading.loader_class(loading.PythonParser))
    slow = [loading.load_document(p, ROOT) for p in [*files, bad]]
    assert len(files) > 40
    for (doc_a, probs_a), (doc_b, probs_b) in zip(fast, slow, strict=True):
        assert (doc_a and doc_a.data) == (doc_b and doc_b.data)
        assert (doc_a and doc_a.positions) == (doc_b and doc_b.positions)
        assert [(p.line, p.col) for p in probs_a] == [(p.line, p.col) for p in probs_b]
    assert fast[-1][1] and fast[-1][1][0].line == 3


# Issue 13: models are declared once; one generic loader reads their type hints.
def test_models_are_built_by_one_generic_loader():
    import dataclasses
    import inspect

    from playbook.data import models

    source = inspect.getsource(models)
    assert source.count("def from_dict") == 1, "a hand-written from_dict is back"
    classes = [
        c
        for c in vars(models).values()
        if inspect.isclass(c) and dataclasses.is_dataclass(c) and c.__module__ == models.__name__
    ]
    assert len(classes) > 10
    # Project and Section are assembled from other models, not read from a data file.
    built_here = (models.Project, models.Section)
    assert all(issubclass(c, models.Model) for c in classes if c not in built_here)


def test_the_generic_loader_fills_nested_optional_and_renamed_fields():
    from playbook.data.models import Assessment, Framework

    framework = Framework.from_dict(
        {
            "id": "f",
            "title": "F",
            "summary": "S",
            "tags": ["a"],
            "source": {"title": "T", "author": "A"},
            "how_to_use": "Use.",
            "elements": [
                {
                    "id": "e",
                    "kind": "task",
                    "title": "E",
                    "summary": "S",
                    "priority": 2,
                    "substeps": [{"id": "s", "title": "Sub"}],
                    "checklist": [{"id": "c", "text": "Do"}],
                }
            ],
            "schedule": {
                "day_start": "09:00",
                "day_end": "10:00",
                "blocks": [{"id": "b", "title": "B"}],
            },
        }
    )
    element = framework.elements[0]
    assert (element.framework_id, element.ref, element.priority) == ("f", "f/e", 2)
    assert element.substeps[0].title == "Sub" and element.substeps[0].label is None
    assert element.checklist[0].refs == () and framework.order == 100
    assert framework.source.year is None and framework.schedule.blocks[0].id == "b"
    assert isinstance(framework.tags, tuple) and isinstance(framework.elements, tuple)
    assessment = Assessment.from_dict(
        {
            "id": "a",
            "title": "A",
            "summary": "S",
            "version": 1,
            "scale": {"levels": [{"value": 0, "label": "No"}, {"value": 1, "label": "Yes"}]},
            "dimensions": [{"id": "d", "title": "D", "questions": [{"id": "q", "text": "Q?"}]}],
            "stages": [{"id": "s", "title": "S", "description": "D.", "min": 0, "max": 100}],
            "recommendations": [{"dimension": "d", "stage": "s", "text": "T", "refs": ["f/e"]}],
        }
    )
    assert assessment.not_applicable is None and assessment.levels[1].label == "Yes"
    assert assessment.questions[0].id == "q" and assessment.recommendations[0].refs == ("f/e",)


def test_files_are_shown_relative_to_the_project_however_it_is_reached(tmp_path, monkeypatch):
    """As found in the data folder, through a link to it, or relative to the working directory."""
    monkeypatch.chdir(tmp_path)
    real = tmp_path / "real"
    (real / "data").mkdir(parents=True)
    (tmp_path / "link").symlink_to(real)
    found = real / "data" / "f.yaml"
    assert display_path(found, real) == "data/f.yaml"
    assert display_path(tmp_path / "link" / "data" / "f.yaml", tmp_path / "link") == "data/f.yaml"
    assert display_path(Path("real/data/../data/f.yaml"), real) == "data/f.yaml"
    assert display_path(Path("/elsewhere/f.yaml"), real) == "/elsewhere/f.yaml"
    assert display_path(found) == "real/data/f.yaml"
