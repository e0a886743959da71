"""Options of the playbook plugin in mkdocs.yml (``plugins: - playbook: ...``)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class PlaybookConfig(Config):
    """Options of the playbook plugin."""

    # Off, every event passes through: no data, generated pages, bundled assets or CSP (to debug a
    # theme); remove the playbook: placeholders from the nav too, or the strict build fails.
    enabled = c.Type(bool, default=True)
    data_dir = c.Type(str, default="data")
    # Scripts loaded only on pages that show a matching widget: a selector list (attribute tests
    # such as "[data-checklist]") mapped to the scripts it needs, in order, paths under docs/.
    widgets = c.DictOfItems(c.ListOfItems(c.Type(str)), default={})
    # Compiled templates (the playbook's and the theme's: Jinja's bytecode cache) and parsed data
    # files are kept here between builds: compiling and parsing cost more than rendering a small
    # site. Relative to mkdocs.yml; safe to delete.
    cache = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/playbook")


def organisation_name(config) -> str:
    """Who runs this copy: ``extra.organisation`` (a fork's mkdocs.local.yml), else the site name.

    Raises ValueError, saying what to write, when it is not a line of text.
    """
    name = config.extra.get("organisation")
    if name is None:
        return config.site_name
    if not isinstance(name, str) or not name.strip() or "\n" in name.strip():
        raise ValueError(
            "extra.organisation must be your organisation's name as one line of text,"
            f" not {name!r}; for example: organisation: Acme Communications"
        )
    return name.strip()
