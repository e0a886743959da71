"""Turn the project into HTML and Markdown with Jinja templates (autoescape on).

Markdown written in data files is converted here, its ref: and glossary: links
are resolved to real URLs, and the result is sanitised with an allowlist.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import markdown
import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape
from mkdocs.utils import get_relative_url

from ..data.models import Project, Section
from ..tools.worktools import recurrence

TEMPLATES = Path(__file__).parent / "templates"

# What Markdown in data may produce; everything else is stripped.
ALLOWED_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "del", "em", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "ul", "table", "thead", "tbody", "tr", "th", "td", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}

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
        """Resolve a ref:/glossary: link to a URL and a tooltip; other links pass through."""
        if href.startswith("ref:"):
            ref = href[4:]
            return self.element(ref), self.project.element(ref).heading
        if href.startswith("glossary:"):
            term = self.project.terms[href[9:]]
            return self.term(term.id), self.tooltip.replace("{term}", term.term)
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


@pass_context
def _md_filter(context, text):
    return context["_renderer"].markdown(text)


@pass_context
def _mdinline_filter(context, text):
    return context["_renderer"].markdown_inline(text)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """One Jinja environment for every page, so each template compiles once per build, not once per page."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
    )
    env.filters.update(md=_md_filter, mdinline=_mdinline_filter, mdtext=escape_markdown)
    return env


class Renderer:
    """Renders templates for one page, with filters for data Markdown and links."""

    def __init__(self, project: Project, page_url: str = "", directory_urls: bool = True, strings: dict | None = None):
        self.project = project
        self.linker = Linker(project, page_url, directory_urls)
        self.env = _environment()
        self.globals = {
            "_renderer": self,
            "project": project,
            "link": self.linker,
            "t": strings or {},
            "tr": self.translate,
            "Section": Section,
            # Checklist units (an element's items) start over on the schedule of a recurring checklist that includes them.
            "recurrence_of": lambda ref: recurrence(project, ref),
        }
        self.linker.tooltip = (strings or {}).get("glossary.tooltip", "{term}")
        self._md = markdown.Markdown(extensions=["sane_lists", "smarty"])
        self._md.treeprocessors.register(_LinkRewriter(self._md, self.linker), "playbook_links", 1)

    def translate(self, key: str, **values) -> str:
        """A UI string from data/strings with its {placeholders} filled in; a missing key fails the build."""
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
        html = self._md.reset().convert(text)
        return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES))

    def markdown_inline(self, text: str | None) -> Markup:
        """Like markdown(), without the wrapping paragraph, for one-line texts."""
        html = str(self.markdown(text))
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        return Markup(html)

    def render(self, template: str, **context) -> str:
        """Render one template file with the given context."""
        return self.env.get_template(template).render(**self.globals, **context)


def escape_markdown(text: str) -> Markup:
    """HTML-escape text and backslash-escape Markdown syntax, for plain text inside Markdown."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(text))))
