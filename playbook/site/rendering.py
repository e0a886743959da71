"""Turn the project into HTML and Markdown with Jinja templates (autoescape on).

Markdown written in data files is converted here, its ref:, glossary: and page links
(framework:, assessment:, checklist:) are resolved to relative URLs, and the result is sanitised
with an allowlist.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import nh3
from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
)
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape
from mkdocs.utils import get_relative_url

from ..data.models import PAGE_LINKS, Project, Section
from ..tools.scoring import band_text
from ..tools.worktools import recurrences, working_days
from . import shortcut
from .slots import Slots

TEMPLATES = Path(__file__).parent / "templates"

# What Markdown in data may produce; everything else is stripped.
ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "ul",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
# Links from data may only leave the site for the web or e-mail; anything else (javascript:, data:,
# ...) is dropped.
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!])")


class Linker:
    """Builds URLs to playbook pages and anchors, relative to the page being rendered."""

    def __init__(self, project: Project, page_url: str = "", directory_urls: bool = True):
        self.project = project
        self.page_url = page_url
        self.directory_urls = directory_urls
        self.tooltip = "{term}"

    def page(self, src_uri: str, anchor: str = "") -> str:
        """Relative URL of a page given its source path, such as frameworks/x.md."""
        stem = src_uri[:-3]
        if stem == "index" or stem.endswith("/index"):
            target = stem[: -len("index")]
        else:
            target = stem + "/" if self.directory_urls else stem + ".html"
        url = get_relative_url(target or ".", self.page_url or ".")
        if target.endswith("/") and not url.endswith("/"):
            url += "/"
        return url + (f"#{anchor}" if anchor else "")

    def element(self, ref: str) -> str:
        framework_id, element_id = ref.split("/", 1)
        return self.page(f"frameworks/{framework_id}.md", element_id)

    def term(self, term_id: str) -> str:
        return self.page("glossary.md", term_id)

    def resolve(self, href: str) -> tuple[str, str | None]:
        """Resolve a ref:, glossary: or page link (checklist:<id>...) to a URL and a tooltip."""
        if href.startswith("ref:"):
            ref = href[4:]
            return self.element(ref), self.project.element(ref).heading
        if href.startswith("glossary:"):
            term = self.project.terms[href[9:]]
            return self.term(term.id), self.tooltip.replace("{term}", term.term)
        kind, _, entity_id = href.partition(":")
        if kind in PAGE_LINKS:
            # Validation has made sure the id exists; its title becomes the tooltip.
            entity = getattr(self.project, PAGE_LINKS[kind])[entity_id]
            return self.page(f"{PAGE_LINKS[kind]}/{entity_id}.md"), entity.title
        return href, None


class _LinkRewriter(Treeprocessor):
    def __init__(self, md, linker: Linker):
        super().__init__(md)
        self.linker = linker

    def run(self, root):
        for anchor in root.iter("a"):
            url, title = self.linker.resolve(anchor.get("href", ""))
            anchor.set("href", url)
            if title and not anchor.get("title"):
                anchor.set("title", title)


def safe_url(url: str | None) -> str:
    """``url`` if it is relative or uses an allowed scheme (http, https, mailto), else ""."""
    if not url:
        return ""
    # Browsers ignore tabs and newlines inside a scheme ("java\tscript:"), so judge the URL without
    # them.
    compact = re.sub(r"[\x00-\x20]", "", url)
    try:
        scheme = urlsplit(compact).scheme
    except ValueError:
        return ""
    return url if not scheme or scheme.lower() in URL_SCHEMES else ""


def _sanitised_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Keep an allowed attribute from data Markdown, made safe for where Material shows it."""
    # Material's content.tooltips feature shows a title attribute as HTML (innerHTML), so its value
    # must be HTML-escaped text: what the tooltip then shows is the text the data wrote.
    if attribute == "title":
        return html.escape(value, quote=False)
    if attribute == "href":
        return safe_url(value) or None
    return value


# One sanitiser for the whole build: the allowlists, the tooltip escaping and the URL schemes.
_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_sanitised_attribute,
    url_schemes=set(URL_SCHEMES),
)


@pass_context
def _md_filter(context, text):
    return context["_renderer"].markdown(text)


@pass_context
def _mdinline_filter(context, text):
    return context["_renderer"].markdown_inline(text)


@pass_context
def _html_block_filter(context, html):
    return context["_renderer"].hold(html, "html")


@pass_context
def _unindexed_filter(context, html):
    return context["_renderer"].hold(html, "unindexed")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """One Jinja environment for every page: each template compiles once per build, not per page."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
    )
    env.filters.update(
        md=_md_filter,
        mdinline=_mdinline_filter,
        mdtext=escape_markdown,
        safe_url=safe_url,
        html_block=_html_block_filter,
        unindexed=_unindexed_filter,
    )
    return env


def bytecode_cache(directory: Path | None) -> FileSystemBytecodeCache | None:
    """A Jinja bytecode cache in ``directory``, or None when there is none or it cannot be made.

    Jinja checks each cached template against its source, so an edited template is compiled again.
    """
    if directory is None:
        return None
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(directory))


def use_template_cache(directory: Path | None) -> bool:
    """Keep the playbook's compiled templates in ``directory`` between builds (None: in memory).

    Returns False, with no cache in use, when the folder cannot be created.
    """
    env = _environment()
    env.bytecode_cache = bytecode_cache(directory)
    return env.bytecode_cache is not None


class Renderer:
    """Renders templates with filters for data Markdown and links; one per build, page after page.

    ``at(page_url)`` points its links at the page being rendered; templates, the Jinja environment
    and the
    Markdown converter are shared by every page of the build.
    """

    def __init__(
        self,
        project: Project,
        page_url: str = "",
        directory_urls: bool = True,
        strings: dict | None = None,
        plain_text_shortcut: bool = True,
        organisation: str = "",
    ):
        self.project = project
        # Off, every text goes through the converter: the reference the shortcut is tested against.
        self.plain_text_shortcut = plain_text_shortcut
        self.linker = Linker(project, page_url, directory_urls)
        self.env = _environment()
        self.globals = {
            "_renderer": self,
            "project": project,
            "link": self.linker,
            "t": strings or {},
            "tr": self.translate,
            "Section": Section,
            "recurrence_of": self.recurrence_of,
            # A schedule's working days, as iCalendar day codes (MO, TU, ...).
            "working_days": working_days,
            "related_to": self.related_to,
            # A stage's band in whole scores, half-open read right: "0-49", "50-100" (en dashes).
            "band": band_text,
            # Who runs this copy of the playbook (extra.organisation), named on a fork's own pages.
            "organisation": organisation,
        }
        self._related: dict[str, list] | None = None
        self._recurrences: dict[str, str] | None = None
        # Data texts without links, as markdown() wrote them, by their Markdown.
        self._linkless: dict[str, Markup] = {}
        # Set while the plugin renders a generated page: its HTML blocks are held aside (slots.py).
        self.slots: Slots | None = None
        self.linker.tooltip = (strings or {}).get("glossary.tooltip", "{term}")
        self._md = markdown.Markdown(extensions=["sane_lists", "smarty"])
        self._md.treeprocessors.register(_LinkRewriter(self._md, self.linker), "playbook_links", 1)

    def at(self, page_url: str) -> Renderer:
        """The renderer, its links made relative to ``page_url`` (the page about to be rendered)."""
        self.linker.page_url = page_url
        return self

    def hold_blocks(self, slots: Slots | None = None) -> Slots:
        """Hold the HTML blocks of the next rendering aside, in ``slots`` (new ones if None).

        Returns where they are kept. Off (the default, and for a macro without the playbook
        plugin), the filters ``html_block`` and ``unindexed`` leave their HTML where it is.
        """
        self.slots = Slots() if slots is None else slots
        return self.slots

    def release_blocks(self) -> None:
        """Stop holding HTML blocks aside: later renderings keep their HTML in place."""
        self.slots = None

    def hold(self, html: str, kind: str) -> Markup:
        """A template's HTML block, or its placeholder while blocks are held aside."""
        return self.slots.keep(str(html), kind) if self.slots is not None else Markup(html)

    def related_to(self, ref: str) -> list:
        """``Project.related(ref)``, from an index built once per build, not a scan per element."""
        if self._related is None:
            self._related = related_index(self.project)
        return self._related.get(ref, [])

    def recurrence_of(self, ref: str) -> str:
        """How often element ``ref``'s checklist starts over, else "none".

        That of the recurring checklist that includes it (``recurrences``, found once per build).
        """
        if self._recurrences is None:
            self._recurrences = recurrences(self.project)
        return self._recurrences.get(ref, "none")

    def translate(self, key: str, **values) -> str:
        """A UI string from data/strings, {placeholders} filled; a missing key fails the build."""
        strings = self.globals["t"]
        if key not in strings:
            raise KeyError(f"UI string '{key}' is not defined in data/strings/en.yaml")
        text = strings[key]
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    def markdown(self, text: str | None) -> Markup:
        """Convert data Markdown to sanitised HTML."""
        if not text:
            return Markup("")
        # Without "[" or "<" a text holds no link, so it comes out the same on every page: the
        # build converts it once (an assessment shows each recommendation on several pages).
        linkless = "[" not in text and "<" not in text
        if linkless and text in self._linkless:
            return self._linkless[text]
        # Most texts are plain sentences: skip the converter, with the output it would give.
        found = shortcut.blocks(text) if self.plain_text_shortcut else None
        if found is not None:
            written = shortcut.html(found, self.linker.resolve)
            # Links carry attributes that the sanitiser settles (title escaping, rel); text has
            # none.
            converted = Markup(_CLEANER.clean(written) if "<a " in written else written)
        else:
            converted = Markup(_CLEANER.clean(self._md.reset().convert(text)))
        if linkless:
            self._linkless[text] = converted
        return converted

    def markdown_inline(self, text: str | None) -> Markup:
        """Like markdown(), without the wrapping paragraph, for one-line texts."""
        converted = str(self.markdown(text))
        if (
            converted.startswith("<p>")
            and converted.endswith("</p>")
            and converted.count("<p>") == 1
        ):
            converted = converted[3:-4]
        return Markup(converted)

    def render(self, template: str, **context) -> str:
        """Render one template file with the given context."""
        return self.env.get_template(template).render(**self.globals, **context)


def shortcut_takes(text: str) -> bool:
    """Whether the shortcut writes ``text`` without the converter (see shortcut.py)."""
    return shortcut.blocks(text) is not None


def related_index(project: Project) -> dict[str, list]:
    """For every element, what ``Project.related`` returns, in its order, from one pass."""
    index: dict[str, list] = {}
    for framework in project.frameworks.values():
        for element in framework.elements:
            for relation in element.relations:
                index.setdefault(element.ref, []).append(
                    (project.element(relation.to), relation.concern, relation.note)
                )
                # Project.related lists a relation once per element, from the side that matches
                # first.
                if relation.to != element.ref:
                    index.setdefault(relation.to, []).append(
                        (element, relation.concern, relation.note)
                    )
    return index


def escape_markdown(text: str) -> Markup:
    """HTML-escape text and backslash-escape Markdown syntax, for plain text inside Markdown."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(text))))
