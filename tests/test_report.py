"""The analysis example (examples/report.py) runs on the tables of a real run and draws its figures."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

import pandas as pd
import pytest

from conftest import REPO, read_table

pytest.importorskip("matplotlib", reason="the plots extra is not installed: pip install 'newsfacts[plots]'")
SCRIPT = REPO / "examples" / "report.py"
PNG = b"\x89PNG\r\n\x1a\n"


def load_example():
    spec = importlib.util.spec_from_file_location("newsfacts_report_example", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_report_runs_on_the_seeds_tables(seeds_output, tmp_path):
    out = tmp_path / "report"
    result = subprocess.run([sys.executable, str(SCRIPT), "--tables", str(seeds_output), "--out", str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out / "index.html")
    for name in ("figures_over_time.png", "events_by_region.png"):
        data = (out / name).read_bytes()
        assert data.startswith(PNG) and len(data) > 5000, name
    page = (out / "index.html").read_text(encoding="utf-8")
    events, articles = read_table(seeds_output, "events"), read_table(seeds_output, "articles")
    assert f"{len(articles)} articles" in page and f"{len(events)} events" in page
    located = [e for e in events if e["latitude"] is not None and e["longitude"] is not None]
    assert len(re.findall(r"src='data:image/png;base64,", page)) == (3 if located else 2)
    assert ("No event has coordinates yet." in page) == (not located)
    if located:
        assert (out / "events_map.png").read_bytes().startswith(PNG)


def test_each_section_sums_the_tables(seeds_output, tmp_path):
    report = load_example()
    tables = report.read_tables(seeds_output)
    regions = report.events_by_region(tables["events"], tmp_path / "r.png")
    assert regions["events"].sum() <= len(tables["events"])
    assert regions["deaths"].sum() <= tables["events"]["fatalities"].fillna(0).sum()
    over_time = report.figures_over_time(tables["figures"], tmp_path / "t.png")
    human = tables["figures"][tables["figures"]["metric"].isin(report.HUMAN_METRICS) & tables["figures"]["as_of"].notna()]
    assert over_time.to_numpy().sum() == pytest.approx(human["value"].fillna(human["low"]).sum())


def test_events_with_coordinates_are_drawn_on_the_map(tmp_path):
    report = load_example()
    events = pd.DataFrame({"latitude": [36.7, None, -1.3], "longitude": [68.9, 10.0, 36.8],
                           "fatalities": [12, 3, None]})
    assert report.events_map(events, tmp_path / "map.png") == 2
    assert (tmp_path / "map.png").read_bytes().startswith(PNG)
    assert report.events_map(events.iloc[1:2], tmp_path / "none.png") == 0
    assert not (tmp_path / "none.png").exists()


def test_a_folder_without_tables_is_refused(tmp_path):
    result = subprocess.run([sys.executable, str(SCRIPT), "--tables", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 2 and "holds no newsfacts tables" in result.stderr
