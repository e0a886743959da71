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
