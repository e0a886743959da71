"""The YAML loader: YAML 1.2 scalars, positions, and friendly errors for broken files."""

from pathlib import Path

from playbook.data.loading import MAX_BYTES, load_document

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
    """Installs without libyaml read every real data file, and locate errors, exactly as the fast path does."""
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
