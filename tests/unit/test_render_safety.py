"""YAML values cannot inject HTML, script, attributes or links into a page; Markdown still works."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from icpdocs import safety

# The site's Markdown extensions (mkdocs.yml), plus the safe-links treeprocessor the plugin adds.
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "def_list", "toc", "pymdownx.details",
              "pymdownx.superfences", "pymdownx.tabbed"]
ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}",
]
SAFE_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "code", "blockquote", "hr", "br", "pre", "h1", "h2",
             "h3", "h4", "h5", "h6", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "img", "div",
             "span", "details", "summary", "input", "label"}


class Elements(HTMLParser):
    """Collect every start tag with its attributes, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def to_html(source: str, *, safe_links: bool = False) -> str:
    extensions: list[object] = [*EXTENSIONS, safety.SafeLinksExtension()] if safe_links else list(EXTENSIONS)
    html: str = markdown.markdown(source, extensions=extensions)
    return html


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def assert_harmless(html: str) -> None:
    for tag, attrs in parse(html).tags:
        assert tag in SAFE_TAGS, html
        for name, value in attrs.items():
            assert not name.startswith("on"), html
            if name in ("href", "src"):
                assert safety.is_safe_url(value or ""), html


@pytest.mark.parametrize("attack", ATTACKS)
def test_plain_text_shows_exactly_as_written(attack: str) -> None:
    html = to_html(safety.text(attack))
    page = parse(html)
    assert [tag for tag, _ in page.tags] == ["p"]
    assert "".join(page.text) == attack


def test_all_attacks_together_show_as_text_in_a_markdown_field() -> None:
    value = " ".join(ATTACKS)
    page = parse(to_html(safety.markdown(value)))
    assert [tag for tag, _ in page.tags] == ["p"]
    assert "".join(page.text) == value


@pytest.mark.parametrize("source", [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java\nscript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x]( javascript:alert(1) \"title\")",
    "[x](javascript&colon;alert(1))",
    "[x](vbscript:msgbox(1))",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x] [r]\n\n[r]:\n   javascript:alert(1)",
    "[a [b](javascript:x) c](http://ok.example)",
])
def test_links_that_could_run_code_are_dropped(source: str) -> None:
    html = to_html(safety.markdown(source))
    assert_harmless(html)
    assert "javascript:" not in " ".join(str(a.get("href")) for t, a in parse(html).tags if t == "a").lower()


def test_already_escaped_brackets_are_not_turned_back_into_a_link() -> None:
    html = to_html(safety.markdown("[a\\](javascript:x)"))
    assert "<a" not in html


def test_markdown_fields_keep_emphasis_lists_links_and_code() -> None:
    source = ("Some **bold**, *em* and [a link](https://example.com/a_(b)?x=1&y=2).\n\n"
              "- one\n- two\n\n`a < b` and [relative](../icps/x.md#pain-y)")
    html = to_html(safety.markdown(source))
    assert "<strong>bold</strong>" in html and "<em>em</em>" in html
    assert '<a href="https://example.com/a_(b)?x=1&amp;y=2">a link</a>' in html
    assert "<li>one</li>" in html
    assert "<code>a &#60; b</code>" in html
    assert '<a href="../icps/x.md#pain-y">relative</a>' in html


@pytest.mark.parametrize("source", ["para\n{: onclick=\"alert(1)\" }", "*x*{: onclick=alert(1) }",
                                    "# Title { #id onclick=alert(1) }", "x {.evil onmouseover=alert(1)}"])
def test_content_cannot_add_attributes(source: str) -> None:
    for value in (safety.markdown(source), safety.text(source)):
        html = to_html(value)
        assert_harmless(html)
        assert all(set(attrs) <= {"id"} for _, attrs in parse(html).tags), html


@pytest.mark.parametrize("value,shown", [
    ("# not a heading", "# not a heading"), ("- not a list", "- not a list"), ("1. not a list", "1. not a list"),
    ("2026) no", "2026) no"), ("=== \"no tab\"", "=== \"no tab\""), ("!!! note", "!!! note"),
    (": no definition", ": no definition"), ("a | b", "a | b"), ("snake_case *x*", "snake_case *x*"),
    ("back\\slash `tick`", "back\\slash `tick`"), ("multi\n\nline  text", "multi line text"),
])
def test_plain_values_are_never_markdown(value: str, shown: str) -> None:
    cell = to_html(f"| a |\n|---|\n| {safety.text(value)} |")
    assert "".join(parse(cell).text).split() == ["a", *shown.split()]


def test_html_text_escapes_quotes_for_attributes() -> None:
    assert safety.html_text('"><script>') == "&quot;&gt;&lt;script&gt;"


@pytest.mark.parametrize("url,safe", [
    ("https://a.example", True), ("mailto:x@example.com", True), ("../x.md", True), ("#pain-x", True),
    ("javascript:alert(1)", False), (" JAVASCRIPT:x", False), ("data:text/html,x", False),
    ("vbscript:x", False), ("java\tscript:x", False), ("&#106;avascript:x", False), ("file:///etc", False),
])
def test_url_schemes(url: str, safe: bool) -> None:
    assert safety.is_safe_url(url) is safe
    assert safety.safe_url(url) == (url.strip() if safe else "")


def test_the_treeprocessor_drops_unsafe_links_written_by_hand() -> None:
    html = to_html("[a](javascript:alert(1)) [b](https://ok.example) ![c](data:x)", safe_links=True)
    assert '<a>a</a>' in html and 'href="https://ok.example"' in html and "data:" not in html


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=80))
def test_any_plain_value_renders_as_exactly_its_text(value: str) -> None:
    html = to_html(safety.text(value))
    page = parse(html)
    assert {tag for tag, _ in page.tags} <= {"p"}
    printable = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", value)  # control characters are dropped
    assert "".join(page.text).split() == printable.split()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(
    ["<", ">", "&", "[", "]", "(", ")", "{", "}", ":", "`", "*", "_", "!", "#", "-", "\n", " ", "x", "1", "\\",
     "\x02", "\x03", "wzxhzdk:0",
     "javascript:", "data:", "<script>", "onerror=", "{: ", "](", "]: ", "<img ", "\"", "'"]),
    max_size=40).map("".join))
def test_any_markdown_value_renders_harmless_html(value: str) -> None:
    assert_harmless(to_html(safety.markdown(value)))


def test_a_list_straight_under_a_line_of_text_is_a_list() -> None:
    html = to_html(safety.markdown("Customers report:\n- audit prep down\n- fewer duplicates"))
    assert "<p>Customers report:</p>\n<ul>\n<li>audit prep down</li>\n<li>fewer duplicates</li>\n</ul>" in html
    assert "<ol>\n<li>one</li>" in to_html(safety.markdown("Steps:\n1. one\n2. two"))
