"""The plugin's options (playbook/site/config.py), and its ``enabled`` guard on every event."""

from __future__ import annotations

from playbook.site.config import PlaybookConfig
from playbook.site.plugin import PlaybookPlugin


def plugin(**options) -> PlaybookPlugin:
    instance = PlaybookPlugin()
    errors, warnings = instance.load_config(options)
    assert errors == [] and warnings == []
    return instance


def test_the_defaults_read_data_and_are_enabled():
    """Without options the plugin is on and reads data/."""
    config = plugin().config
    assert isinstance(config, PlaybookConfig)
    assert (config.enabled, config.data_dir) == (True, "data")


def test_a_disabled_plugin_leaves_every_event_untouched():
    """enabled: false turns each event into a pass-through: no data load, no pages, no CSP."""
    off = plugin(enabled=False)
    page_html = "<html><head><meta charset='utf-8'></head><body></body></html>"
    marker = object()
    assert off.on_config(marker) is marker
    assert off.on_files(marker, config=None) is marker
    assert off.on_page_markdown("# Hi", page=None, config=None, files=None) == "# Hi"
    assert off.on_post_page(page_html, page=None, config=None) == page_html
    assert off.on_post_template(page_html, template_name="404.html", config=None) == page_html
    assert off.project is None


def test_an_enabled_plugin_adds_the_csp():
    """The same page through an enabled plugin gains its
    Content-Security-Policy (the guard can fail)."""
    page_html = "<html><head><meta charset='utf-8'></head><body></body></html>"
    assert "Content-Security-Policy" in plugin().on_post_page(page_html, page=None, config=None)


def site_with_scripts(tmp_path, names: dict[str, str]):
    """A minimal MkDocs config and its files, with these scripts under docs/."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

    docs = tmp_path / "docs"
    for name, text in names.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    config = MkDocsConfig()
    config.load_dict(
        {
            "site_name": "t",
            "docs_dir": str(docs),
            "site_dir": str(tmp_path / "site"),
            "theme": {"name": "mkdocs", "language": "en"},
        }
    )
    errors, _warnings = config.validate()
    assert errors == []
    files = Files([File(name, str(docs), str(tmp_path / "site"), True) for name in names])
    return config, files


class AssetsOnly(PlaybookPlugin):
    """The plugin's asset step alone, run as MkDocs runs events (it marks generated files)."""

    def on_files(self, files, config):
        self.ship_widget_assets(files, config)
        return files


def ship(config, files, widgets):
    instance = AssetsOnly()
    errors, warnings = instance.load_config({"widgets": widgets})
    assert errors == [] and warnings == []
    config.plugins["playbook"] = instance
    return config.plugins.on_files(files, config=config)


def widget_error(tmp_path, widgets, every_page=()) -> str:
    import pytest
    from mkdocs.exceptions import PluginError

    config, files = site_with_scripts(tmp_path, {"js/core.js": "let a = 1;", "js/w.js": "1;"})
    config.extra_javascript = ["js/core.js", *every_page]
    with pytest.raises(PluginError) as raised:
        ship(config, files, widgets)
    return str(raised.value)


def test_widget_scripts_ship_hashed_and_load_through_the_core(tmp_path):
    """A widget script leaves the every-page list and its readable source is not published."""
    config, files = site_with_scripts(tmp_path, {"js/core.js": "let a = 1;", "js/w.js": "1;"})
    config.extra_javascript = ["js/core.js"]
    files = ship(config, files, {"[data-w]": ["js/w.js"]})
    shipped = sorted(file.src_uri for file in files)
    assert not any(name.startswith("js/") for name in shipped), shipped
    (widget,) = [name for name in shipped if ".w." in name]
    assert [str(entry) for entry in config.extra_javascript][1].endswith(".min.js")
    assert widget not in [str(entry) for entry in config.extra_javascript]
    core = files.get_file_from_path(str(config.extra_javascript[1])).content_string
    assert widget.rsplit("/", 1)[1] in core and "loadOn" in core


def test_a_widget_script_that_does_not_exist_names_the_path(tmp_path):
    message = widget_error(tmp_path, {"[data-w]": ["js/missing.js"]})
    assert "docs/js/missing.js" in message and "does not exist" in message


def test_a_widget_selector_the_build_cannot_measure_is_refused(tmp_path):
    message = widget_error(tmp_path, {"div.w": ["js/w.js"]})
    assert "div.w" in message and "attribute selectors only" in message


def test_a_script_on_every_page_and_in_widgets_is_refused(tmp_path):
    message = widget_error(tmp_path, {"[data-w]": ["js/w.js"]}, every_page=["js/w.js"])
    assert "js/w.js" in message and "keep it in one of them" in message
