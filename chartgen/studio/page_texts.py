"""A page language code -> the studio page's own texts (assets/studio/<code>.yaml), English where one is missing."""

from __future__ import annotations

import functools

import yaml

from chartgen.resources import ASSETS_DIR

STUDIO_TEXTS_DIR = ASSETS_DIR / "studio"
DEFAULT_UI = "en"


@functools.cache
def page_texts(ui: str) -> dict[str, str]:
    """The page's texts in `ui` (a shipped page language), each missing one in English."""
    english = _read(DEFAULT_UI)
    return english if ui == DEFAULT_UI else {**english, **_read(ui)}


def _read(ui: str) -> dict[str, str]:
    with (STUDIO_TEXTS_DIR / f"{ui}.yaml").open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle)
    return {str(key): str(value) for key, value in loaded.items()}


@functools.cache
def ui_languages() -> tuple[str, ...]:
    """The page languages shipped."""
    return tuple(sorted(path.stem for path in STUDIO_TEXTS_DIR.glob("*.yaml")))


def ui_language(asked: str | None, accept_language: str) -> str:
    """The page language: the one asked for (?ui=de), else the browser's first shipped one, else English."""
    if asked in ui_languages():
        return str(asked)
    for part in accept_language.split(","):
        code = part.split(";")[0].strip().split("-")[0].lower()
        if code in ui_languages():
            return code
    return DEFAULT_UI
