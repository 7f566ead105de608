"""The printed formats: each module registers a Format (formats/base.py) that turns Content into PDF bytes."""

from __future__ import annotations

import importlib

from chartgen.formats.base import Format, Request, Settings, Variant, register, registry, unregister

BUILT_IN = ("poster", "card", "booklet", "handout")
"""The modules of the formats chartgen ships, imported (and so registered) on first use, in this order.

Each module registers the format of its own name. A module is imported only when its format is needed (it
imports ReportLab, and a command that makes no PDF should not pay for that)."""

__all__ = ["BUILT_IN", "Format", "Request", "Settings", "Variant", "format_named", "formats", "names", "register",
           "unregister"]


def formats() -> dict[str, Format]:
    """Every registered format by name: the built-in ones first, then any registered later (a test's)."""
    for module in BUILT_IN:
        importlib.import_module(f"{__name__}.{module}")
    known = registry()
    ordered = [name for name in BUILT_IN if name in known] + [name for name in known if name not in BUILT_IN]
    return {name: known[name] for name in ordered}


def names() -> tuple[str, ...]:
    """The formats' names, in the order batch and check go through them (no format's module is imported)."""
    return BUILT_IN + tuple(name for name in registry() if name not in BUILT_IN)


def format_named(name: str) -> Format:
    """The format called `name` (one of `names()`), importing its module only if it is a built-in one."""
    if name in BUILT_IN:
        importlib.import_module(f"{__name__}.{name}")
    return registry()[name]
