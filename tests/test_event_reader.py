"""The loader reads YAML events straight into data (issue 14); it must give what the node tree
gives: the same data and the same line:col for every value and key of every data file."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.data.loading import StrictLoader, load_document, scalar_tag

from .conftest import ROOT, examples

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


# ---- the scalar resolver's shortcut --------------------------------------------------------------

# Plain scalars that YAML 1.2's core schema (as this loader sets it) reads as each type, and
# YAML 1.1 forms it must leave as text.
TYPED = ["true", "False", "12", "-3", "+4", "1.5", ".5", "1e3", "-.inf", ".NaN", "~", "null", ""]
TEXT = ["yes", "no", "on", "9:00", "2026-03-02", "0x1F", "1_000", "<<", "=", "a b", "-", "."]


def loader_tag(value: str, implicit: tuple[bool, bool]) -> str:
    """What PyYAML's own resolver says, on a loader of this module's class."""
    loader = StrictLoader("")
    try:
        return loader.resolve(yaml.ScalarNode, value, implicit)
    finally:
        loader.dispose()


@pytest.mark.parametrize("value", TYPED + TEXT)
@pytest.mark.parametrize("implicit", [(True, False), (False, True), (False, False)])
def test_the_shortcut_tags_known_scalars_as_the_resolver_does(value, implicit):
    assert scalar_tag(value, implicit) == loader_tag(value, implicit)


def test_the_known_scalars_cover_every_type_and_text():
    tags = {scalar_tag(value, (True, False)) for value in TYPED}
    assert {f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "null")} <= tags
    assert {scalar_tag(value, (True, False)) for value in TEXT} == {"tag:yaml.org,2002:str"}


@given(
    value=st.text(alphabet=st.sampled_from("0123456789+-.eE_:~ntfTFaxyNIo<= "), max_size=8)
    | st.text(max_size=6),
    implicit=st.tuples(st.booleans(), st.booleans()),
)
@settings(max_examples=examples(3))
def test_the_shortcut_tags_any_scalar_as_the_resolver_does(value, implicit):
    assert scalar_tag(value, implicit) == loader_tag(value, implicit)
