"""The system programs a test needs (Ghostscript, poppler's pdfinfo): found on PATH, or the test is skipped here and
fails in CI (CI=true), which installs their Debian packages, so that a CI machine missing one cannot pass by skipping.

Used by tests/test_pdfx.py and tests/tagged.py; nothing here imports chartgen.
"""

from __future__ import annotations

import os
import shutil

import pytest


def system_tool(program: str, package: str) -> str:
    """The path of `program` on PATH; without it the test is skipped, naming the Debian `package` to install, or in
    CI (CI=true) fails."""
    path = shutil.which(program)
    if path is None:
        message = f"{program} is not installed: apt-get install {package}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} (CI must have it)", pytrace=False)
        pytest.skip(message)
    return path
