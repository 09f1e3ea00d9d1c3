"""The checks a run makes before any work, so that bad usage fails at once with a clear message: the input, the
feed URLs and the output folder. Light to import: the command line makes them before it imports Prefect."""
from __future__ import annotations

from pathlib import Path

from flows.feeds import check_url, is_url
from flows.sources import InputError, resolve_inputs
from flows.store import Store


def split_sources(input_spec: str | None, feeds: list[str] | tuple[str, ...] = ()) -> tuple[str | None, list[str]]:
    """The local input and the URLs to fetch; a URL given as the input is fetched like a feed."""
    urls = [u for u in feeds]
    if input_spec is not None and is_url(input_spec):
        urls.insert(0, input_spec)
        input_spec = None
    if not urls and input_spec is None:
        raise InputError("no input: give --input or a feed URL")
    if urls and input_spec is not None:
        raise InputError(f"use either a local --input ({input_spec}) or URLs (--input URL, --feed URL), not both")
    for url in urls:
        try:
            check_url(url)
        except ValueError as e:
            raise InputError(str(e)) from None
    return input_spec, urls


def prepare(input_spec: str | None, output: str, feeds: list[str] | tuple[str, ...] = ()) -> tuple[Store, list[Path]]:
    """Check the input and the output folder before any work: bad usage fails here, with a clear message."""
    local, urls = split_sources(input_spec, feeds)
    files = resolve_inputs(local)[1] if not urls else []
    store = Store(Path(output))
    store.open()
    return store, files
