"""What the theme overrides (``overrides/partials/``) call from Python: the ``smp_ellipsis`` filter.

Material's JS copies the text of an overflowing ``.md-ellipsis`` into a tooltip as HTML
(innerHTML), so a title whose text shows a "<" (in its HTML: a raw "<", or an entity such as &lt;
or &#60;) gets ``.smp-ellipsis`` instead: the same look (docs/assets/playbook.css), no tooltip. The
overrides of nav-item, toc-item, header, footer and path-item use it for every one-line title.

It is a filter, not a Jinja macro, because the navigation calls it once per item on every page: on
a site of a thousand pages that is a million calls, and a macro call costs several times more.
"""

from __future__ import annotations

from functools import lru_cache


def ellipsis_class(title) -> str:
    """``md-ellipsis``, or ``smp-ellipsis`` for a title whose HTML would show a "<"."""
    if not title:
        return "md-ellipsis"
    return _class_of(str(title))


# The navigation repeats the same titles on every page.
@lru_cache(maxsize=8192)
def _class_of(html: str) -> str:
    lowered = html.lower()
    return (
        "smp-ellipsis" if "<" in lowered or "&lt" in lowered or "&#" in lowered else "md-ellipsis"
    )


FILTERS = {"smp_ellipsis": ellipsis_class}
