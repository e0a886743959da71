"""The Content-Security-Policy every built page carries, as a <meta http-equiv> atop its <head>.

Scripts may come from the site itself and, inline, only as the exact texts hashed into the page's
policy; JSON data blocks (``<script type="application/json">``) never run and need no hash.

The policy pass reads every page but its sidebars, which ``overrides/main.html`` marks with
``SIDEBARS_START`` and ``SIDEBARS_END``: they hold no script, and the navigation lists every page of
the site, so reading it would cost each page time that grows with the site. A script put there would
get no hash, and the browser would not run it: skipping text can only withhold hashes.
"""

from __future__ import annotations

import base64
import hashlib
import re

# Comments first, so a <script> inside a comment is skipped.
# Group 1 is the tag's attributes, 2 its text.
_SCRIPT = re.compile(r"<!--.*?-->|<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_SRC = re.compile(r"""(?:^|\s)src\s*=""", re.I)
_TYPE = re.compile(r"""(?:^|\s)type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_CHARSET = re.compile(r"\s*<meta\s+charset=[^>]*>", re.I)
# Types a browser runs as script; any other type makes a data block (HTML's "script type" rules).
_SCRIPT_TYPES = {
    "",
    "module",
    "text/javascript",
    "application/javascript",
    "application/ecmascript",
    "application/x-javascript",
    "text/ecmascript",
    "text/jscript",
    "text/livescript",
}

# Everything but script-src, which lists the page's own hashes. Material needs data: images (its
# icons are inlined as data: SVG in its stylesheet); styles and fonts come from the site only.
OTHER_DIRECTIVES = (
    "default-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


SIDEBARS_START = "<!--playbook-csp:sidebars-->"
SIDEBARS_END = "<!--/playbook-csp:sidebars-->"


def read_spans(html: str) -> list[tuple[int, int]]:
    """The parts of the page to read for scripts: all of it, or all but its marked sidebars."""
    start = html.find(SIDEBARS_START)
    # From the end: the article, the table of contents and the footer, not the navigation.
    end = html.rfind(SIDEBARS_END)
    if start < 0 or end < start:
        return [(0, len(html))]
    return [(0, start), (end + len(SIDEBARS_END), len(html))]


def inline_scripts(html: str) -> list[str]:
    """The texts of the page's inline scripts that a browser would execute, in page order.

    Scripts between the sidebar marks are left out (see the module's docstring).
    """
    scripts = []
    for start, end in read_spans(html):
        # Matched in place: a slice of a page with a non-ASCII character is read twice.
        for match in _SCRIPT.finditer(html, start, end):
            attributes, text = match.group(1), match.group(2)
            if attributes is None or _SRC.search(attributes):
                continue
            found = _TYPE.search(attributes)
            kind = next((g for g in found.groups() if g is not None), "") if found else ""
            if kind.strip().lower() in _SCRIPT_TYPES:
                scripts.append(text)
    return scripts


def script_hash(text: str) -> str:
    """The CSP source expression that allows exactly this inline script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(html: str) -> str:
    """The page's policy: the fixed directives, and script-src with each inline script's hash."""
    hashes = dict.fromkeys(script_hash(text) for text in inline_scripts(html))
    script_src = " ".join(["script-src 'self'", *hashes])
    return "; ".join([OTHER_DIRECTIVES[0], script_src, *OTHER_DIRECTIVES[1:]])


def with_policy(html: str) -> str:
    """The page with its policy as the first element of <head> after the charset declaration.

    A meta policy only governs what follows it, so it must precede every script.
    """
    head = _HEAD.search(html)
    if head is None:
        return html
    at = head.end()
    charset = _CHARSET.match(html, at)
    if charset:
        at = charset.end()
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    # Not html[:at] + meta + html[at:]: slicing the rest of a page with a non-ASCII character
    # reads it again char by char (for its widest one), about 0.3 ms on a page whose navigation
    # lists a thousand pages. The head's text first occurs where _HEAD found it.
    opening = html[head.start() : at]
    return html.replace(opening, opening + meta, 1)
