"""The widgets' JS, CSS and UI strings as shipped: bundled, minified and named by content hash.

The modules in docs/assets/js/ and docs/assets/playbook.css are written for people. Readers'
browsers get one script and one stylesheet, minified by minify-html's JS and CSS minifiers (a
maintained minifier with PyPI wheels, so the build needs no Node), plus a small script per language
that sets the UI strings. Each name carries a hash of its content, as Material's own assets do, so a
browser may cache them for long and still never runs a stale widget after an upgrade.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import minify_html

# The UI string groups the widgets look up: only these are sent to the browser.
WIDGET_STRINGS = (
    "storage.",
    "common.",
    "import.",
    "assessment.",
    "checklist.",
    "worksheet.",
    "planner.",
    "actions.",
    "home.",
    "team.",
    "progress.",
)
SCRIPT_NAME = "assets/javascripts/playbook.{hash}.min.js"
STYLE_NAME = "assets/stylesheets/playbook.{hash}.min.css"
STRINGS_NAME = "assets/javascripts/playbook.strings.{language}.{hash}.min.js"
WIDGET_NAME = "assets/javascripts/playbook.{name}.{hash}.min.js"
# The selectors a page's widgets are found by: attribute tests only, so the budget test and the
# bench can tell from a page's HTML which scripts the browser loads there.
_SELECTOR_PART = re.compile(r"\[([a-z][a-z0-9-]*)(?:=([A-Za-z0-9_-]+))?\]")
_LINE_COMMENT = re.compile(r"^//")
# A backtick that is not escaped: an odd count leaves a template literal open into the next line.
_BACKTICK = re.compile(r"(?<!\\)`")


class AssetError(ValueError):
    """A source the minifier cannot take, or did not give back whole."""


@dataclass(frozen=True)
class ShippedAsset:
    """One built asset: its path under site/ and its text."""

    path: str
    content: str


def content_hash(text: str) -> str:
    """The first 8 hex digits of the text's SHA-256, as in Material's asset names."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _minified(source: str, tag: str, **options: bool) -> str:
    """Source minified inside <tag>…</tag> (minify-html only minifies JS and CSS in HTML)."""
    closing = f"</{tag}"
    # A closing tag inside the source would end the wrapper early and cut the code.
    if closing in source.lower():
        raise AssetError(f"the source contains '{closing}', which minify-html cannot wrap")
    out = minify_html.minify(f"<{tag}>{source}</{tag}>", **options)
    if not (out.startswith(f"<{tag}>") and out.endswith(f"</{tag}>")):
        raise AssetError(f"minify-html did not return one <{tag}> element")
    return out[len(tag) + 2 : -(len(tag) + 3)]


def without_comment_lines(source: str) -> str:
    """Source without whole-line comments: `// …` lines and `/* … */` blocks that start a line.

    minify-html keeps comments that stand before a statement, so they go first. Lines inside a
    template literal are part of a string and stay exactly as they are.
    """
    kept: list[str] = []
    in_template = in_block = False
    for line in source.splitlines():
        stripped = line.strip()
        if in_block:
            # A block comment runs until the line that closes it.
            in_block = not stripped.endswith("*/")
            continue
        if not in_template and _LINE_COMMENT.match(stripped):
            continue
        if not in_template and stripped.startswith("/*"):
            in_block = not stripped.endswith("*/")
            continue
        kept.append(line)
        in_template ^= len(_BACKTICK.findall(line)) % 2 == 1
    return "\n".join(kept) + "\n"


# minify-html marks `new X()` as side-effect free for later tree-shaking, which nothing here does.
_PURE_MARK = "/* @__PURE__ */ "


def minify_js(source: str) -> str:
    """The script minified: comments and whitespace gone, names kept (minify-html keeps them)."""
    out = _minified(without_comment_lines(source), "script", minify_js=True)
    # Only the minifier's own marks go: a source that spells one out (in a string) keeps it.
    return out if _PURE_MARK.strip() in source else out.replace(_PURE_MARK, "")


def minify_css(source: str) -> str:
    """The stylesheet minified, comments included."""
    return _minified(source, "style", minify_css=True)


def bundle_js(sources: Iterable[str]) -> str:
    """The modules in order, each ended with a newline and a semicolon: none runs into the next."""
    return "".join(f"{source.rstrip()}\n;\n" for source in sources)


def widget_strings(ui: Mapping[str, str]) -> dict[str, str]:
    """The UI strings the widgets use, from a language's full set."""
    return {key: text for key, text in ui.items() if key.startswith(WIDGET_STRINGS)}


def strings_script(strings: Mapping[str, str]) -> str:
    """A script that sets window.PlaybookStrings; the strings are JSON values, never code."""
    payload = json.dumps(dict(strings), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"window.PlaybookStrings={payload};\n"


def selector_parts(selector: str) -> list[tuple[str, str | None]]:
    """A selector list's parts as (attribute, value or None); only `[name]` and `[name=value]`."""
    parts = [part.strip() for part in selector.split(",")]
    matches = [_SELECTOR_PART.fullmatch(part) for part in parts]
    if not parts or None in matches:
        raise AssetError(
            f"widget selector '{selector}': use attribute selectors only, such as [data-checklist]"
            " or [data-act=add], separated by commas"
        )
    return [(match.group(1), match.group(2)) for match in matches]


def page_matches(attributes: set[tuple[str, str]], selector: str) -> bool:
    """Whether a page whose elements carry these (attribute, value) pairs matches the selector."""
    present = {name for name, _ in attributes}
    return any(
        name in present if value is None else (name, value) in attributes
        for name, value in selector_parts(selector)
    )


@dataclass(frozen=True)
class WidgetScripts:
    """The scripts a page loads when it shows an element matching the selector, in order."""

    selector: str
    assets: tuple[ShippedAsset, ...]


def loader_call(widgets: Iterable[WidgetScripts]) -> str:
    """The statement that hands the core its table of widget scripts (file names beside it)."""
    table = [
        [widget.selector, [asset.path.rsplit("/", 1)[-1] for asset in widget.assets]]
        for widget in widgets
    ]
    return f"window.Playbook.loadOn({json.dumps(table, separators=(',', ':'))});\n"


def build_widget_scripts(
    sources: Mapping[str, str], widgets: Mapping[str, Iterable[str]]
) -> list[WidgetScripts]:
    """Each widget's scripts minified and hashed once, however many selectors share them.

    ``sources`` maps a script's path under docs/ to its text; ``widgets`` maps a selector to the
    paths of the scripts it needs.
    """
    shipped: dict[str, ShippedAsset] = {}
    for path, source in sources.items():
        # The file name without folders and .js names the asset, as in playbook.checklist.<hash>.
        name = re.sub(r"[^A-Za-z0-9_-]", "_", path.rsplit("/", 1)[-1].removesuffix(".js"))
        shipped[path] = hashed(WIDGET_NAME, minify_js(source), name=name)
    result = []
    for selector, paths in widgets.items():
        selector_parts(selector)
        result.append(WidgetScripts(selector, tuple(shipped[path] for path in paths)))
    return result


def hashed(template: str, content: str, **names: str) -> ShippedAsset:
    """An asset whose name carries its content hash."""
    return ShippedAsset(template.format(hash=content_hash(content), **names), content)


def build_assets(
    scripts: Iterable[str],
    styles: Iterable[str],
    strings: Mapping[str, str],
    language: str,
    widgets: Iterable[WidgetScripts] = (),
) -> tuple[ShippedAsset, ShippedAsset, ShippedAsset]:
    """The UI strings script, the script bundle and the stylesheet, minified and hashed.

    With widget scripts, the bundle ends by handing the core their table, so a page loads only
    the scripts of the widgets it shows.
    """
    # The language code becomes part of a file name: anything but letters, digits, - and _ goes.
    safe_language = re.sub(r"[^A-Za-z0-9_-]", "_", language) or "ui"
    strings_asset = hashed(STRINGS_NAME, strings_script(strings), language=safe_language)
    widgets = list(widgets)
    tail = [loader_call(widgets)] if widgets else []
    script = hashed(SCRIPT_NAME, minify_js(bundle_js([*scripts, *tail])))
    style = hashed(STYLE_NAME, minify_css("\n".join(styles)))
    return strings_asset, script, style
