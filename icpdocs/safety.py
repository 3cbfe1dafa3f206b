"""Make YAML values safe to place in Markdown: raw HTML shows as text, unsafe links are dropped."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown  # type: ignore[import-untyped]
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "data")

# Braces become entities so attr_list never sees `{: onclick=... }` written by content.
_ALWAYS_ENTITIES = {"&": "&amp;", "<": "&lt;", "{": "&#123;", "}": "&#125;"}
_TEXT_ENTITIES = {**_ALWAYS_ENTITIES, ">": "&gt;"}
_TEXT_BACKSLASHED = frozenset("\\`*_[]|#")
# A character that starts a block (list, heading, admonition, tab, definition) at a line start.
_LEADING_BACKSLASHED = frozenset("-+!.()")
_LEADING_ENTITIES = {"=": "&#61;", ":": "&#58;", "?": "&#63;", "~": "&#126;", "%": "&#37;"}
_ORDERED_MARKER = re.compile(r"^(\d+)([.)])")
_CODE_SPAN = re.compile(r"(`+)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f\\]+")
# Authors write lists straight under a line of text (as GitHub allows); Python-Markdown needs a blank line.
_LIST_AFTER_TEXT = re.compile(
    r"^([ ]{0,3}(?![-*+][ \t]|\d+\.[ \t])\S[^\n]*\n)([ ]{0,3}(?:[-*+]|\d+\.)[ \t])", re.MULTILINE)
_DEFINITION = re.compile(r"^([ ]{0,3})\[([^\[\]\n]*)\]:([ \t]*\n?[ \t]*)(\S+)", re.MULTILINE)


def is_safe_url(url: str) -> bool:
    """Return whether a link target is relative or uses a scheme that cannot run code."""
    normalized = html.unescape(_INVISIBLE.sub("", url)).lower()
    normalized = _INVISIBLE.sub("", normalized).lstrip("<")
    match = _SCHEME.match(normalized)
    return match is None or match.group(1) in SAFE_SCHEMES


def safe_url(value: Any) -> str:
    """Return `value` as a link target, or "" when it could run code."""
    url = str(value).strip()
    return url if url and is_safe_url(url) else ""


_TEXT_TABLE = str.maketrans({**{c: "\\" + c for c in _TEXT_BACKSLASHED}, **_TEXT_ENTITIES})
_PROSE_TABLE = str.maketrans(_ALWAYS_ENTITIES)
# Control characters have no business in a page, and Python-Markdown uses \x02 and \x03 for its own
# placeholders: a value holding them could pull other stashed HTML into the page.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(value: Any) -> str:
    """Return a plain value as one line of Markdown that shows exactly as written."""
    flat = " ".join(_CONTROL.sub("", str(value)).split())
    return _escape_leading(flat.translate(_TEXT_TABLE))


def _escape_leading(escaped: str) -> str:
    if not escaped:
        return escaped
    first = escaped[0]
    if first in _LEADING_BACKSLASHED:
        return "\\" + escaped
    if first in _LEADING_ENTITIES:
        return _LEADING_ENTITIES[first] + escaped[1:]
    ordered = _ORDERED_MARKER.match(escaped)
    if ordered:
        marker = "\\." if ordered.group(2) == "." else "&#41;"
        return ordered.group(1) + marker + escaped[ordered.end():]
    return escaped


def markdown(value: Any) -> str:
    """Return a Markdown field with raw HTML, attribute lists and unsafe links neutralized."""
    source = _CONTROL.sub("", str(value).replace("\r\n", "\n")).strip("\n")
    source = _LIST_AFTER_TEXT.sub("\\1\n\\2", source)
    parts = _CODE_SPAN.split(source)
    # re.split with two groups yields: prose, fence, code, prose, fence, code, ..., prose
    out = []
    for index in range(0, len(parts), 3):
        out.append(_escape_prose(parts[index]))
        if index + 2 < len(parts):
            out.append(_code(parts[index + 2]))
    return "".join(out)


def markdown_inline(value: Any) -> str:
    """Return a Markdown field flattened to one line, for a table cell."""
    return " ".join(markdown(value).split()).replace("|", "\\|")


def _code(content: str) -> str:
    # Written as HTML with every character an entity: no Markdown or HTML inside survives.
    encoded = "".join(f"&#{ord(c)};" if not c.isalnum() and c != " " else c for c in content.strip())
    return f"<code>{encoded}</code>"


def _escape_prose(prose: str) -> str:
    prose = _drop_unsafe_definitions(_drop_unsafe_inline_links(prose))
    return prose.translate(_PROSE_TABLE)


def _drop_unsafe_inline_links(prose: str) -> str:
    """Escape the `]` of every `[text](target)` whose target could run code."""
    out, start = [], 0
    for match in re.finditer(r"\]\(", prose):
        position = match.start()
        if _preceding_backslashes(prose, position) % 2 == 1:
            continue
        if not is_safe_url(_link_target(prose, match.end())):
            out.append(prose[start:position] + "\\")
            start = position
    out.append(prose[start:])
    return "".join(out)


def _preceding_backslashes(prose: str, position: int) -> int:
    count = 0
    while position - count - 1 >= 0 and prose[position - count - 1] == "\\":
        count += 1
    return count


def _link_target(prose: str, start: int) -> str:
    """Return everything up to the `)` that closes a link, as Markdown would read it."""
    depth = 0
    for index in range(start, len(prose)):
        char = prose[index]
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return prose[start:index]
            depth -= 1
    return prose[start:]


def _drop_unsafe_definitions(prose: str) -> str:
    def neutralize(match: re.Match[str]) -> str:
        if is_safe_url(match.group(4)):
            return match.group(0)
        return f"{match.group(1)}\\[{match.group(2)}\\]:{match.group(3)}{match.group(4)}"

    return _DEFINITION.sub(neutralize, prose)


def html_text(value: Any) -> str:
    """Return a value escaped for HTML text or attributes written by our own templates."""
    return html.escape(_CONTROL.sub("", str(value)), quote=True)


def page_title(title: str) -> str:
    """Return a page title (HTML, as MkDocs keeps titles) that is safe where a theme unescapes it.

    mkdocs-material writes `{{ page.title | striptags }}` into <title>; `striptags` unescapes entities,
    so a heading holding `&lt;/title&gt;&lt;script&gt;` would close <title> and run. A title given in the
    page's metadata is written as it is instead, so the escaped text goes there.
    """
    return html_text(html.unescape(re.sub(r"<[^>]*>", "", title)))


class _SafeLinkTreeprocessor(Treeprocessor):  # type: ignore[misc]
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in URL_ATTRIBUTES:
                value = element.get(attribute)
                if value is not None and not is_safe_url(value):
                    del element.attrib[attribute]


class SafeLinksExtension(Extension):  # type: ignore[misc]
    """Drop link targets that could run code from every page (a second line of defence)."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After 'inline' (20) has built links and 'unescape' (0) has restored escaped characters.
        md.treeprocessors.register(_SafeLinkTreeprocessor(md), "icpdocs_safe_links", -10)
