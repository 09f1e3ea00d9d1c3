"""The compiled transforms: a build older than its source is found, and `newsfacts run` refuses to run it."""
from __future__ import annotations

import os
from importlib.machinery import EXTENSION_SUFFIXES

from flows import cli, compiled

BUILT = EXTENSION_SUFFIXES[0]


def _module(folder, name: str, source_age: float | None, build_age: float) -> None:
    """A module `name` in `folder`: its source written `source_age` seconds ago (None: no source), its build
    `build_age` seconds ago."""
    now = os.path.getmtime(folder)
    if source_age is not None:
        (folder / f"{name}.py").write_text("X = 1\n")
        os.utime(folder / f"{name}.py", (now - source_age, now - source_age))
    (folder / f"{name}{BUILT}").write_bytes(b"")
    os.utime(folder / f"{name}{BUILT}", (now - build_age, now - build_age))


def test_a_build_older_than_its_source_is_stale(tmp_path):
    _module(tmp_path, "fresh", source_age=60, build_age=30)
    _module(tmp_path, "edited", source_age=10, build_age=30)
    _module(tmp_path, "removed", source_age=None, build_age=30)
    (tmp_path / "never_built.py").write_text("X = 1\n")
    assert sorted(compiled.compiled_modules(tmp_path)) == ["edited", "fresh", "removed"]
    assert compiled.stale_modules(tmp_path) == ["edited", "removed"]


def test_the_installed_transforms_are_not_stale():
    assert compiled.stale_modules() == []


def test_run_refuses_a_stale_build_in_one_line(tmp_path, monkeypatch, capsys):
    _module(tmp_path, "timex", source_age=10, build_age=30)
    monkeypatch.setattr(compiled, "TRANSFORMS", tmp_path)
    assert cli.main(["run", "--input", str(tmp_path), "--output", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "timex" in err[0] and "pip install -e ." in err[0]
    assert not (tmp_path / "out").exists()
