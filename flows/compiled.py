"""Which transforms run compiled (setup.py builds them with mypyc beside their source), and which builds are stale.

Python imports a compiled module in preference to its source, so a transform edited after the build would not
run as edited: `newsfacts` and the test suite refuse to start until it is built again.
"""
from __future__ import annotations

from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

TRANSFORMS = Path(__file__).resolve().parent.parent / "transforms"
REBUILD = "pip install -e . (or NEWSFACTS_PURE_PYTHON=1 pip install -e . after removing transforms/*.so)"


def compiled_modules(folder: Path | None = None) -> dict[str, Path]:
    """The transforms modules built as extensions, by module name."""
    found: dict[str, Path] = {}
    for path in (folder or TRANSFORMS).iterdir():
        # the most specific suffix first: "timex.cpython-311-x86_64-linux-gnu.so" is "timex", not "timex.cpython-311..."
        suffix = next((s for s in EXTENSION_SUFFIXES if path.name.endswith(s)), None)
        if suffix is not None:
            found[path.name[:-len(suffix)]] = path
    return found


def stale_modules(folder: Path | None = None) -> list[str]:
    """The compiled modules whose source was changed (or removed) after the build."""
    stale = []
    for name, built in sorted(compiled_modules(folder).items()):
        source = (folder or TRANSFORMS) / f"{name}.py"
        if not source.exists() or source.stat().st_mtime > built.stat().st_mtime:
            stale.append(name)
    return stale


def stale_message(stale: list[str]) -> str:
    return (f"transforms changed since they were compiled ({', '.join(stale)}): the old build would run; "
            f"build them again: {REBUILD}")
