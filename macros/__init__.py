"""The Social Media Strategy Playbook: data in data/ becomes pages and widgets.

mkdocs-macros imports this package and calls define_env; everything else lives
in the modules named after what they do.
"""


def define_env(env) -> None:
    """Register every macro: the data pages' and the working tools'."""
    # Imported on use, so that the CLI (which renders nothing) starts without loading Markdown and Jinja.
    from . import page_macros, tool_macros

    page_macros.define_env(env)
    tool_macros.define_env(env)


__all__ = ["define_env"]
