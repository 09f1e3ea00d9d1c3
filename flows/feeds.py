"""Feeds and article pages over HTTP: polite, bounded fetching, then HTML to article text and publication date."""
from __future__ import annotations

import io
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from flows.html_text import page_encoding
from flows.records import Rejection, digest, rejection

ROBOTS_AGENT = "newsfacts"
MAX_ID_CHARS = 512
# The extractor keeps menu words when a page has no story; a story has at least one paragraph this long.
MIN_PARAGRAPH_WORDS = 8
_PAGE_TYPES = ("text/html", "application/xhtml")
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)$", re.I)
# A feed's root element, after an optional XML declaration, stylesheet instructions and comments.
_FEED_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*|<\?xml-stylesheet[^>]*>\s*|<!--.*?-->\s*)*<(rss|feed|rdf:RDF)[\s>]",
                        re.I | re.S)
_HTML_ROOT = re.compile(rb"<(!doctype html|html)[\s>]", re.I)
# The extractors log every page they cannot parse at ERROR; the rejection says it once, with the URL.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)
_RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}
_MAX_RETRY_AFTER = 60.0
_WORKERS = 4


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = 20.0         # seconds for a whole request, headers and body
    max_bytes: int = 5_000_000    # a larger body is abandoned when it passes this
    retries: int = 3
    backoff: float = 1.0          # delay before the first retry, doubled at each one
    host_delay: float = 1.0       # pause between two requests to one host
    max_items: int = 200          # items read from one feed
    user_agent: str = "newsfacts"
    robots: bool = True


@dataclass
class FetchOutcome:
    articles: int = 0                    # article records written
    path: str | None = None              # the JSON Lines file of those records
    rejections: list[Rejection] = field(default_factory=list)
    known: int = 0                       # links skipped because the tables already hold their URL
    requests: int = 0                    # HTTP requests sent, retries and robots.txt included
    retries: int = 0


class FetchError(Exception):
    """A URL that could not be fetched; `reason` is the rejection reason, `raw` what was received, if anything."""

    def __init__(self, reason: str, detail: str, raw: bytes = b""):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.raw = raw


@dataclass(frozen=True)
class Response:
    url: str           # the final URL, after redirects
    content_type: str
    body: bytes


def is_url(spec: str) -> bool:
    """True when `spec` is an http(s) address rather than a local path."""
    return spec.lower().startswith(("http://", "https://"))


def check_url(url: str) -> str:
    """The URL if it can be fetched (http or https with a host); raises ValueError saying why not."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url}")
    return url


def normalize_url(url: str) -> str:
    """The URL without fragment and tracking parameters, scheme and host in lower case: one form per article."""
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    netloc = parts.netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))


class Fetcher:
    """HTTP GET with a total timeout, a size limit, retries with exponential backoff, a pause per host,
    robots.txt, and the user agent of the settings."""

    def __init__(self, options: FetchOptions, sleep: Callable[[float], None] = time.sleep):
        import httpx

        self.options = options
        self._sleep = sleep
        self._client = httpx.Client(headers={"User-Agent": options.user_agent, "Accept-Encoding": "gzip, deflate"},
                                    timeout=httpx.Timeout(options.timeout), follow_redirects=True, max_redirects=5)
        self._host_locks: dict[str, threading.Lock] = {}
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, RobotFileParser | None] = {}
        self._guard = threading.Lock()
        self.requests = 0
        self.retries = 0

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, accept: str = "*/*") -> Response:
        """The response to GET `url`, or FetchError with the rejection reason."""
        if self.options.robots and not self._allowed(url):
            raise FetchError("disallowed_by_robots", f"robots.txt of {urlsplit(url).netloc} disallows {url}")
        return self._get(url, accept, self.options.retries)

    def _get(self, url: str, accept: str, retries: int) -> Response:
        attempt = 0
        while True:
            try:
                return self._once(url, accept)
            except FetchError as e:
                if e.reason not in ("fetch_timeout", "fetch_failed", "http_error") or attempt >= retries:
                    raise
                if e.reason == "http_error" and getattr(e, "status", None) not in _RETRY_STATUS:
                    raise
                wait = getattr(e, "retry_after", None)
            delay = self.options.backoff * (2 ** attempt)
            self._sleep(min(max(delay, wait or 0.0), _MAX_RETRY_AFTER))
            attempt += 1
            with self._guard:
                self.retries += 1

    def _once(self, url: str, accept: str) -> Response:
        import httpx

        host = urlsplit(url).netloc
        with self._host_lock(host):
            pause = self._last_request.get(host, -1e9) + self.options.host_delay - time.monotonic()
            if pause > 0:
                self._sleep(pause)
            try:
                return self._read(url, accept)
            except httpx.TimeoutException:
                raise FetchError("fetch_timeout", f"no complete answer within {self.options.timeout:g}s from {url}") from None
            except httpx.TooManyRedirects:
                raise FetchError("fetch_failed", f"too many redirects from {url}") from None
            except httpx.HTTPError as e:
                raise FetchError("fetch_failed", f"{type(e).__name__}: {str(e) or 'connection failed'} ({url})") from None
            finally:
                self._last_request[host] = time.monotonic()
                with self._guard:
                    self.requests += 1

    def _read(self, url: str, accept: str) -> Response:
        deadline = time.monotonic() + self.options.timeout
        limit = self.options.max_bytes
        with self._client.stream("GET", url, headers={"Accept": accept}) as r:
            if r.status_code >= 400:
                head = r.read()[:4096] if r.status_code != 404 else b""
                error = FetchError("http_error", f"HTTP {r.status_code} from {url}", head)
                error.status = r.status_code  # type: ignore[attr-defined]
                error.retry_after = _retry_after(r.headers.get("retry-after"))  # type: ignore[attr-defined]
                raise error
            declared = r.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchError("too_large", f"{url} declares {declared} bytes, more than the limit of {limit}")
            body = bytearray()
            for chunk in r.iter_bytes():
                body += chunk
                if len(body) > limit:
                    raise FetchError("too_large", f"{url} sent more than the limit of {limit} bytes", bytes(body[:4096]))
                if time.monotonic() > deadline:
                    raise FetchError("fetch_timeout", f"{url} did not finish within {self.options.timeout:g}s")
            return Response(str(r.url), r.headers.get("content-type", "").lower(), bytes(body))

    def _host_lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._host_locks.setdefault(host, threading.Lock())

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._host_lock("robots " + origin):
            if origin not in self._robots:
                self._robots[origin] = self._read_robots(origin)
        rules = self._robots[origin]
        return True if rules is None else rules.can_fetch(ROBOTS_AGENT, url)

    def _read_robots(self, origin: str) -> RobotFileParser | None:
        """The origin's rules; None (everything allowed) when it has no robots.txt (RFC 9309: 4xx)."""
        rules = RobotFileParser()
        try:
            response = self._get(origin + "/robots.txt", "text/plain", retries=1)
        except FetchError as e:
            status = getattr(e, "status", 500)
            if e.reason == "http_error" and 400 <= status < 500:
                return None
            rules.disallow_all = True  # unreachable: RFC 9309 says assume everything is disallowed
            return rules
        rules.parse(response.body.decode("utf-8", "replace").splitlines())
        return rules


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


# ---- feeds and pages

@dataclass(frozen=True)
class Link:
    url: str
    title: str | None = None
    published: str | None = None   # as the feed gives it (RFC 2822 or ISO 8601)
    source: str | None = None      # the feed's title


def kind_of(response: Response) -> str:
    """feed, page or other, from the content type, else from the first bytes."""
    ctype = response.content_type.split(";")[0].strip()
    head = response.body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if _FEED_ROOT.match(head) or "rss" in ctype or "atom" in ctype:
        return "feed"
    if any(t in ctype for t in _PAGE_TYPES):
        return "page"
    if _HTML_ROOT.search(head):
        return "page"
    return "other"


def feed_links(response: Response, max_items: int) -> list[Link]:
    """The links of a feed's items, resolved against the feed's URL, in the feed's order."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(response.body), response_headers={"content-location": response.url})
    if not parsed.entries and parsed.bozo:
        raise FetchError("invalid_feed", f"{response.url} is not a readable RSS or Atom feed: "
                                         f"{parsed.get('bozo_exception', 'no items')}", response.body[:4096])
    source = (parsed.feed.get("title") or "").strip() or urlsplit(response.url).netloc
    links = []
    for entry in parsed.entries[:max_items]:
        published = entry.get("published") or entry.get("updated")
        links.append(Link(entry.get("link") or "", (entry.get("title") or "").strip() or None, published, source))
    return links


@dataclass(frozen=True)
class PageArticle:
    text: str
    title: str | None
    published: str | None
    site: str | None


def article_from_html(html: str, url: str) -> PageArticle:
    """The article text of a page (boilerplate removed by trafilatura), its title and its publication date."""
    import htmldate
    import trafilatura

    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                           include_tables=False, deduplicate=False)
    text = (document.text or "").strip() if document is not None else ""
    title = (document.title or None) if document is not None else None
    site = (document.sitename or None) if document is not None else None
    published = htmldate.find_date(html, url=url, original_date=True, extensive_search=False,
                                   outputformat="%Y-%m-%dT%H:%M:%S%z")
    if published and published.endswith("T00:00:00"):
        published = published[:10]  # a date without a time
    return PageArticle(text, title, published, site)


def fetch_sources(sources: Iterable[str], known_urls: set[str], out_path: Path, options: FetchOptions,
                  log: logging.Logger | logging.LoggerAdapter | None = None,
                  fetcher: Fetcher | None = None) -> FetchOutcome:
    """Fetch each source (a feed, whose items are fetched, or an article page), skipping URLs the tables hold;
    write one JSON Lines record per article to `out_path` and return it with the rejections."""
    log = log or logging.getLogger(__name__)
    own = fetcher is None
    fetcher = fetcher or Fetcher(options)
    outcome = FetchOutcome()
    records: list[dict] = []
    seen: set[str] = set(known_urls)
    try:
        pages: list[tuple[Link, Response | None]] = []
        for source in sources:
            url = normalize_url(source)
            try:
                response = fetcher.get(url, "application/rss+xml, application/atom+xml, text/html;q=0.9, */*;q=0.5")
            except FetchError as e:
                outcome.rejections.append(_reject(e, url))
                continue
            kind = kind_of(response)
            if kind == "feed":
                try:
                    links = feed_links(response, options.max_items)
                except FetchError as e:
                    outcome.rejections.append(_reject(e, url))
                    continue
                log.info("feed %s: %d items", url, len(links))
                for link in links:
                    if not link.url:
                        outcome.rejections.append(_reject(FetchError(
                            "feed_item_without_link", f"an item of {url} has no link: {link.title or '(untitled)'}"), url))
                        continue
                    item = Link(normalize_url(link.url), link.title, link.published, link.source)
                    if item.url in seen:
                        outcome.known += item.url in known_urls
                        continue
                    seen.add(item.url)
                    pages.append((item, None))
            elif kind == "page":
                if url in seen:
                    outcome.known += url in known_urls
                    continue
                seen.add(url)
                pages.append((Link(url), response))
            else:
                outcome.rejections.append(_reject(FetchError(
                    "unsupported_content_type", f"{url} is neither a feed nor a page ({response.content_type or 'no type'})",
                    response.body[:4096]), url))
        with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
            results = list(pool.map(lambda p: _page_record(fetcher, *p), pages))
        for link, result in zip((p[0] for p in pages), results):
            if isinstance(result, FetchError):
                outcome.rejections.append(_reject(result, link.url))
            else:
                records.append(result)
        outcome.requests, outcome.retries = fetcher.requests, fetcher.retries
    finally:
        if own:
            fetcher.close()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    outcome.articles = len(records)
    outcome.path = str(out_path)
    log.info("fetched %d articles (%d known links skipped, %d rejected) in %d requests, %d retries",
             outcome.articles, outcome.known, len(outcome.rejections), outcome.requests, outcome.retries)
    return outcome


def _page_record(fetcher: Fetcher, link: Link, response: Response | None) -> dict | FetchError:
    try:
        if response is None:
            response = fetcher.get(link.url, "text/html, application/xhtml+xml;q=0.9, */*;q=0.5")
            if kind_of(response) != "page":
                raise FetchError("unsupported_content_type", f"{link.url} is not an HTML page "
                                 f"({response.content_type or 'no type'})", response.body[:4096])
        html = _decode(response)
        page = article_from_html(html, response.url)
        if not any(len(line.split()) >= MIN_PARAGRAPH_WORDS for line in page.text.splitlines()):
            raise FetchError("no_article_text", f"no article text in {link.url} (no paragraph of "
                             f"{MIN_PARAGRAPH_WORDS} words or more)", response.body[:65536])
    except FetchError as e:
        return e
    published, source = (page.published, "page") if page.published else (link.published, "metadata")
    return {
        "id": link.url if len(link.url) <= MAX_ID_CHARS else "url-" + digest(link.url),
        "url": link.url,
        "title": page.title or link.title,
        "source": link.source or page.site or urlsplit(link.url).netloc,
        "published_at": published,
        "published_at_source": source if published else None,
        "text": page.text,
    }


def _decode(response: Response) -> str:
    match = re.search(r"charset=([\w.:-]+)", response.content_type)
    head = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", response.body[:4096], re.I)
    for label in (match and match.group(1), head and head.group(1).decode("ascii", "ignore"), "utf-8"):
        encoding = page_encoding(label) if label else None  # never a codec such as punycode: quadratic time
        if encoding:
            try:
                return response.body.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
    return response.body.decode("utf-8", "replace")


def _reject(error: FetchError, url: str) -> Rejection:
    return rejection("ingest", "articles", error.reason, error.detail, url, error.raw or url.encode())


def fetch_stamp(now: datetime) -> str:
    """The name of a run's fetched-articles file."""
    return f"{now.astimezone(timezone.utc):%Y%m%dT%H%M%S%fZ}.jsonl"
