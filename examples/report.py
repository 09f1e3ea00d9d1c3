"""An analysis of newsfacts tables: figures over time and events by region (and on a map where they have
coordinates), written as PNG images and one self-contained HTML page.

    pip install 'newsfacts[plots]'
    python examples/report.py --tables data --out report/      # then open report/index.html

Reads only the Parquet tables (pandas + pyarrow), so it works the same on a copy of the output folder or in a
notebook: each section below is a function taking DataFrames."""
from __future__ import annotations

import argparse
import base64
import html
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no screen needed
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

# Metrics that count people harmed or moved, the usual subject of a conflict or disaster timeline.
HUMAN_METRICS = ["killed", "injured", "displaced", "missing", "arrested", "captured", "evacuated", "affected"]


def read_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """The articles, figures and events tables of an output folder."""
    return {name: pd.read_parquet(folder / name) for name in ("articles", "figures", "events")}


def figures_over_time(figures: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Monthly totals of the human-toll figures (best value, else the lower bound) by metric; a bar chart."""
    rows = figures[figures["metric"].isin(HUMAN_METRICS) & figures["as_of"].notna()].copy()
    rows["count"] = rows["value"].fillna(rows["low"])
    rows = rows[rows["count"].notna()]
    rows["month"] = pd.to_datetime(rows["as_of"]).dt.to_period("M").astype(str)
    table = rows.pivot_table(index="month", columns="metric", values="count", aggfunc="sum", fill_value=0).sort_index()
    fig, ax = plt.subplots(figsize=(9, 4.5))
    if table.empty:
        ax.text(0.5, 0.5, "no dated human-toll figures", ha="center", va="center", transform=ax.transAxes)
    else:
        table.plot.bar(ax=ax, stacked=True, width=0.8)
        ax.set_ylabel("people (sum of reported figures)")
        ax.set_xlabel("month of the figure's as-of date")
        ax.legend(title="metric", fontsize=8)
    ax.set_title("Reported figures over time")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return table


def events_by_region(events: pd.DataFrame, path: Path, top: int = 15) -> pd.DataFrame:
    """Events and reported deaths per region (country code where known, else the place as written); a bar chart."""
    region = events["country"].fillna(events["location"]).fillna("(no place given)")
    table = (events.assign(region=region, deaths=events["fatalities"].fillna(0))
             .groupby("region").agg(events=("event_id", "count"), deaths=("deaths", "sum"))
             .sort_values(["events", "deaths"], ascending=False).head(top))
    fig, ax = plt.subplots(figsize=(9, 0.35 * len(table) + 1.5))
    ax.barh(table.index[::-1], table["events"][::-1], color="#4c72b0", label="events")
    for y, (n, d) in enumerate(zip(table["events"][::-1], table["deaths"][::-1])):
        ax.text(n, y, f"  {int(d)} deaths" if d else "", va="center", fontsize=8)
    ax.set_xlabel("events")
    ax.set_title("Events by region")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return table


def events_map(events: pd.DataFrame, path: Path) -> int:
    """Events with coordinates on a longitude/latitude plot, sized by deaths; the number drawn."""
    located = events[events["latitude"].notna() & events["longitude"].notna()]
    if located.empty:
        return 0
    fig, ax = plt.subplots(figsize=(9, 4.8))
    sizes = 20 + 4 * located["fatalities"].fillna(0).clip(upper=200)
    ax.scatter(located["longitude"], located["latitude"], s=sizes, alpha=0.6, c="#c44e52", edgecolors="k")
    places = located.assign(place=located.get("location", pd.Series(index=located.index, dtype=object)).fillna(""))
    for (name, lat, lon), group in places.groupby(["place", "latitude", "longitude"]):
        ax.annotate(f"{name} ({len(group)})" if name else str(len(group)), (lon, lat), xytext=(6, 4),
                    textcoords="offset points", fontsize=8)
    ax.set_xlim(-180, 180)
    ax.set_ylim(-90, 90)
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.grid(alpha=0.3)
    ax.set_title("Events on the map (size: reported deaths)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return len(located)


def deadliest(events: pd.DataFrame, articles: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The events with the most reported deaths, with their article's title."""
    titles = articles.set_index("article_id")["title"]
    top = events[events["fatalities"].notna()].sort_values("fatalities", ascending=False).head(n)
    return pd.DataFrame({"date": top["event_date"].fillna(""), "type": top["event_type"],
                         "where": top["location"].fillna(""), "deaths": top["fatalities"].astype(int),
                         "article": top["article_id"].map(titles).fillna(top["article_id"])})


def write_report(folder: Path, out: Path) -> Path:
    """Draw every figure into `out` and write `out/index.html` around them."""
    out.mkdir(parents=True, exist_ok=True)
    t = read_tables(folder)
    over_time = figures_over_time(t["figures"], out / "figures_over_time.png")
    regions = events_by_region(t["events"], out / "events_by_region.png")
    mapped = events_map(t["events"], out / "events_map.png")
    parts = [
        f"<h1>newsfacts report</h1><p>{len(t['articles'])} articles, {len(t['figures'])} figures, "
        f"{len(t['events'])} events, from <code>{html.escape(str(folder))}</code>.</p>",
        "<h2>Figures over time</h2>", _img(out / "figures_over_time.png"), _table(over_time.reset_index()),
        "<h2>Events by region</h2>", _img(out / "events_by_region.png"), _table(regions.reset_index()),
        "<h2>Events on the map</h2>",
        _img(out / "events_map.png") if mapped else "<p>No event has coordinates yet.</p>",
        "<h2>Deadliest events</h2>", _table(deadliest(t["events"], t["articles"])),
    ]
    page = out / "index.html"
    page.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>newsfacts report</title><style>"
                    "body{font-family:sans-serif;max-width:960px;margin:auto}table{border-collapse:collapse}"
                    "td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px}</style></head><body>"
                    + "\n".join(parts) + "</body></html>", encoding="utf-8")
    return page


def _img(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"<img alt='{path.stem}' src='data:image/png;base64,{data}'>"


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, escape=True, border=0) if not frame.empty else "<p>(nothing)</p>"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", default="data", help="the output folder of `newsfacts run` (default: data)")
    parser.add_argument("--out", default="report", help="where to write the images and index.html (default: report)")
    args = parser.parse_args(argv)
    if not (Path(args.tables) / "articles").is_dir():
        print(f"report: error: {args.tables} holds no newsfacts tables", file=sys.stderr)
        return 2
    print(write_report(Path(args.tables), Path(args.out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
