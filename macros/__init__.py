"""The Social Media Strategy Playbook: data in data/ becomes pages and widgets.

mkdocs-macros imports this package and calls define_env; everything else lives
in the modules named after what they do.
"""

from .page_macros import define_env

__all__ = ["define_env"]
