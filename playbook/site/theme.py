"""What the theme overrides (``overrides/partials/``) get from Python: the tooltip-safe class.

They get it as the ``smp_ellipsis`` filter and, for the navigation, the ``smp_unsafe_titles`` set.

Material's JS copies the text of an overflowing ``.md-ellipsis`` into a tooltip as HTML
(innerHTML), so a title whose text shows a "<" (in its HTML: a raw "<", or an entity such as &lt;
or &#60;) gets ``.smp-ellipsis`` instead: the same look (docs/assets/playbook.css), no tooltip. The
overrides of toc-item, header, footer and path-item use it for every one-line title.

The navigation shows every item on every page: on a site of a thousand pages that is a million
titles, and a filter call on each cost about 0.5 ms a page. So nav-item asks instead whether the
title is in ``smp_unsafe_titles``, the titles this filter would flag, found once per build; on a
site without one, the empty set answers before the title is even read.
"""

from __future__ import annotations

from functools import lru_cache


def ellipsis_class(title) -> str:
    """``md-ellipsis``, or ``smp-ellipsis`` for a title whose HTML would show a "<"."""
    if not title:
        return "md-ellipsis"
    return _class_of(str(title))


# Headers, footers and paths show the same titles from page to page.
@lru_cache(maxsize=8192)
def _class_of(html: str) -> str:
    lowered = html.lower()
    return (
        "smp-ellipsis" if "<" in lowered or "&lt" in lowered or "&#" in lowered else "md-ellipsis"
    )


def unsafe_titles(nav_items, pages) -> frozenset[str]:
    """The titles that :func:`ellipsis_class` would give ``smp-ellipsis``.

    Among the navigation's sections and links and the site's pages.
    """
    titles = [page.title for page in pages]
    items = list(nav_items)
    while items:
        item = items.pop()
        titles.append(item.title)
        items.extend(getattr(item, "children", None) or ())
    return frozenset(str(title) for title in titles if ellipsis_class(title) == "smp-ellipsis")


FILTERS = {"smp_ellipsis": ellipsis_class}
