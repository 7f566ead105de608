"""The Format protocol and the resolved Request: what the CLI, `batch` and `check` need from every format.

A format is one module in `chartgen/formats/` (plus its layout file) that calls `register()` with an object
following `Format`. Nothing outside the format's module branches on its name: the command line builds one
subcommand per registered format from `add_options`, `batch` makes each format's default document, and `check`
lays out every option combination each format lists in `variants` (drawing and writing nothing).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from chartgen.errors import InputError, Problem

if TYPE_CHECKING:  # only named in annotations: the registry is imported by every command, even `--version`
    from chartgen.brand import Brand
    from chartgen.content import Content


@dataclass(frozen=True)
class Settings:
    """A format's options as the user gave them, checked and normalised once (paper and sheet as layout keys)."""

    paper: str | None = None
    """The format's own paper key (e.g. "A3" for a poster, "A6" for a booklet); None where there is one size."""
    sheet: str | None = None
    """The sheet the pages are imposed on ("A4", "letter"), or None for the document's own pages."""
    bleed: bool = False
    """3 mm bleed, crop marks, TrimBox and BleedBox for a print shop."""
    extras: tuple[tuple[str, Any], ...] = ()
    """A format's own further options as (name, value) pairs (e.g. a client's name); see `extra`."""

    def extra(self, name: str, default: Any = None) -> Any:
        """The value of the format's own option `name`, or `default`."""
        return dict(self.extras).get(name, default)


@dataclass(frozen=True)
class Variant:
    """One combination of a format's options: its settings, and the options a user types to ask for it."""

    settings: Settings
    options: str
    """The command-line options of this combination, e.g. "--paper A5 --imposed --sheet letter" ("" for the
    default document); `check` names it beside each problem it finds there."""


@dataclass(frozen=True)
class Request:
    """One document: the language's texts, the format's settings and the practitioner's brand."""

    content: Content
    settings: Settings
    brand: Brand | None = None


class Format(Protocol):
    """What chartgen needs from a printed format (an object registered with `register`)."""

    name: str
    """The subcommand and the name in `batch --formats` (e.g. "poster")."""
    help: str
    """One line for `chartgen --help`."""
    @property
    def description(self) -> str:
        """A paragraph for `chartgen <name> --help` (a class attribute will do; a property may compute it)."""
    examples: str
    """The "examples:" epilog of `chartgen <name> --help`."""
    batch_options: tuple[str, ...]
    """Which of `batch`'s document options ("paper", "tile") this format takes, as if given on its own command
    line; the others leave it at its defaults."""

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Add the format's own options (--paper, --sheet, --bleed...); --lang, --content, --brand, -o are common."""

    def settings(self, options: Mapping[str, Any]) -> Settings:
        """The settings for parsed `options` (absent or None ones take defaults); a bad value is an InputError."""

    def default_name(self, code: str, settings: Settings) -> str:
        """The file name written when -o is not given, for language `code` (e.g. chartgen-poster-de-A3.pdf)."""

    def paper_label(self, settings: Settings) -> str:
        """The paper as `manifest.json` names it ("A3", "ID-1", "A6")."""

    def render(self, request: Request) -> bytes:
        """The finished PDF; a problem with the input is an InputError."""

    def variants(self) -> tuple[Variant, ...]:
        """Every combination of the format's options a user can give (papers x sheets x bleed x ...), each once;
        `check` tries them all."""

    def check(self, request: Request) -> list[Problem]:
        """Every problem of the document `request` asks for, found by laying it out (fitting text, placing the
        diagram's labels) without drawing or writing anything."""


def problems_of(*attempts: Callable[[], object]) -> list[Problem]:
    """Every problem the `attempts` (renders or plans, called in order) report as an InputError, each once.

    For a format's `check`: the InputError the planners raise is turned back into problems here, its edge.
    """
    problems: dict[str, Problem] = {}
    for attempt in attempts:
        try:
            attempt()
        except InputError as error:
            problems.update((str(problem), problem) for problem in error.problems)
    return list(problems.values())


_REGISTRY: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Make `fmt` known to the command line, `batch` and `check` (its name must be new)."""
    if fmt.name in _REGISTRY and _REGISTRY[fmt.name] is not fmt:
        raise ValueError(f"a format named {fmt.name!r} is already registered")
    _REGISTRY[fmt.name] = fmt
    return fmt


def unregister(name: str) -> None:
    """Forget a registered format (for tests that register one of their own)."""
    _REGISTRY.pop(name, None)


def registry() -> dict[str, Format]:
    """The registered formats by name, in the order they were registered."""
    return dict(_REGISTRY)
