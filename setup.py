"""Build of newsfacts: the transforms are compiled with mypyc, unless NEWSFACTS_PURE_PYTHON is set.

mypyc compiles the same Python source to C, reading its type annotations: a call between two transforms functions
is a C call, and a value whose type is declared is used without asking Python what it is. The annotations must
therefore be true at run time (a compiled function refuses an argument of another type), and the build fails on
any error `mypy transforms/` reports. Everything else is in pyproject.toml.
"""
import os
from pathlib import Path

from setuptools import setup


def compiled_transforms() -> list:
    if os.environ.get("NEWSFACTS_PURE_PYTHON"):
        return []
    from mypyc.build import mypycify

    modules = sorted(str(p) for p in Path("transforms").glob("*.py") if p.name != "__init__.py")
    return mypycify(modules, opt_level="3", group_name="transforms_compiled")


setup(ext_modules=compiled_transforms())
