"""Locates the data that ships with chartgen: `assets/` and `layouts/` (in a wheel or a checkout)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    """The folder `name`: inside the installed package, else beside it in a source checkout."""
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"chartgen is installed without its {name}/ folder")


ASSETS_DIR = _data_dir("assets")
LAYOUTS_DIR = _data_dir("layouts")
FONTS_DIR = ASSETS_DIR / "fonts"
LOCALES_DIR = ASSETS_DIR / "locales"
FOOT_DIR = ASSETS_DIR / "foot"
