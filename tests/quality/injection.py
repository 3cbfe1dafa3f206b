"""What hostile content must never become in a page or the feed: script, event handlers, javascript: links."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

ATOM = "{http://www.w3.org/2005/Atom}"

# Script run in the page: every way an attack string could have turned into live markup.
_LIVE_MARKUP = """() => {
  const problems = [];
  for (const script of document.querySelectorAll('article script, .md-content script'))
    problems.push('script element in the content: ' + script.outerHTML.slice(0, 120));
  for (const script of document.scripts)
    if (script.textContent.includes('alert('))
      problems.push('script running alert(): ' + script.outerHTML.slice(0, 120));
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const value = attribute.value.replace(/[\\s\\x00-\\x1f]+/g, '').toLowerCase();
      if (value.startsWith('javascript:')) problems.push(`javascript: in ${element.tagName} ${attribute.name}`);
      if (attribute.name.startsWith('on') && value.includes('alert('))
        problems.push(`event handler ${attribute.name} on ${element.tagName}`);
    }
  }
  for (const image of document.querySelectorAll('img[src="x"]'))
    problems.push('image from content: ' + image.outerHTML);
  return problems;
}"""


def live_markup(page: Any) -> list[str]:
    """Return every script, event handler, javascript: URL or image that came from content into `page`."""
    problems: list[str] = page.evaluate(_LIVE_MARKUP)
    return problems


class _MarkupScan(HTMLParser):
    """Collect, from HTML source, the markup an attack string would have become."""

    def __init__(self) -> None:
        super().__init__()
        self.depth_in_article = 0
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth_in_article += 1
        if tag == "script" and self.depth_in_article:
            self.problems.append(f"script element in the content at line {self.getpos()[0]}")
        for name, value in attrs:
            url = "".join((value or "").split()).lower()
            if url.startswith("javascript:") or name.startswith("on") or (tag, name, value) == ("img", "src", "x"):
                self.problems.append(f"<{tag} {name}={value!r}> at line {self.getpos()[0]}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth_in_article:
            self.depth_in_article -= 1


def source_problems(html: str) -> list[str]:
    """Return script elements in <article>, event handlers, javascript: URLs and content images in `html`."""
    scan = _MarkupScan()
    scan.feed(html)
    scan.close()
    return scan.problems


def feed_problems(xml_text: str) -> list[str]:
    """Return what in an Atom feed could be read as markup or run: HTML or XHTML content, javascript: links."""
    root = ET.fromstring(xml_text)
    problems = []
    for element in root.iter():
        if not element.tag.startswith(ATOM):
            problems.append(f"element {element.tag} from outside Atom")
        if element.get("type") in ("html", "xhtml"):
            problems.append(f"{element.tag} of type {element.get('type')}")
        if element.get("href", "").strip().lower().startswith("javascript:"):
            problems.append(f"javascript: link in {element.tag}")
    return problems
