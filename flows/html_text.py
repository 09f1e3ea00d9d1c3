"""Plain text and metadata from an HTML page, with the standard library's parser: nothing runs, no entity expansion."""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_SKIP = {"script", "style", "noscript", "template", "svg", "head", "nav", "footer", "aside", "form", "iframe", "object"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "section", "article", "br", "tr",
          "header", "main", "figcaption", "pre", "dd", "dt", "td", "th", "table", "ul", "ol"}
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
              "date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date")
# Elements nested deeper than this are read as text of their parent: a hostile page cannot blow the stack.
_MAX_DEPTH = 512


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    published: str | None   # the publication time as the page states it, unparsed
    url: str | None


def page_from_html(html: str) -> Page:
    """The readable text of a page (paragraphs separated by blank lines), its title, date and canonical url."""
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    paragraphs = [re.sub(r"\s+", " ", p).strip() for p in parser.paragraphs]
    text = "\n\n".join(p for p in paragraphs if p)
    title = re.sub(r"\s+", " ", "".join(parser.title)).strip() or None
    return Page(text, title, parser.published, parser.canonical)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.title: list[str] = []
        self.published: str | None = None
        self.canonical: str | None = None
        self._current: list[str] = []
        self._stack: list[str] = []
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key in _DATE_META and not self.published and a.get("content"):
                self.published = a["content"].strip()
            return
        if tag == "link" and a.get("rel", "").lower() == "canonical" and a.get("href"):
            self.canonical = a["href"].strip()
            return
        if tag == "time" and not self.published and a.get("datetime"):
            self.published = a["datetime"].strip()
        if tag == "title":
            self._in_title = True
        if tag in _BLOCK:
            self._flush()
        if tag in ("br", "img", "hr", "input", "meta", "link"):
            return
        if len(self._stack) < _MAX_DEPTH:
            self._stack.append(tag)
            if tag in _SKIP:
                self._skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _BLOCK:
            self._flush()
        if tag in self._stack:
            while self._stack:
                top = self._stack.pop()
                if top in _SKIP:
                    self._skip_depth -= 1
                if top == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif self._skip_depth == 0:
            self._current.append(data)

    def _flush(self) -> None:
        if self._current:
            self.paragraphs.append("".join(self._current))
            self._current = []

    def close(self) -> None:
        super().close()
        self._flush()
