"""The print-shop formats' --pdfx and --icc options -> Settings.extras, the file name and the finished PDF/X.

Poster, card and booklet add, check and apply them through these functions, so no format repeats them: `add_options`
on the parser, `extras` in `settings` (one-line InputErrors for a wrong combination, a missing Ghostscript or an
unusable profile, before any drawing), `file_name` in `default_name`, `finished` at the end of `render`. PDF/X
changes no layout (the same pages, converted afterwards), so it is not one of a format's `variants`: `check` lays
out each variant without Ghostscript, and the --bleed variant is the layout a PDF/X file has.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from chartgen.errors import InputError, Problem
from chartgen.formats.base import Settings

PDFX = "pdfx"
ICC = "icc"


def add_options(parser: argparse.ArgumentParser) -> None:
    """--pdfx and --icc FILE."""
    parser.add_argument("--pdfx", action="store_true",
                        help="PDF/X-3 for an offset print shop: CMYK with the shop's output intent, black text in "
                             "black ink only, no transparency; needs --bleed and Ghostscript")
    parser.add_argument("--icc", metavar="FILE",
                        help="with --pdfx: the CMYK ICC profile your print shop gives (default: Ghostscript's own "
                             "CMYK profile)")


def extras(options: Mapping[str, Any], *, bleed: bool, home_printer: Mapping[str, bool]) -> tuple[tuple[str, Any], ...]:
    """The Settings.extras of --pdfx and --icc in `options` (none without --pdfx).

    `home_printer` names the format's options that make a file for a home printer and whether each was given
    (e.g. {"--tile": True}): PDF/X, a file for an offset print shop, goes with none of them, and needs `bleed`.
    """
    pdfx, icc = bool(options.get(PDFX)), options.get(ICC)
    if icc is not None and not pdfx:
        raise InputError(Problem("only goes with --pdfx (it is the output profile of the PDF/X file); add --pdfx "
                                 "or leave --icc out", key="--icc"))
    if not pdfx:
        return ()
    for option, given in home_printer.items():
        if given:
            raise InputError(Problem(f"not with {option}, which is for printing at home or at a copy shop: --pdfx "
                                     "makes the file for an offset print shop (which lays out the sheets itself); "
                                     "leave one of them out", key="--pdfx"))
    if not bleed:
        raise InputError(Problem("an offset print shop trims the sheet, so a PDF/X file needs bleed: add --bleed",
                                 key="--pdfx"))
    from chartgen import files
    from chartgen import pdfx as pdfx_module

    pdfx_module.ghostscript()  # a missing Ghostscript is reported now, before anything is drawn
    if icc is None:
        return ((PDFX, True),)
    path = files.user_path(icc, key="--icc")
    pdfx_module.read_icc(path)
    return (PDFX, True), (ICC, path)


def wanted(settings: Settings) -> bool:
    """Whether the settings ask for PDF/X."""
    return bool(settings.extra(PDFX))


def file_name(name: str, settings: Settings) -> str:
    """`name` (a format's default file name) with -pdfx before its .pdf when the settings ask for PDF/X."""
    if settings.extra(PDFX) and name.endswith(".pdf"):
        return f"{name[:-len('.pdf')]}-pdfx.pdf"
    return name


def finished(pdf: bytes, settings: Settings) -> bytes:
    """The format's finished `pdf`, converted to PDF/X-3 when the settings ask for it."""
    if not settings.extra(PDFX):
        return pdf
    from chartgen import pdfx

    icc: Path | None = settings.extra(ICC)
    return pdfx.to_pdfx(pdf, icc=icc)
