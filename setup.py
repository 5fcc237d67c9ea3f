"""Package list for the mapped directories.

`model/` and `properties/` install as `hintcheck.model` and
`hintcheck.properties` (package-dir in pyproject.toml); setuptools cannot
discover mapped subpackages by itself, so they are listed here.
"""
from setuptools import find_packages, setup


def mapped(directory: str, prefix: str) -> list[str]:
    return [prefix] + [f"{prefix}.{sub}" for sub in find_packages(directory)]


setup(packages=find_packages(include=["hintcheck", "hintcheck.*"])
      + mapped("model", "hintcheck.model")
      + mapped("properties", "hintcheck.properties"))
