"""The loader reads YAML events straight into data (issue 14); it must give what the node tree
gives: the same data and the same line:col for every value and key of every data file."""

from __future__ import annotations

import pytest
import yaml

from playbook.data.loading import load_document

from .conftest import ROOT

FILES = sorted((ROOT / "data").rglob("*.yaml"))


def node_positions(node, path=(), values=None, keys=None):
    """Positions of every value and key from PyYAML's node tree, as (line, col) from 1."""
    values = {} if values is None else values
    keys = {} if keys is None else keys
    values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*path, key_node.value)
            keys[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            node_positions(value_node, key, values, keys)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            node_positions(item, (*path, index), values, keys)
    return values, keys


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_a_data_file_reads_as_the_node_tree_gives_it(path):
    text = path.read_text(encoding="utf-8")
    doc, problems = load_document(path, ROOT)
    assert problems == []
    assert doc.data == yaml.safe_load(text)
    values, keys = node_positions(yaml.compose(text, Loader=yaml.SafeLoader))
    assert doc.positions == values
    assert doc.key_positions == keys


def test_the_comparison_can_see_a_wrong_position(tmp_path):
    """So the test above can fail: a key moved by one line is a different position."""
    path = tmp_path / "x.yaml"
    path.write_text("id: a\ntitle: b\n", encoding="utf-8")
    doc, _ = load_document(path)
    values, keys = node_positions(yaml.compose("id: a\n\ntitle: b\n", Loader=yaml.SafeLoader))
    assert doc.key_positions != keys and doc.positions != values
