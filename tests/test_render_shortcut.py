"""The plain-text shortcut of Renderer.markdown gives exactly the converter's output (issue 14).

The build skips the Markdown converter for texts that are plain sentences. These tests compare
the shortcut with the converter on every text of the data, on generated texts, and on the
Markdown of every generated page, so no page can change because of it.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from playbook.data.project import load_project
from playbook.site.pages import generated_pages
from playbook.site.rendering import Renderer, shortcut_takes

from .conftest import ROOT


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT / "data", ROOT)


@pytest.fixture(scope="module")
def renderers(project):
    """The build's renderer and the reference that sends every text through the converter."""
    strings = project.ui(None)
    return Renderer(project, "", True, strings), Renderer(
        project, "", True, strings, plain_text_shortcut=False
    )


def data_texts(value) -> list[str]:
    """Every string in a loaded data document, however deeply nested."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in data_texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in data_texts(item)]
    return [value] if isinstance(value, str) else []


def test_every_plain_text_of_the_data_renders_as_the_converter_renders_it(project, renderers):
    import yaml

    fast, reference = renderers
    texts = {
        text
        for path in sorted((ROOT / "data").rglob("*.yaml"))
        for text in data_texts(yaml.safe_load(path.read_text(encoding="utf-8")))
    }
    plain = [text for text in texts if shortcut_takes(text)]
    for text in plain:
        assert fast.markdown(text) == reference.markdown(text), text


# Characters with a meaning to Markdown, smarty, HTML or the list syntax, beside ordinary ones.
TRICKY = "ab AZ09é_-.*`#[]()<>&'\"!:;/\\+=@%~|\n\t  1."


# Words and what joins them: mostly plain texts, so that the shortcut's edges are drawn often.
_DATA = load_project(ROOT / "data", ROOT)
_ELEMENT = next(iter(_DATA.frameworks.values())).elements[0]
# Links of every kind the shortcut writes, to things that exist (the converter resolves them too).
LINKS = [
    f"[ab]({target})"
    for target in (
        f"ref:{_ELEMENT.ref}",
        f"glossary:{next(iter(_DATA.terms))}",
        f"framework:{_ELEMENT.framework_id}",
        f"checklist:{next(iter(_DATA.checklists))}",
    )
]
WORDS = ["ab", "Z", "é", "9", "1.", "It", *LINKS, '"ab"', "[a 'b' c](ref:" + _ELEMENT.ref + ")"]
WORDS += ["*ab*", "**ab cd**", "*a", "b*", "\n\n- ab", "\n\n1. ab", "\n  ab", "\n   ab"]
# Spans wrapped over two lines, code, dashes, and quotes beside brackets and line ends.
WORDS += ["*ab\ncd*", "**ab\n9**", "[ab\ncd](ref:" + _ELEMENT.ref + ")", "`a_b`", "` ab`", "`a`b`"]
WORDS += ["ab\u2013cd", "\u2014", '("ab")', "(ab", "abs'", "'80s", '\n"ab', "\n(ab)"]
WORDS += ["\n- ab\n- cd", "`a\tb`", "`a  b`"]
# Plain joiners are listed several times, so most drawn texts are plain up to one tricky joiner.
JOINERS = [" "] * 4 + ["'"] * 4 + ["\n"] * 3 + ["-", ". ", ", ", ' "', '" ', '".', "\n\n"]
JOINERS += ["--", "  ", " '", "' ", "\n- ", "\n ", "#", "*", '"', "!", "(", ")", "[", "]"]
JOINERS += ["' ", "',", "'\n", '("', "`", "\n1. ", "\u2013"]
PAIRS = st.tuples(st.sampled_from(WORDS), st.sampled_from(JOINERS))
SENTENCES = st.lists(PAIRS, min_size=1, max_size=6).map(
    lambda pairs: "".join(word + joiner for word, joiner in pairs) + "end"
)


# Mostly plain lines, so that most drawn lists are ones the shortcut takes.
PLAIN_LINES = st.lists(
    st.sampled_from(["ab", "It", "é", "9", "*ab*", "**cd ef**", "it's", "abs'", "`x`", LINKS[0]]),
    min_size=1,
    max_size=4,
).map(" ".join)
LINES = PLAIN_LINES | PLAIN_LINES | SENTENCES


@st.composite
def lists(draw) -> str:
    """A paragraph, then a list of items (some with a second line), then maybe a paragraph, with
    the spacing and indents drawn around what the shortcut takes."""
    marker = draw(st.sampled_from(["-", "-", "1.", "3.", "*"]))
    # Loose lists (a blank line between items), tight ones (line by line), and the two mixed.
    between = draw(st.sampled_from(["\n\n", "\n\n", "\n", "\n"]))
    items = []
    for _ in range(draw(st.sampled_from([1, 2, 2, 3]))):
        # Numbered items may count on or repeat the first number.
        numbered = marker[0].isdigit()
        item_marker = draw(st.sampled_from([marker, marker, "2."])) if numbered else marker
        item = f"{item_marker} {draw(LINES)}"
        if draw(st.booleans()):
            indent = draw(st.sampled_from([len(marker) + 1, len(marker) + 1, 1, 4]))
            item += "\n" + " " * indent + draw(LINES)
        items.append(item)
    text = draw(LINES) + "\n\n" + between.join(items)
    after = ["", "\n", "\n\nAfter it.", "\n\n- ab\n- cd", "\n\n- ab\n\n- cd", "\nab"]
    return text + draw(st.sampled_from(after))


@given(st.text(alphabet=TRICKY, max_size=24) | SENTENCES | lists())
def test_any_text_the_shortcut_takes_renders_as_the_converter_renders_it(renderers, text):
    fast, reference = renderers
    if shortcut_takes(text):
        assert fast.markdown(text) == reference.markdown(text)


@pytest.mark.parametrize(
    "text",
    [
        "1. First",
        "- item",
        "a -- b",
        "Wait...",
        "'quoted'",
        "the '80s",
        "a_b",
        "- one item only",
        "- a\n\n1. b",
        "***both***",
        "a * b * c",
        "- item\n\n-  odd space",
        "x  y",
        "a\n- b",
        "a\n  b",
        "[a](https://example.org/)",
        "![a](ref:x/y)",
        '[a](ref:x/y "t")',
        "[ a](glossary:x)",
        'say " it',
        "a \nb",
        "a\n2. b",
        " a",
        "- a\n- b\n\n- c",
        "- a\n\n- b\n- c",
        "- a\n* b",
        "- a\n- b\n\n1. c\n2. d",
        "(a)\n  b",
        "` a`",
        "`a\\`",
        "abs'*",
        "[a\n\n- b](ref:x/y)",
    ],
)
def test_texts_with_markdown_meaning_are_not_taken(text):
    assert not shortcut_takes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Plan one post a week (on Mondays), then review: 50% more reach.",
        "The team's plan isn't rock'n'roll.",
        "One line\nand the next",
        "One paragraph.\n\nAnd another, after a blank line.\n",
        'He called it "phase 0" and "the start".',
        "Some **strong** and *emphasised* words.",
        "Intro:\n\n- one, with a\n  second line;\n\n- two.\n\nAfter the list.",
        "1. First step\n   continued.\n\n2. Second step.",
        "They would rather have:\n\n- **connections** than pitches;\n- **sharing** than creating.",
        f'1. One\n   ([two](ref:{_ELEMENT.ref})).\n2. Three, with `code` and\n   "quotes".',
        "Users' ratio, others' work and the days' actions.",
        "it' s",
        "- a tight\n- list",
        '"Quoted" at the start.',
        'Before ("phase 0") and\n"after", A \u2013 B \u2014 C.',
        f"*An addition: the source\nnames none.* A [wrapped\nlink](ref:{_ELEMENT.ref}).",
    ],
)
def test_plain_sentences_are_taken_and_render_as_the_converter_renders_them(renderers, text):
    fast, reference = renderers
    assert shortcut_takes(text)
    assert fast.markdown(text) == reference.markdown(text)


def test_every_generated_page_is_the_same_with_and_without_the_shortcut(project, renderers):
    fast, reference = renderers
    pages = generated_pages(project)
    assert pages
    for page in pages:
        url = page.src_uri.removesuffix(".md") + "/"
        assert page.markdown(fast.at(url)) == page.markdown(reference.at(url)), page.src_uri
