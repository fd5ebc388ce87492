"""Package discovery (the rest of the build is in pyproject.toml).

`[tool.setuptools.packages.find]` alone cannot name massage_trainer.assets, which lives in assets/ at
the top of the repository (package-dir in pyproject.toml maps it), so the wheel shipped no content.
Discovery plus that one mapped package is said here; tests/test_packaging.py builds a wheel and checks.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["massage_trainer", "massage_trainer.*"]), "massage_trainer.assets"])
