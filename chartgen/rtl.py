"""Right-to-left support for ReportLab: logical text -> visual order, as the `rlbidi.log2vis` ReportLab imports.

ReportLab sets right-to-left paragraphs (`wordWrap='RTL'`) only when a module named `rlbidi` can be imported;
that module is not on PyPI. This adapter provides its one function over python-bidi's Unicode Bidirectional
Algorithm; `chartgen._compat` registers it under that name when chartgen is imported, before ReportLab is.
"""

from __future__ import annotations

from typing import Any

from bidi import algorithm

_BASE_LEVELS = {"LTR": 0, "RTL": 1}


def _resolved(text: str, level: int) -> dict[str, Any]:
    """python-bidi's characters of `text` after rules X1-I2 (explicit controls removed), each with its index."""
    storage = algorithm.get_empty_storage()
    storage["base_level"] = level
    storage["base_dir"] = ("L", "R")[level]
    algorithm.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["logical_index"] = index
    algorithm.explicit_embed_and_overrides(storage, False)
    algorithm.resolve_weak_types(storage, False)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    return dict(storage)


def embedding_levels(text: str, *, rtl: bool) -> list[int | None]:
    """The resolved bidi level of each character of `text` in a paragraph of the given direction.

    Even levels run left to right, odd ones right to left. Explicit formatting characters (U+202A-U+202E), which
    the algorithm removes, get None.
    """
    storage = _resolved(text, 1 if rtl else 0)
    levels: list[int | None] = [None] * len(text)
    for char in storage["chars"]:
        levels[char["logical_index"]] = char["level"]
    return levels


def log2vis(text: str, base_direction: str | None = "RTL", *,
            positions_V_to_L: list[int] | None = None, **_reportlab_options: object) -> str:  # noqa: N803 (ReportLab's name)
    """`text` in visual order for a paragraph of `base_direction` ("RTL"/"LTR"; None: from the text).

    If `positions_V_to_L` is given it is filled with, for each visual position, the logical index it came from.
    Explicit bidi formatting characters are always removed: ReportLab's `clean=` (and any other option it passes)
    is accepted and has no effect.
    """
    direction = (base_direction or "").upper()
    level = _BASE_LEVELS[direction] if direction in _BASE_LEVELS else algorithm.get_base_level(text)
    storage = _resolved(text, level)
    algorithm.reorder_resolved_levels(storage, False)
    algorithm.apply_mirroring(storage, False)
    chars = storage["chars"]
    if positions_V_to_L is not None:
        positions_V_to_L[:] = [char["logical_index"] for char in chars]
    return "".join(char["ch"] for char in chars)
