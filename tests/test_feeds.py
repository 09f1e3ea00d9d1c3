"""Feeds and pages fetched from a real HTTP server on 127.0.0.1: text and date from the page, polite and bounded."""
from __future__ import annotations

import json

import pytest

from conftest import read_table, run_cli
from flows.feeds import FetchOptions, Fetcher, article_from_html, fetch_sources, normalize_url

UA = "newsfacts-test/1.0 (+mailto:ops@example.org)"
BOILERPLATE = "Subscribe to our newsletter"


def page(title: str, paragraphs: list[str], published: str | None = None, site: str = "Riverside Courier") -> str:
    """An article page with a menu, a sidebar and a footer around the story, as news sites write them."""
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html><head><title>{title} | {site}</title>{meta}
<meta property="og:site_name" content="{site}"><meta property="og:title" content="{title}"></head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>{title}</h1>{body}</article></main>
<aside><h2>Most read</h2><ul><li><a href="/x">Celebrity chef opens a bakery</a></li></ul></aside>
<footer><p>{BOILERPLATE} and get the news every morning.</p><p>Copyright 2024 {site}</p></footer></body></html>"""


BRIDGE_FIRST = ("At least 14 people were injured on Monday when a storm tore part of the roof off the market hall, "
                "the regional health office said in a statement released in the evening.")
BRIDGE = page("Storm closes the old bridge", [
    BRIDGE_FIRST,
    "Engineers closed the old river bridge to traffic for the next three weeks while they inspect the damage, "
    "and about 2,300 commuters will have to use the ferry instead, according to the transport authority.",
    "The storm brought wind gusts of up to 130 km/h across the valley and left some 40,000 homes without power "
    "for several hours before crews restored the lines late on Tuesday.",
], published="2024-03-12T08:30:00+00:00")

HARBOUR = page("Harbour strike enters second week", [
    "More than 600 dock workers have now been on strike for eight days, the union said on Wednesday, "
    "as talks with the port operator broke down for the second time since the walkout began.",
    "The operator said that about 45 ships were waiting offshore and that losses had passed $12 million, "
    "a figure the union disputed in a short statement to reporters outside the port gates.",
])


def rss(items: list[tuple[str, str, str | None]], title: str = "Valley Wire") -> str:
    entries = "".join(f"<item><title>{t}</title><link>{link}</link>"
                      + (f"<pubDate>{date}</pubDate>" if date else "") + "</item>" for t, link, date in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://example.org/</link><description>News</description>{entries}</channel></rss>")


def atom(items: list[tuple[str, str, str]], title: str = "Harbour Desk") -> str:
    entries = "".join(f'<entry><title>{t}</title><link href="{link}"/><id>{link}</id><updated>{date}</updated>'
                      f"</entry>" for t, link, date in items)
    return f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>{entries}</feed>'


def options(**kw) -> FetchOptions:
    base = dict(timeout=5, max_bytes=200_000, retries=2, backoff=0.05, host_delay=0, user_agent=UA, robots=True)
    return FetchOptions(**{**base, **kw})


def by_url(tmp_path, outcome) -> dict[str, dict]:
    lines = open(outcome.path, encoding="utf-8").read().splitlines()
    return {r["url"]: r for r in map(json.loads, lines)}


def test_html_to_text_drops_menus_sidebars_and_footers_and_finds_the_date():
    article = article_from_html(BRIDGE, "http://127.0.0.1/bridge")
    assert article.text.splitlines()[:2] == ["Storm closes the old bridge", BRIDGE_FIRST]
    assert "about 2,300 commuters" in article.text and "40,000 homes" in article.text
    for noise in (BOILERPLATE, "Most read", "Celebrity chef", "Sport", "Copyright"):
        assert noise not in article.text
    assert article.title == "Storm closes the old bridge"
    assert article.published == "2024-03-12T08:30:00+0000"
    assert article_from_html(HARBOUR, "http://127.0.0.1/harbour").published is None


def test_normalize_url_drops_fragments_and_tracking():
    assert normalize_url("HTTP://Example.ORG/a?id=3&utm_source=rss&fbclid=x#top") == "http://example.org/a?id=3"
    assert normalize_url("https://example.org") == "https://example.org/"


def test_an_rss_feed_gives_one_record_per_item_page(site, tmp_path):
    bridge = site.add("/news/bridge", BRIDGE)
    harbour = site.add("/news/harbour", HARBOUR)
    feed = site.add("/feed.xml", rss([("Storm closes the old bridge", bridge + "?utm_source=rss", "Tue, 12 Mar 2024 09:00:00 GMT"),
                                      ("Harbour strike", "/news/harbour", "Wed, 13 Mar 2024 10:00:00 +0100")]),
                    content_type="application/rss+xml")
    outcome = fetch_sources([feed], set(), tmp_path / "f.jsonl", options())
    records = by_url(tmp_path, outcome)
    assert sorted(records) == [bridge, harbour] and outcome.rejections == []
    assert records[bridge]["id"] == bridge and records[bridge]["source"] == "Valley Wire"
    # The page's own date wins; without one, the feed's date is used and said to be metadata.
    assert (records[bridge]["published_at"], records[bridge]["published_at_source"]) == ("2024-03-12T08:30:00+0000", "page")
    assert (records[harbour]["published_at"], records[harbour]["published_at_source"]) == ("Wed, 13 Mar 2024 10:00:00 +0100", "metadata")
    assert BOILERPLATE not in records[harbour]["text"] and "More than 600 dock workers" in records[harbour]["text"]
    assert {ua for _, _, ua in site.log} == {UA}
    assert site.paths() == ["/robots.txt", "/feed.xml", "/news/bridge", "/news/harbour"] or \
        sorted(site.paths()) == sorted(["/robots.txt", "/feed.xml", "/news/bridge", "/news/harbour"])


def test_an_atom_feed_and_a_single_page(site, tmp_path):
    harbour = site.add("/h", HARBOUR)
    feed = site.add("/atom", atom([("Harbour strike", harbour, "2024-03-13T09:00:00Z")]), content_type="application/atom+xml")
    bridge = site.add("/b", BRIDGE)
    outcome = fetch_sources([feed, bridge], set(), tmp_path / "f.jsonl", options())
    records = by_url(tmp_path, outcome)
    assert records[harbour]["source"] == "Harbour Desk" and records[harbour]["published_at"] == "2024-03-13T09:00:00Z"
    assert records[bridge]["title"] == "Storm closes the old bridge"


def bomb_dtd(secret) -> str:
    """An entity bomb (a billion laughs: 10^9 characters once expanded) and an external entity naming a local file."""
    laughs = '<!ENTITY a "laughlaugh">' + "".join(
        f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(8))
    return laughs + f'<!ENTITY secret SYSTEM "{secret.as_uri()}">'


def test_entity_bombs_in_feeds_and_pages_are_never_expanded_nor_fetched(site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the-contents-of-a-local-file")
    story = page("Storm closes the old bridge", [BRIDGE_FIRST, "Boom &i; and &secret; in the text."])
    bombed = site.add("/news/bombed", story.replace("<!DOCTYPE html>", f"<!DOCTYPE html [{bomb_dtd(secret)}]>"))
    feed = site.add("/feed.xml", rss([("Laughs &i; &secret;", bombed, None)]).replace(
        '<rss version="2.0">', f'<!DOCTYPE rss [{bomb_dtd(secret)}]><rss version="2.0">'),
        content_type="application/rss+xml")
    outcome = fetch_sources([feed], set(), tmp_path / "f.jsonl", options())
    assert outcome.rejections == []
    [record] = by_url(tmp_path, outcome).values()
    assert BRIDGE_FIRST in record["text"]
    assert "laughlaugh" not in json.dumps(record) and len(record["text"]) < 2 * len(BRIDGE_FIRST) + 100
    assert "the-contents-of-a-local-file" not in json.dumps(record)


def test_urls_already_in_the_tables_are_not_fetched_again(site, tmp_path):
    bridge = site.add("/news/bridge", BRIDGE)
    harbour = site.add("/news/harbour", HARBOUR)
    feed = site.add("/feed.xml", rss([("a", bridge, None), ("b", harbour, None)]))
    outcome = fetch_sources([feed], {bridge}, tmp_path / "f.jsonl", options())
    assert list(by_url(tmp_path, outcome)) == [harbour] and outcome.known == 1
    assert "/news/bridge" not in site.paths()


def test_failures_become_rejections_with_a_reason(site, tmp_path):
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    links = [
        ("missing", site.base + "/gone", None),
        ("private", site.base + "/private/memo", None),
        ("huge", site.base + "/huge", None),
        ("huge, no length given", site.base + "/stream", None),
        ("image", site.base + "/photo.png", None),
        ("empty", site.base + "/empty", None),
        ("slow", site.base + "/slow", None),
        ("no link", "", None),
    ]
    site.add("/gone", "gone", status=404)
    site.add("/private/memo", BRIDGE)
    site.add("/huge", "<html><body><p>" + "word " * 100_000 + "</p></body></html>")
    site.add("/stream", "<html><body><p>" + "word " * 100_000 + "</p></body></html>", x_chunked="1")
    site.add("/photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type="image/png")
    site.add("/empty", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    site.add("/slow", BRIDGE, delay=2.5)
    feed = site.add("/feed.xml", rss(links), content_type="application/rss+xml")
    outcome = fetch_sources([feed, site.base + "/not-there.xml"], set(), tmp_path / "f.jsonl",
                            options(timeout=1, retries=1, robots=True))
    reasons = {r.input_ref.replace(site.base, ""): r.reason for r in outcome.rejections}
    assert reasons == {
        "/gone": "http_error", "/private/memo": "disallowed_by_robots", "/huge": "too_large", "/stream": "too_large",
        "/photo.png": "unsupported_content_type", "/empty": "no_article_text", "/slow": "fetch_timeout",
        "/feed.xml": "feed_item_without_link", "/not-there.xml": "http_error",
    }
    assert outcome.articles == 0 and "/private/memo" not in site.paths()
    assert all(r.stage == "ingest" and r.table_name == "articles" for r in outcome.rejections)


def test_retries_back_off_exponentially_and_honour_retry_after(site, tmp_path):
    waits: list[float] = []
    site.add("/flaky", "busy", status=503)
    site.add("/flaky", "busy", status=503)
    site.add("/flaky", BRIDGE)
    site.add("/limited", "slow down", status=429, retry_after="2")
    site.add("/limited", HARBOUR)
    fetcher = Fetcher(options(backoff=0.5, retries=3, robots=False), sleep=waits.append)
    outcome = fetch_sources([site.base + "/flaky"], set(), tmp_path / "a.jsonl", fetcher.options, fetcher=fetcher)
    assert outcome.articles == 1 and outcome.retries == 2 and waits == [0.5, 1.0]
    waits.clear()
    outcome = fetch_sources([site.base + "/limited"], set(), tmp_path / "b.jsonl", fetcher.options, fetcher=fetcher)
    assert outcome.articles == 1 and waits == [2.0]
    fetcher.close()
    gave_up = fetch_sources([site.add("/down", "down", status=500)], set(), tmp_path / "c.jsonl",
                            options(retries=2, backoff=0, robots=False))
    assert [r.reason for r in gave_up.rejections] == ["http_error"] and site.paths().count("/down") == 3


def test_requests_to_one_host_are_spaced(site, tmp_path):
    links = [(str(i), site.add(f"/p{i}", BRIDGE.replace("14 people", f"{i} people")), None) for i in range(4)]
    feed = site.add("/feed.xml", rss(links))
    outcome = fetch_sources([feed], set(), tmp_path / "f.jsonl", options(host_delay=0.3, robots=False))
    assert outcome.articles == 4
    times = [t for t, _, _ in site.log]
    assert all(b - a >= 0.28 for a, b in zip(times, times[1:]))


@pytest.fixture
def news_site(site):
    bridge = site.add("/news/bridge", BRIDGE)
    harbour = site.add("/news/harbour", HARBOUR)
    site.add("/gone", "gone", status=404)
    feed = site.add("/feed.xml", rss([("Storm", bridge, None), ("Harbour", harbour, "Wed, 13 Mar 2024 10:00:00 +0100"),
                                      ("Gone", site.base + "/gone", None)]), content_type="application/rss+xml")
    return site, feed, bridge, harbour


def test_newsfacts_run_on_a_feed_url(news_site, tmp_path, prefect_env):
    site, feed, bridge, harbour = news_site
    out = tmp_path / "out"
    env = {**prefect_env, "NEWSFACTS_FETCH_USER_AGENT": UA, "NEWSFACTS_FETCH_HOST_DELAY": "0"}
    result = run_cli(["run", "--input", feed, "--output", str(out), "--no-progress"], env)
    assert result.returncode == 0, result.stderr
    assert "3 input records -> 2 articles written" in result.stdout
    articles = {a["url"]: a for a in read_table(out, "articles")}
    assert sorted(articles) == [bridge, harbour]
    assert articles[bridge]["published_at_source"] == "page" and str(articles[bridge]["published_date"]) == "2024-03-12"
    assert articles[harbour]["published_at_source"] == "metadata" and articles[harbour]["source"] == "Valley Wire"
    assert BOILERPLATE not in articles[bridge]["text"]
    injured = [f for f in read_table(out, "figures") if f["article_id"] == bridge and f["metric"] == "injured"]
    assert [f["low"] for f in injured] == [14.0]
    rejected = read_table(out, "rejected")
    assert [(r["reason"], r["input_ref"]) for r in rejected] == [("http_error", site.base + "/gone")]

    # A second run (feeds from the environment this time) fetches the feed and only the link it does not hold.
    site.log.clear()
    del site.routes["/feed.xml"]
    site.add("/feed.xml", rss([("Storm", bridge, None), ("Harbour", harbour, None), ("Gone", site.base + "/gone", None),
                               ("New", site.add("/n", HARBOUR.replace("600", "700")), None)]))
    result = run_cli(["run", "--output", str(out), "--no-progress"], {**env, "NEWSFACTS_FEEDS": feed})
    assert result.returncode == 0, result.stderr
    # An HTTP error may pass: that link is tried again; the pages already in the tables are not.
    assert sorted(site.paths()) == ["/feed.xml", "/gone", "/n", "/robots.txt"]
    assert len(read_table(out, "articles")) == 3
    assert len(read_table(out, "rejected")) == 1  # the same failure is not recorded twice


def test_bad_url_is_a_usage_error(prefect_env, tmp_path):
    result = run_cli(["run", "--input", "http://", "--output", str(tmp_path / "o")], prefect_env)
    assert result.returncode == 2 and "not an http(s) URL" in result.stderr
    result = run_cli(["run", "--input", str(tmp_path), "--feed", "http://127.0.0.1:1/x", "--output", str(tmp_path / "o")],
                     prefect_env)
    assert result.returncode == 2 and "either" in result.stderr
