"""Command line: arguments -> a PDF on disk, or one line per problem on stderr and exit status 2."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from chartgen import __version__
from chartgen.errors import InputError, Problem

if TYPE_CHECKING:
    from chartgen.brand import Brand
    from chartgen.content import Content

EXIT_BAD_INPUT = 2

POSTER_EXAMPLES = """\
examples:
  chartgen poster                       # A3 poster in English: chartgen-poster-en-A3.pdf
  chartgen poster --paper A1 --bleed    # for a print shop: 3 mm bleed and crop marks
  chartgen poster --content my-de.yaml -o praxis-poster.pdf
  chartgen brand-example > brand.yaml   # then edit it, and:
  chartgen poster --brand brand.yaml    # your practice's name, contact, logo and QR code in a footer band
"""

CARD_EXAMPLES = """\
examples:
  chartgen card                         # front and back, 85.6 x 54 mm: chartgen-card-en.pdf
  chartgen card --sheet A4              # cards to print duplex and cut: chartgen-card-en-A4.pdf
  chartgen card --sheet letter --bleed  # for a copy shop: 3 mm bleed, cut marks at the trim
  chartgen card --sheet A4 --brand brand.yaml   # your name, phone and website on every card's back
"""


BOOKLET_EXAMPLES = """\
examples:
  chartgen booklet                      # A6 booklet in English: chartgen-booklet-en-A6.pdf
  chartgen booklet --paper A5 --bleed   # for a print shop: 3 mm bleed and crop marks
  chartgen booklet --imposed            # A4 sheets to print duplex, fold and staple: reads 1..12
  chartgen booklet --imposed --sheet letter -o booklet-sheets.pdf
  chartgen booklet --brand brand.yaml   # your practice, logo and QR code on the back cover
"""


def _user_path(value: str) -> Path:
    """A path option as typed: ~ and ~user expanded; empty, or an unknown user's ~, is a usage error."""
    from chartgen import files

    try:
        return files.user_path(value, key="path")
    except InputError as error:
        raise argparse.ArgumentTypeError(error.problems[0].message) from None


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose usage errors are InputErrors (one line, exit 2), not SystemExit."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(Problem(f"{message} (see '{self.prog} --help')"))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="chartgen",
        description="Print-ready foot-reflexology charts of the spine.",
        epilog=POSTER_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"chartgen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    poster = commands.add_parser(
        "poster",
        help="a wall poster (A4 to 24x36 in)",
        description="Make the wall poster: diagram, the four zones, massage steps, tips and safety notes.",
        epilog=POSTER_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_language_options(poster)
    poster.add_argument(
        "--paper", metavar="SIZE",
        help="A4|A3|A2|A1|letter|tabloid|18x24in|24x36in, any case (default: A3)",
    )
    poster.add_argument("--bleed", action="store_true", help="add 3 mm bleed, crop marks, TrimBox and BleedBox")
    _add_brand_option(poster)
    poster.add_argument("-o", "--output", type=_user_path, metavar="OUT.pdf",
                        help="output file (default: chartgen-poster-<lang>-<paper>.pdf here)")

    card = commands.add_parser(
        "card",
        help="a pocket card (85.6 x 54 mm), alone or on A4/letter sheets",
        description="Make the pocket card: the foot diagram on the front, the massage steps and safety notes "
                    "on the back. With --sheet, many cards on a sheet to print duplex and cut out.",
        epilog=CARD_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_language_options(card)
    card.add_argument("--sheet", metavar="SHEET", default="none",
                      help="none|A4|letter, any case (default: none, the single card)")
    card.add_argument("--bleed", action="store_true",
                      help="add 3 mm bleed to each card; crop marks (cut marks on sheets) at the trim")
    _add_brand_option(card)
    card.add_argument("-o", "--output", type=_user_path, metavar="OUT.pdf",
                      help="output file (default: chartgen-card-<lang>[-<sheet>].pdf here)")
    _add_booklet_command(commands)
    _add_language_commands(commands)
    return parser


def _add_booklet_command(commands: argparse._SubParsersAction) -> None:
    booklet = commands.add_parser(
        "booklet",
        help="a small booklet (A6 or A5), also imposed on A4/letter sheets",
        description="Make the booklet: cover, how feet and back connect, one page per zone, massage, acupressure, "
                    "who it can help, safety notes. --imposed lays it out on sheets to print duplex, fold and "
                    "staple (A6: two copies per sheet, cut the stack in half first).",
        epilog=BOOKLET_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_language_options(booklet)
    booklet.add_argument("--paper", metavar="SIZE", help="A6|A5, any case (default: A6)")
    booklet.add_argument("--imposed", action="store_true", help="sheets in duplex order for saddle stitching")
    booklet.add_argument("--sheet", metavar="SHEET", help="sheet for --imposed: A4|letter, any case (default: A4)")
    booklet.add_argument("--bleed", action="store_true",
                         help="add 3 mm bleed, crop marks, TrimBox and BleedBox (not with --imposed)")
    _add_brand_option(booklet)
    booklet.add_argument("-o", "--output", type=_user_path, metavar="OUT.pdf",
                         help="output file (default: chartgen-booklet-<lang>-<paper>[-imposed].pdf here)")


LANGUAGE_EXAMPLES = """\
examples:
  chartgen langs                              # which languages there are, and how complete
  chartgen check --lang all                   # every problem in every language, nothing written
  chartgen check --content my-de.yaml         # check your own translation
  chartgen batch                              # every language x poster, card, booklet into dist/
  chartgen batch --langs de,fr --formats poster --paper A2 --out-dir print
"""


def _add_language_commands(commands: argparse._SubParsersAction) -> None:
    """`langs`, `check` and `batch`: the commands that work across languages."""
    from chartgen.formats import FORMATS

    formatter = argparse.RawDescriptionHelpFormatter
    commands.add_parser("langs", help="list the languages and how complete each is",
                        description="List the shipped languages: code, name, direction, completeness, status.",
                        epilog=LANGUAGE_EXAMPLES, formatter_class=formatter)
    check = commands.add_parser(
        "check", help="find every problem in a language before printing",
        description="Check texts against en.yaml (missing and unknown keys), glyphs against the fonts, and "
                    "that every text fits in every format and paper. Writes nothing; exit 2 if anything is wrong.",
        epilog=LANGUAGE_EXAMPLES, formatter_class=formatter)
    check.add_argument("--lang", default="all", help="a language code or 'all' (default: all)")
    check.add_argument("--content", type=_user_path, metavar="FILE", help="check your own locale YAML instead")
    batch = commands.add_parser(
        "batch", help="every format in every language, in parallel",
        description="Make every format in every language into one folder, with manifest.json.",
        epilog=LANGUAGE_EXAMPLES, formatter_class=formatter)
    batch.add_argument("--langs", default="all", help="'all' or codes separated by commas (default: all)")
    batch.add_argument("--formats", default=",".join(FORMATS),
                       help=f"formats separated by commas (default: {','.join(FORMATS)})")
    batch.add_argument("--paper", default=None, metavar="SIZE", help="paper of the posters (default: A3)")
    batch.add_argument("--out-dir", type=_user_path, default=Path("dist"), help="output folder (default: dist)")
    batch.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per CPU)")
    _add_brand_option(batch)
    commands.add_parser("brand-example", help="print a commented example brand.yaml",
                        description="Print a commented example of brand.yaml, the file --brand reads: your "
                                    "practice's name, contact details, logo, colour and QR code.",
                        epilog="example:\n  chartgen brand-example > brand.yaml\n", formatter_class=formatter)


def _add_brand_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--brand", type=_user_path, metavar="FILE",
                        help="your practice's brand.yaml: name, contact, logo, colour, QR code "
                             "(see 'chartgen brand-example')")


def _add_language_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", default="en", help="language code of a shipped translation (default: en)")
    parser.add_argument("--content", type=_user_path, metavar="FILE",
                        help="your own locale YAML, in the same shape as assets/locales/en.yaml")


EXIT_INTERRUPTED = 128
"""Exit status on a signal is this plus the signal's number (130 for Ctrl-C), as shells report it."""


def main(argv: list[str] | None = None) -> int:
    """Run chartgen; returns the exit status."""
    from chartgen.files import Terminated, install_signal_handlers

    install_signal_handlers()
    try:
        args = build_parser().parse_args(argv)
        return _run(args)
    except InputError as error:
        for problem in error.problems:
            print(f"chartgen: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("chartgen: interrupted; no file was changed", file=sys.stderr)
        return EXIT_INTERRUPTED + signal.SIGINT
    except Terminated as stop:
        print(f"chartgen: stopped by signal {stop.signal_number}; no file was changed", file=sys.stderr)
        return EXIT_INTERRUPTED + stop.signal_number


def _run(args: argparse.Namespace) -> int:
    from chartgen import content as content_module
    from chartgen import files, pdf

    pdf.source_date()  # a bad SOURCE_DATE_EPOCH is reported before any work is done
    if args.command == "brand-example":
        from chartgen.brand import EXAMPLE

        print(EXAMPLE, end="")
        return 0
    if args.command in ("langs", "check", "batch"):
        from chartgen import commands

        return getattr(commands, args.command)(args)
    content = content_module.load(args.content) if args.content else content_module.load_language(args.lang)
    brand = _brand(args)
    if args.command == "poster":
        from chartgen.formats import poster
        from chartgen.layout import load_poster

        layout = load_poster()
        paper_key = layout.paper_key(args.paper or layout.default_paper)
        output = pdf_output(args.output, f"chartgen-poster-{content.meta.code}-{paper_key}.pdf")
        data = poster.render(content, paper=paper_key, bleed=args.bleed, brand=brand)
    elif args.command == "card":
        from chartgen.formats import card
        from chartgen.layout import load_card

        sheet_key = load_card().sheet_key(args.sheet)
        suffix = f"-{sheet_key}" if sheet_key else ""
        output = pdf_output(args.output, f"chartgen-card-{content.meta.code}{suffix}.pdf")
        data = card.render(content, sheet=sheet_key, bleed=args.bleed, brand=brand)
    elif args.command == "booklet":
        output, data = _booklet(args, content, brand)
    else:  # argparse only lets known commands through
        raise AssertionError(args.command)
    files.write_atomic(output, data)
    print(output)
    return 0


def _brand(args: argparse.Namespace) -> Brand | None:
    """The checked brand of --brand, or None without it."""
    if args.brand is None:
        return None
    from chartgen import brand

    return brand.load(args.brand)


def _booklet(args: argparse.Namespace, content: Content, brand: Brand | None) -> tuple[Path, bytes]:
    """Check the booklet's options, then make it, plain or imposed; returns where to write and the PDF."""
    from chartgen.layout import load_booklet

    layout = load_booklet()
    paper_key = layout.paper_key(args.paper or layout.default_paper)
    if args.sheet is not None and not args.imposed:
        raise InputError(Problem("--sheet only applies to --imposed; add --imposed or leave --sheet out",
                                 key="--sheet"))
    if args.bleed and args.imposed:
        raise InputError(Problem("--bleed and --imposed do not go together: --imposed is for printing at home "
                                 "or in an office; a print shop takes the --bleed file and imposes it itself",
                                 key="--bleed"))
    sheet_key = layout.sheet_key(args.sheet or layout.imposition.default_sheet) if args.imposed else None
    suffix = "-imposed" if args.imposed else ""
    output = pdf_output(args.output, f"chartgen-booklet-{content.meta.code}-{paper_key}{suffix}.pdf")
    if sheet_key is not None:
        from chartgen.formats import booklet_imposed

        return output, booklet_imposed.render(content, paper=paper_key, sheet=sheet_key, brand=brand)
    from chartgen.formats import booklet

    return output, booklet.render(content, paper=paper_key, bleed=args.bleed, brand=brand)


def pdf_output(requested: Path | None, default_name: str) -> Path:
    """Where to write: the -o path or the default name here, checked before any drawing is done."""
    from chartgen import files

    return files.check_output(requested if requested is not None else Path(default_name))

