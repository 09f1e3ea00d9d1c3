"""Plain text and metadata from an untrusted HTML page: parsed by libxml2 (lxml) as events, nothing runs, nothing
is fetched, no entity is expanded, and the size is checked before the parser sees a byte."""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from lxml import etree

# A page longer than this is refused before parsing: the parser's work and memory stay bounded.
MAX_HTML_CHARS = 8 * 1024 * 1024
_SKIP = {"script", "style", "noscript", "template", "svg", "math", "head", "nav", "footer", "aside", "form", "iframe",
         "object", "embed", "canvas", "button", "select", "textarea"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "section", "article", "br", "tr",
          "header", "main", "figcaption", "pre", "dd", "dt", "td", "th", "table", "ul", "ol", "hr"}
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
              "date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date")
# A document type declaration with an internal subset (where entity bombs live) is dropped before parsing; the
# HTML parser expands no declared entity, but would show the subset's tail as text.
_DOCTYPE_START = re.compile(r"<!DOCTYPE", re.I)
_DOCTYPE = re.compile(r"<!DOCTYPE[^>\[]{0,1024}(?:\[[^\]]{0,1048576}\][ \t\r\n]*)?>", re.I)

# The character sets web pages declare; never a codec a hostile page could abuse (punycode decodes in quadratic time).
_PAGE_CODECS = re.compile(r"^(?:cp\d+|iso8859[-_]\d+|latin[-_]1|ascii|koi8[-_][rtu]|mac[-_]\w+|shift[-_]jis\w*|euc[-_]\w+|"
                          r"gb2312|gbk|gb18030|big5\w*|hz|iso2022[-_]\w+|tis[-_]620|utf[-_](?:8|16|32)(?:[-_][bl]e)?)$")


def page_encoding(label: str) -> str | None:
    """The Python codec of a charset a page or an HTTP header declares, or None if it is unknown or not a charset."""
    try:
        name = codecs.lookup(label.strip().strip("'\"")).name
    except (LookupError, ValueError):
        return None
    return name if _PAGE_CODECS.match(name) else None


class PageTooLarge(ValueError):
    """The page is longer than MAX_HTML_CHARS and was not parsed."""


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    published: str | None   # the publication time as the page states it, unparsed
    url: str | None


def page_from_html(html: str) -> Page:
    """The readable text of a page (paragraphs separated by blank lines), its title, date and canonical url."""
    if len(html) > MAX_HTML_CHARS:
        raise PageTooLarge(f"the page has {len(html)} characters, more than the limit of {MAX_HTML_CHARS}")
    first = _DOCTYPE_START.search(html, 0, 4096)  # one declaration, at the top: one bounded match
    doctype = _DOCTYPE.match(html, first.start()) if first else None
    if doctype:
        html = html[:doctype.start()] + html[doctype.end():]
    target = _PageTarget()
    parser = etree.HTMLParser(target=target, no_network=True, remove_comments=True, remove_pis=True,
                              recover=True, huge_tree=False)
    if html.strip():
        parser.feed(html)
    parser.close()
    paragraphs = [re.sub(r"\s+", " ", p).strip() for p in target.paragraphs]
    text = "\n\n".join(p for p in paragraphs if p)
    title = re.sub(r"\s+", " ", "".join(target.title)).strip() or None
    return Page(text, title, target.published, target.canonical)


class _PageTarget:
    """Parser events to paragraphs: libxml2 balances the tags, so a counter of skipped elements suffices."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.title: list[str] = []
        self.published: str | None = None
        self.canonical: str | None = None
        self._current: list[str] = []
        self._skip_depth = 0
        self._in_title = False

    def start(self, tag: str, attrib) -> None:
        tag = tag.lower() if isinstance(tag, str) else ""
        if tag == "meta":
            key = (attrib.get("property") or attrib.get("name") or attrib.get("itemprop") or "").lower()
            if key in _DATE_META and not self.published and attrib.get("content"):
                self.published = attrib["content"].strip()
        elif tag == "link" and (attrib.get("rel") or "").lower() == "canonical" and attrib.get("href"):
            self.canonical = attrib["href"].strip()
        elif tag == "time" and not self.published and attrib.get("datetime"):
            self.published = attrib["datetime"].strip()
        if tag == "title":
            self._in_title = True
        if tag in _BLOCK:
            self._flush()
        if tag in _SKIP:
            self._skip_depth += 1

    def end(self, tag: str) -> None:
        tag = tag.lower() if isinstance(tag, str) else ""
        if tag == "title":
            self._in_title = False
        if tag in _BLOCK:
            self._flush()
        if tag in _SKIP:
            self._skip_depth -= 1

    def data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif self._skip_depth == 0:
            self._current.append(data)

    def close(self) -> None:
        self._flush()

    def _flush(self) -> None:
        if self._current:
            self.paragraphs.append("".join(self._current))
            self._current = []
