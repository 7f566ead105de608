"""A registered Format -> the form fields of its command-line options (kind, choices, default, help).

The studio asks each format for its options the way the command line does (`add_options` on a parser), so a
new format appears on the page with no studio change. Choices come from the option combinations the format
lists (`variants`); options that name a file on disk are left out: no path from the browser reaches the disk.
"""

from __future__ import annotations

import argparse
import shlex
from dataclasses import dataclass
from typing import Literal

from chartgen.formats import Format

Kind = Literal["check", "choice", "text", "long_text", "date", "zones"]

FILE_METAVARS = frozenset({"FILE", "OUT.pdf"})
"""Options whose value is a path on the server's disk: never taken from the browser."""
NO_CHOICE = ""
"""The value of a choice that leaves the option out (e.g. no --tile)."""


@dataclass(frozen=True)
class Field:
    """One option of a format as a form field."""

    name: str
    """The option's argparse destination, e.g. "large_print": the key `Format.settings` reads."""
    option: str
    """The option as typed on the command line, e.g. "--large-print": problems name it."""
    kind: Kind
    help: str
    choices: tuple[str, ...] = ()
    """For a choice: the values offered, NO_CHOICE first where the option may be left out."""
    default: str | bool = ""


def format_fields(fmt: Format) -> tuple[Field, ...]:
    """The form fields of `fmt`'s options, in the order the command line lists them."""
    parser = argparse.ArgumentParser(add_help=False)
    fmt.add_options(parser)
    offered = _values_in_variants(fmt)
    defaults = fmt.settings({})
    fields = []
    for action in parser._actions:  # argparse keeps no public list of a parser's options
        option = action.option_strings[-1]
        if action.metavar in FILE_METAVARS:
            continue
        help_text = (action.help or "").replace("%%", "%")
        if action.nargs == 0:
            fields.append(Field(action.dest, option, "check", help_text, default=bool(action.default)))
        elif option in offered:
            # The value used when the option is left out: the parser's default, or the format's own (A3 for a
            # poster); with none, leaving it out is a choice of its own (no --tile).
            default = action.default or getattr(defaults, action.dest, None)
            values = offered[option]
            if isinstance(default, str) and default not in values:
                values = (default, *values)
            choices = values if isinstance(default, str) else (NO_CHOICE, *values)
            fields.append(Field(action.dest, option, "choice", help_text, choices,
                                default if isinstance(default, str) else NO_CHOICE))
        else:
            fields.append(Field(action.dest, option, _text_kind(action), help_text))
    return tuple(fields)


def _text_kind(action: argparse.Action) -> Kind:
    if action.metavar == "YYYY-MM-DD":
        return "date"
    if action.metavar == "ZONES":
        return "zones"
    return "long_text" if action.metavar == "TEXT" else "text"


def _values_in_variants(fmt: Format) -> dict[str, tuple[str, ...]]:
    """Each option that takes a value in `fmt`'s variants, with the values they use, in their order."""
    values: dict[str, list[str]] = {}
    for variant in fmt.variants():
        words = shlex.split(variant.options)
        for option, value in zip(words, [*words[1:], ""], strict=False):
            if option.startswith("--") and value and not value.startswith("--"):
                seen = values.setdefault(option, [])
                if value not in seen:
                    seen.append(value)
    return {option: tuple(found) for option, found in values.items()}


def options_from(fields: tuple[Field, ...], submitted: dict[str, str]) -> dict[str, object]:
    """The options mapping `Format.settings` reads (as the command line's `vars(args)`), from form values:
    a ticked box is True, an empty value is left out (None), anything else is the text as typed."""
    options: dict[str, object] = {}
    for field in fields:
        raw = submitted.get(field.name, "")
        if field.kind == "check":
            options[field.name] = raw in ("on", "true", "1")
        else:
            options[field.name] = raw.strip() or None
    return options
