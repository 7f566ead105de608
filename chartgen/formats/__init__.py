"""The printed formats: each module registers a Format (formats/base.py) that turns Content into PDF bytes."""

from __future__ import annotations

import importlib

from chartgen.formats.base import Format, Request, Settings, Variant, register, registry, unregister

BUILT_IN = ("poster", "card", "booklet")
"""The modules of the formats chartgen ships, imported (and so registered) on first use, in this order."""

__all__ = ["BUILT_IN", "Format", "Request", "Settings", "Variant", "formats", "names", "register", "unregister"]


def formats() -> dict[str, Format]:
    """Every registered format by name: the built-in ones first, then any registered later (a test's)."""
    for module in BUILT_IN:
        importlib.import_module(f"{__name__}.{module}")
    known = registry()
    ordered = [name for name in BUILT_IN if name in known] + [name for name in known if name not in BUILT_IN]
    return {name: known[name] for name in ordered}


def names() -> tuple[str, ...]:
    """The registered formats' names, in the order batch and check go through them."""
    return tuple(formats())
