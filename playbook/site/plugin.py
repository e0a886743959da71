"""The MkDocs plugin: validates data/ as the build starts, adds the generated pages, renders them.

Generated pages are rendered here, by the project's own code and autoescaping templates, with one
Renderer (one Jinja environment, one Markdown converter) for the whole build; they never go through
mkdocs-macros. Every page leaves the build with its Content-Security-Policy.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File

from ..data.models import Project
from ..data.parse_cache import ParseCache
from ..data.problems import DataError
from ..data.project import load_project
from ..tools.api import api_files
from ..tools.worktools import published_calendars
from .assets import AssetError, build_assets, build_widget_scripts, widget_strings
from .config import PlaybookConfig, organisation_name
from .csp import with_policy
from .pages import GeneratedPage, expand_nav, generated_pages
from .rendering import Renderer, bytecode_cache, use_template_cache
from .search_sections import add_entries, page_sections, search_index, sections_cache
from .slots import SlotError, Slots
from .theme import FILTERS as THEME_FILTERS
from .theme import unsafe_titles

log = logging.getLogger("mkdocs.plugins.playbook")

# The collector's third threshold during a build: a full pass only after this many passes of the
# middle generation (10 by default). A build of 700 frameworks makes about 100.
FULL_PASSES_PUT_OFF = 1000


class PlaybookPlugin(BasePlugin[PlaybookConfig]):
    """Loads and validates the data, fills the nav and generates one page per entity."""

    project: Project | None = None
    renderer: Renderer | None = None
    cache_dir: Path | None = None
    # What search made of each generated page in earlier builds (search_sections.py).
    search_sections: ParseCache | None = None
    # The navigation's top items, from on_nav: on_env finds the titles to keep out of tooltips.
    nav_items: tuple | list = ()
    # While this build holds the collector's objects aside (gc.freeze): the thresholds it found,
    # to put back with the objects at its end.
    thresholds: tuple[int, int, int] | None = None

    def __init__(self):
        super().__init__()
        # Each generated page's HTML blocks, held aside from Markdown and search (slots.py).
        self.slots: dict[str, Slots] = {}
        # A generated page's own HTML, while the search plugin's handler runs (it has indexed it).
        self.content_aside: dict[str, str] = {}

    def on_config(self, config):
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path).parent
        data_dir = self.data_dir = root / self.config.data_dir
        # Compiled templates and parsed data files are kept between builds (cache_dir).
        cache = root / self.config.cache_dir if self.config.cache else None
        # Invalid data must never produce a site: stop here with every problem listed.
        try:
            self.project = load_project(data_dir, root, cache)
        except DataError as error:
            raise PluginError(
                f"playbook: the data has problems; nothing was built.\n{error.report()}"
            ) from None
        self.pages = generated_pages(self.project, config.theme["language"])
        self.pages_by_uri: dict[str, GeneratedPage] = {page.src_uri: page for page in self.pages}
        ui = self.ui = self.project.ui(config.theme["language"])
        # One renderer for the build: templates compile once, one converter serves every page.
        try:
            organisation = organisation_name(config)
        except ValueError as error:
            raise PluginError(f"playbook: {config.config_file_path}: {error}") from None
        self.renderer = Renderer(
            self.project, "", config.use_directory_urls, ui, organisation=organisation
        )
        self.cache_dir = cache
        self.search_sections = sections_cache(cache) if cache is not None else None
        templates = cache / "templates" if cache is not None else None
        if not use_template_cache(templates) and templates is not None:
            log.info("playbook: cannot write %s; templates are compiled in every build", templates)
        sections = ("frameworks", "assessments", "checklists", "tools", "reference")
        titles = {section: ui[f"nav.{section}"] for section in sections}
        nav, unknown = expand_nav(config.nav, self.pages, titles)
        for placeholder in unknown:
            log.warning(
                "playbook: nav entry '%s' names no generated section"
                " (use frameworks, assessments, checklists or reference)",
                placeholder,
            )
        config.nav = nav
        self.set_objects_aside()
        return config

    def set_objects_aside(self) -> None:
        """Keep the collector's full passes off the objects alive now, until the build ends.

        The data, its models and the renderer live for the whole build, and each full pass of the
        collector walked them again: about 100,000 objects at 700 frameworks, five passes a build.
        Freezing is global to the process, so it is left alone when something else has frozen
        objects already.

        The full passes that would still come during the build are put off to its end too: with
        the data frozen, each one walked the objects of pages already rendered, most of which
        live to the end anyway (at 700 frameworks: five passes, which freed 8,600 objects and
        cost 0.76 M misses of the processor's last cache). The young generations are still
        collected as usual.
        """
        if gc.get_freeze_count() == 0:
            gc.freeze()
            self.thresholds = gc.get_threshold()
            young, middle, _ = self.thresholds
            gc.set_threshold(young, middle, FULL_PASSES_PUT_OFF)

    def put_objects_back(self) -> None:
        """Hand the objects set aside back to the collector, once the build has ended or failed.

        In `mkdocs serve` the next build loads its data anew: this build's can then be collected.
        """
        if self.froze_objects:
            gc.unfreeze()
            gc.set_threshold(*self.thresholds)
            self.thresholds = None

    @property
    def froze_objects(self) -> bool:
        """Whether this build set the collector's objects aside, to put back at its end."""
        return self.thresholds is not None

    def on_post_build(self, config):
        if self.search_sections is not None:
            self.search_sections.save()
        self.put_objects_back()

    def on_build_error(self, error):
        self.put_objects_back()

    def on_files(self, files, config):
        if not self.config.enabled:
            return files
        # The validated data, as static JSON for other tools (see playbook/tools/api.py).
        for path, content in api_files(
            self.project, self.data_dir / "schema", config.use_directory_urls
        ).items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"playbook: docs/{path} clashes with the JSON API generated from the data;"
                    " rename or remove it."
                )
            files.append(File.generated(config, path, content=content))
        # Each planner's default week as a calendar to subscribe to, at a stable URL.
        ui = self.project.ui(config.theme["language"])
        directory_urls = config.use_directory_urls
        calendars = published_calendars(self.project, ui, config.site_url, directory_urls)
        for path, content in calendars.items():
            # Bytes: a text file would lose the CRLF line ends RFC 5545 requires.
            files.append(File.generated(config, path, content=content.encode("utf-8")))
        self.ship_widget_assets(files, config)
        for page in self.pages:
            # A hand-written file at the same path would silently hide the generated one.
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(
                    f"playbook: docs/{page.src_uri} clashes with the page generated from the data;"
                    " rename or remove it."
                )
            # Its Markdown is written in on_page_markdown, with links relative to its final URL.
            files.append(File.generated(config, page.src_uri, content=""))
        return files

    def ship_widget_assets(self, files, config) -> None:
        """Replace the readable widget sources by hashed, minified bundles, and the UI strings.

        Every local file listed in extra_javascript / extra_css is bundled in the listed order and
        loads on every page. The scripts of the plugin's `widgets` option are minified one by one
        and load only where their widgets are. Pages reference the hashed names only, and the
        readable sources are not published.
        """
        scripts = self.local_sources(files, config.extra_javascript)
        styles = self.local_sources(files, config.extra_css)
        widget_sources = self.widget_sources(files, config)
        if not scripts and not styles and not widget_sources:
            return
        try:
            widgets = build_widget_scripts(
                {path: file.content_string for path, file in widget_sources.items()},
                self.config.widgets,
            )
        except AssetError as error:
            raise PluginError(
                f"playbook: mkdocs.yml, plugins: playbook: widgets: {error}"
            ) from None
        ui = self.project.ui(config.theme["language"]) if self.project else {}
        # Strings first: the widgets look them up as they mount.
        strings, script, style = build_assets(
            [source.content_string for source in scripts],
            [source.content_string for source in styles],
            widget_strings(ui),
            config.theme["language"],
            widgets,
        )
        for source in [*scripts, *styles, *widget_sources.values()]:
            files.remove(source)
        widget_assets = {asset.path: asset for widget in widgets for asset in widget.assets}
        for asset in (strings, script, style, *widget_assets.values()):
            files.append(File.generated(config, asset.path, content=asset.content))
        bundled = {source.src_uri for source in scripts + styles}
        kept_js = [entry for entry in config.extra_javascript if str(entry) not in bundled]
        kept_css = [entry for entry in config.extra_css if str(entry) not in bundled]
        config.extra_javascript = [strings.path, script.path, *kept_js]
        config.extra_css = [style.path, *kept_css]

    def widget_sources(self, files, config) -> dict[str, File]:
        """The docs files the `widgets` option names, by path; a missing or shared one fails."""
        every_page = {str(entry) for entry in config.extra_javascript}
        found: dict[str, File] = {}
        for selector, paths in self.config.widgets.items():
            for path in paths:
                file = files.get_file_from_path(path)
                if file is None or file.generated_by:
                    raise PluginError(
                        f"playbook: mkdocs.yml, plugins: playbook: widgets: '{selector}' names"
                        f" docs/{path}, which does not exist; fix the path or add the file."
                    )
                # Listed in both places it would load twice and mount its widgets twice.
                if path in every_page:
                    raise PluginError(
                        f"playbook: mkdocs.yml: {path} is in extra_javascript and in the playbook"
                        " plugin's widgets; keep it in one of them."
                    )
                found[path] = file
        return found

    @staticmethod
    def local_sources(files, entries) -> list[File]:
        """The files of the docs folder that a list of extra assets names (URLs and others left)."""
        found = [files.get_file_from_path(str(entry)) for entry in entries]
        return [file for file in found if file is not None and not file.generated_by]

    def renderer_at(self, page_url: str) -> Renderer:
        """The build's renderer, with links relative to ``page_url``."""
        return self.renderer.at(page_url)

    @contextmanager
    def renderer_for_macro(self, page) -> Iterator[Renderer]:
        """The build's renderer for a macro on a hand-written page, at the page's URL.

        The HTML blocks the macro's templates write are held aside with the page's, as a
        generated page's are, and come back in on_page_content and on_page_context: the converter
        and the search parser skip them too. A macro's output must then stand on lines of its
        own, outside lists and admonitions, as the views' headings need anyway.
        """
        renderer = self.renderer_at(page.url)
        renderer.hold_blocks(self.slots.setdefault(page.file.src_uri, Slots()))
        try:
            yield renderer
        finally:
            renderer.release_blocks()

    def on_page_markdown(self, markdown, page, config, files):
        if not self.config.enabled:
            return markdown
        generated = self.pages_by_uri.get(page.file.src_uri) if page.file.generated_by else None
        if generated is None:
            return markdown
        # Titles reach the theme as escaped HTML, as in the nav (also when a fork's nav leaves the
        # page out).
        page.title = generated.label
        # Generated Markdown is final: mkdocs-macros must never read it as a template.
        page.meta["render_macros"] = False
        if generated.section == "assessments":
            page.meta["smp_skip"] = self.skip_to_results(generated.entity_id)
        markdown, self.slots[page.file.src_uri] = generated.markdown_and_slots(
            self.renderer_at(page.url)
        )
        return markdown

    def on_page_content(self, html, page, config, files):
        if not self.config.enabled:
            return html
        slots = self.slots.get(page.file.src_uri)
        if slots is None:
            return html
        # mkdocs-macros has passed (it reads the flag in on_page_markdown only). Every page's
        # navigation looks into each item's meta several times, and an empty meta is the cheap
        # case: on a site of a thousand pages the flag would cost seconds.
        if page.file.generated_by:
            page.meta.pop("render_macros", None)
        # The converter has run: the HTML blocks come back, and MkDocs' anchor check learns ids.
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= slots.anchor_ids()
        return self.filled(slots, html, "html", page)

    # Before the search plugin's handler (priority 0), and after it.
    @event_priority(100)
    def _index_for_search(self, context, page, config, nav):
        """Index a generated page for the search plugin, and hide it from the plugin's handler.

        The sections come from the page's search view, or from the last build when the page has
        not changed (search_sections.py). A page with no view, or a build without Material's
        search, is left to that handler.
        """
        if not self.config.enabled or page.file.src_uri not in self.slots:
            return context
        index = search_index(config)
        if index is None:
            return context
        sections = page_sections(page.content, self.search_sections)
        if sections is None:
            return context
        add_entries(index, sections, page)
        # The search plugin's handler then parses nothing, and adds nothing a second time.
        self.content_aside[page.file.src_uri] = page.content
        page.content = ""
        return context

    @event_priority(-100)
    def _page_gets_its_html_back(self, context, page, config, nav):
        """Put the page's own HTML back once the search plugin's handler has run.

        The blocks held until then (``unindexed``) come back too: the theme renders it whole.
        """
        if not self.config.enabled:
            return context
        if page.file.src_uri in self.content_aside:
            own = self.content_aside.pop(page.file.src_uri)
            # Another plugin's HTML for the page in between would be lost: say so rather than
            # serve either version.
            if page.content:
                raise PluginError(
                    f"playbook: {page.file.src_uri}: a plugin changed the page's HTML while search"
                    " indexed it (on_page_context); run that plugin at another event"
                )
            # The page had no data-search- attribute for the search plugin to strip (it has a
            # search view), and the unindexed blocks, which have, come back after it.
            page.content = own
        # Filled in the article, not in the rendered page: that holds the whole navigation too,
        # which grows with the site.
        slots = self.slots.pop(page.file.src_uri, None)
        if slots is not None:
            page.content = self.filled(slots, page.content, "unindexed", page)
        return context

    on_page_context = CombinedEvent(_index_for_search, _page_gets_its_html_back)

    def skip_to_results(self, assessment_id: str) -> dict[str, str]:
        """The target and text of an assessment page's second skip link (overrides/main.html).

        It comes before the navigation's links, so a keyboard reaches the results in a few keys.
        """
        return {"href": f"#results-{assessment_id}", "label": self.ui["assessment.to_results"]}

    def on_nav(self, nav, config, files):
        # No enabled guard, as for on_env: the theme's nav-item needs the nav's unsafe titles.
        self.nav_items = nav.items
        return nav

    def on_env(self, env, config, files):
        # No enabled guard: the theme overrides call these filters whether or not the plugin runs.
        env.filters.update(THEME_FILTERS)
        # Every page is read by now (MkDocs sends on_env after it converts them), so every title
        # is known; overrides/partials/nav-item.html looks its titles up here.
        pages = [file.page for file in files.documentation_pages() if file.page is not None]
        env.globals["smp_unsafe_titles"] = unsafe_titles(self.nav_items, pages)
        # The theme's templates compile in every build, and in every rebuild of `mkdocs serve`:
        # keep them compiled, as the playbook's own, in the cache folder.
        if self.config.enabled and self.cache_dir is not None and env.bytecode_cache is None:
            env.bytecode_cache = bytecode_cache(self.cache_dir / "theme")
        return env

    def on_post_page(self, output, page, config):
        if not self.config.enabled:
            return output
        return with_policy(output)

    @staticmethod
    def filled(slots: Slots, text: str, kind: str, page) -> str:
        """``text`` with the page's held blocks of ``kind`` back; a lost one fails the build."""
        try:
            return slots.fill(text, kind)
        except SlotError as error:
            raise PluginError(f"playbook: {page.file.src_uri}: {error}") from None

    def on_post_template(self, output_content, template_name, config):
        if not self.config.enabled:
            return output_content
        # Theme pages such as 404.html carry the policy too; sitemap.xml and other non-HTML output
        # do not.
        return with_policy(output_content) if template_name.endswith(".html") else output_content
