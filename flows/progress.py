"""A one-line progress bar on stderr, drawn only when stderr is a terminal."""
from __future__ import annotations

import sys
import time


class Progress:
    """Batches done, of `total` if known (a streamed input's size is not), with the articles they held."""

    def __init__(self, label: str, total: int | None, enabled: bool | None = None):
        self.label = label
        self.total = None if total is None else max(total, 1)
        self.done = 0
        self.articles = 0
        self.started = time.monotonic()
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._draw()

    def advance(self, n: int = 1, articles: int = 0) -> None:
        self.done += n
        self.articles += articles
        self._draw()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()

    def _draw(self) -> None:
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.started
        if self.total is None:
            rate = f" {self.articles / elapsed:6.1f} articles/s" if elapsed > 0 and self.articles else ""
            sys.stderr.write(f"\r{self.label}: {self.done} batches, {self.articles} articles {elapsed:5.1f}s{rate}")
        else:
            width = 30
            filled = int(width * self.done / self.total)
            sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
                             f"{self.done}/{self.total} batches {elapsed:5.1f}s")
        sys.stderr.flush()
