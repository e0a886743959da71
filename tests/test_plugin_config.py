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
