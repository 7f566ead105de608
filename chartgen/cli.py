"""Command line: arguments -> a PDF on disk, or one line per problem on stderr and exit status 2."""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chartgen import __version__
from chartgen.errors import InputError, Problem
from chartgen.files import Terminated, install_signal_handlers

if TYPE_CHECKING:
    from chartgen.brand import Brand
    from chartgen.content import Content

EXIT_BAD_INPUT = 2

TOP_EXAMPLES = """\
examples:
  chartgen poster                       # A3 poster in English: chartgen-poster-en-A3.pdf
  chartgen poster --paper A1 --bleed    # for a print shop: 3 mm bleed and crop marks
  chartgen card --sheet A4              # pocket cards to print duplex and cut out
  chartgen booklet --imposed            # A4 sheets to print duplex, fold and staple
  chartgen check --lang all             # every problem in every language, nothing written
  chartgen <command> --help             # the options of one command
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


class _HelpOfEveryCommand(argparse.Action):
    """`chartgen --help`: prints the help of a parser that describes every format (so it imports them all)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: Any = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, _namespace: argparse.Namespace, _values: Any,
                 _option_string: str | None = None) -> None:
        build_parser().print_help()
        parser.exit()


def build_parser(*, described: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of the command line. The formats in `described` (default: every one) get their options, which
    imports their modules, and with them ReportLab; the others get only their name, all that parsing any other
    command needs. `chartgen --help` always describes every format."""
    from chartgen.formats import format_named, names

    parser = _Parser(
        prog="chartgen",
        description="Print-ready foot-reflexology charts of the spine.",
        epilog=TOP_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        add_help=False,
    )
    parser.add_argument("-h", "--help", action=_HelpOfEveryCommand, help="show this help message and exit")
    parser.add_argument("--version", action="version", version=f"chartgen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    for name in names():
        if described is not None and name not in described:
            commands.add_parser(name)
            continue
        fmt = format_named(name)
        sub = commands.add_parser(fmt.name, help=fmt.help, description=fmt.description, epilog=fmt.examples,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        _add_language_options(sub)
        fmt.add_options(sub)
        _add_brand_option(sub)
        sub.add_argument("-o", "--output", type=_user_path, metavar="OUT.pdf",
                         help="output file (default: a name made of the format, language and paper, here)")
    _add_language_commands(commands)
    return parser


def _format_asked_for(argv: Sequence[str]) -> tuple[str, ...]:
    """The format `argv` runs, if its command is one (else nothing): its first word that is not an option, since
    chartgen's own options (--help, --version) take no value."""
    from chartgen.formats import names

    command = next((word for word in argv if not word.startswith("-")), None)
    return (command,) if command in names() else ()


LANGUAGE_EXAMPLES = """\
examples:
  chartgen langs                              # which languages there are, and how complete
  chartgen check --lang all                   # every problem in every language, nothing written
  chartgen check --content my-de.yaml         # check your own translation
  chartgen check --lang de --text my-de.yaml  # check your own wording of a few texts
  chartgen batch                              # every language x poster, card, booklet into dist/
  chartgen batch --langs de,fr --formats poster --paper A2 --out-dir print
  chartgen batch --formats poster --paper A1 --tile A4  # every language's A1 poster on A4 sheets
"""


def _add_language_commands(commands: argparse._SubParsersAction[Any]) -> None:
    """`langs`, `check` and `batch`: the commands that work across languages."""
    from chartgen.formats import names

    formatter = argparse.RawDescriptionHelpFormatter
    commands.add_parser("langs", help="list the languages and how complete each is",
                        description="List the shipped languages: code, name, direction, completeness, status.",
                        epilog=LANGUAGE_EXAMPLES, formatter_class=formatter)
    check = commands.add_parser(
        "check", help="find every problem in a language before printing",
        description="Check texts against en.yaml (missing and unknown keys), glyphs against the fonts, and "
                    "that every text fits in every format and every combination of its options (paper, sheet, "
                    "imposition, bleed; with --brand, your brand on each). Writes nothing; exit 2 if anything is "
                    "wrong.",
        epilog=LANGUAGE_EXAMPLES, formatter_class=formatter)
    check.add_argument("--lang", default="all", help="a language code or 'all' (default: all)")
    check.add_argument("--content", type=_user_path, metavar="FILE", help="check your own locale YAML instead")
    check.add_argument("--formats", default=",".join(names()),
                       help=f"only these formats, separated by commas (default: {','.join(names())})")
    _add_text_option(check)
    _add_brand_option(check)
    batch = commands.add_parser(
        "batch", help="every format in every language, in parallel",
        description="Make every format in every language into one folder, with manifest.json.",
        epilog=LANGUAGE_EXAMPLES, formatter_class=formatter)
    batch.add_argument("--langs", default="all", help="'all' or codes separated by commas (default: all)")
    batch.add_argument("--formats", default=",".join(names()),
                       help=f"formats separated by commas (default: {','.join(names())})")
    batch.add_argument("--paper", default=None, metavar="SIZE", help="paper of the posters (default: A3)")
    batch.add_argument("--tile", default=None, metavar="SHEET",
                       help="each poster split over A4 or letter sheets to print at home, as 'poster --tile'")
    batch.add_argument("--bleed", action="store_true",
                       help="posters, cards and booklets with 3 mm bleed and crop marks, for a print shop")
    batch.add_argument("--pdfx", action="store_true",
                       help="with --bleed: posters, cards and booklets as PDF/X-3 for offset printing (Ghostscript)")
    batch.add_argument("--out-dir", type=_user_path, default=Path("dist"), help="output folder (default: dist)")
    batch.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per CPU)")
    _add_text_option(batch)
    _add_brand_option(batch)
    commands.add_parser("brand-example", help="print a commented example brand.yaml",
                        description="Print a commented example of brand.yaml, the file --brand reads: your "
                                    "practice's name, contact details, logo, colour and QR code.",
                        epilog="example:\n  chartgen brand-example > brand.yaml\n", formatter_class=formatter)
    text_example = commands.add_parser(
        "text-example", help="print a commented starting file for --text",
        description="Print a commented text-override file for one language, the file --text reads: the texts "
                    "practitioners most often word their own way (disclaimer, zone names, cautions...), with the "
                    "shipped wording as values. Keep only the keys you change.",
        epilog="example:\n  chartgen text-example --lang de > my-de.yaml\n"
               "  chartgen poster --lang de --text my-de.yaml\n", formatter_class=formatter)
    text_example.add_argument("--lang", default="en", help="language code of a shipped translation (default: en)")
    studio = commands.add_parser(
        "studio", help="make every chart from a web page on this computer",
        description="Start chartgen studio: a page in your web browser where you choose the chart, language, "
                    "paper and options, your practice's details and your own wording, see the chart, and "
                    "download it. It runs on this computer only (127.0.0.1) until you press Ctrl-C.",
        epilog="examples:\n  chartgen studio\n  chartgen studio --port 8800 --no-browser\n",
        formatter_class=formatter)
    studio.add_argument("--port", type=int, default=STUDIO_PORT, help=f"the port (default: {STUDIO_PORT})")
    studio.add_argument("--host", default="127.0.0.1",
                        help="the address to listen on (default: 127.0.0.1, this computer only)")
    studio.add_argument("--no-browser", action="store_true", help="do not open the web browser")


STUDIO_PORT = 8765
"""The studio's port unless --port says otherwise."""


def _add_brand_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--brand", type=_user_path, metavar="FILE",
                        help="your practice's brand.yaml: name, contact, logo, colour, QR code "
                             "(see 'chartgen brand-example')")


def _add_text_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text", type=_user_path, metavar="FILE",
                        help="your own wording of some texts: a YAML file with only the keys you change "
                             "(see 'chartgen text-example')")


def _add_language_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", default="en", help="language code of a shipped translation (default: en)")
    parser.add_argument("--content", type=_user_path, metavar="FILE",
                        help="your own locale YAML, in the same shape as assets/locales/en.yaml")
    _add_text_option(parser)


EXIT_INTERRUPTED = 128
"""Exit status on a signal is this plus the signal's number (130 for Ctrl-C), as shells report it."""


def main(argv: list[str] | None = None) -> int:
    """Run chartgen; returns the exit status.

    Without `argv`, chartgen is the program (the `chartgen` script, `python -m chartgen`): it reads sys.argv and
    leaves the libraries it imported frozen out of the garbage collector's sight (see _start_up_done), so that the
    collection Python makes at exit skips them too (about 0.25 s of a cold poster). Given `argv` (a caller in the
    same process, such as a test), it puts the collector back as it found it.
    """
    install_signal_handlers()  # first: a signal from here on ends in one line, not a traceback
    collecting = gc.isenabled()
    gc.disable()  # while the libraries are imported: see _start_up_done (check and batch turn it on at once)
    try:
        words = sys.argv[1:] if argv is None else argv
        args = build_parser(described=_format_asked_for(words)).parse_args(words)
        return _run(args)
    except InputError as error:
        for problem in error.problems:
            print(f"chartgen: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (KeyboardInterrupt, Terminated, RuntimeError) as error:
        stop = _signal_behind(error)
        if stop is None:
            raise
        if isinstance(stop, KeyboardInterrupt):
            print("chartgen: interrupted; no file was changed", file=sys.stderr)
            return _stopped(EXIT_INTERRUPTED + signal.SIGINT, program=argv is None)
        print(f"chartgen: stopped by signal {stop.signal_number}; no file was changed", file=sys.stderr)
        return _stopped(EXIT_INTERRUPTED + stop.signal_number, program=argv is None)
    finally:
        if argv is not None:
            gc.unfreeze()
        if collecting:
            gc.enable()
        else:
            gc.disable()


def _signal_behind(error: BaseException) -> KeyboardInterrupt | Terminated | None:
    """The signal's exception that `error` is, or was raised from; None for any other error.

    Why: Python wraps an exception raised while a class body is being set up in a RuntimeError ("Error calling
    __set_name__ ..."), so a Ctrl-C that lands while matplotlib's classes are being made during its import arrives
    as a RuntimeError caused by the KeyboardInterrupt (seen in CI under load).
    """
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt | Terminated):
            return seen
        seen = seen.__cause__
    return None


def _stopped(status: int, *, program: bool) -> int:
    """`status` for a run stopped by a signal; the program itself exits here, without Python's finalization.

    Why: the signal can arrive in the middle of importing a library's C extension (numpy, matplotlib, ReportLab
    accelerators). The exception unwinds chartgen's own clean-up (temporary files removed, batch workers
    stopped) before it reaches `main`, but finalizing the interpreter with a half-imported extension can abort
    ("Fatal Python error: PyThreadState_Get", exit status -6, seen under load in CI). Nothing is left to do
    after the message, so the program ends as the signal's default action would: at once, with 128 + signal.
    """
    if not program:
        return status
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def _start_up_done() -> None:
    """Import the diagram's drawing (matplotlib: every built-in format draws its diagram), freeze everything
    imported so far out of the garbage collector's sight (gc.freeze), and let the collector run again.

    The imports leave about 180,000 objects the collector tracks, which live as long as the process (the modules,
    classes and functions of ReportLab, pypdf, matplotlib, fontTools, numpy). Collected as they come, they are
    traversed again by every full collection: three in one cold poster, and one more as Python exits. Frozen, they
    are left out, and what the command itself makes is collected as usual: a cold poster takes about 0.3 s less
    here (benchmarks/README.md). Turning the collector on again without freezing gains nothing (the next full
    collection traverses everything); keeping it off through the drawing is slower than this, and would let a
    long run grow by some 8 MB a document.
    """
    importlib.import_module("chartgen.diagram.draw")
    gc.freeze()
    gc.enable()


def _run(args: argparse.Namespace) -> int:
    if args.command == "brand-example":
        from chartgen.brand import EXAMPLE

        print(EXAMPLE, end="")
        return 0
    if args.command == "text-example":
        from chartgen import overrides

        print(overrides.example(args.lang), end="")
        return 0
    if args.command == "studio":
        from chartgen.studio.server import serve

        if not 0 < args.port < 65536:
            raise InputError(Problem(f"{args.port} is not a port; use 1 to 65535", key="--port"))
        # The collector is off while chartgen starts (see main): a server that draws for hours needs it on, or
        # every preview's reference cycles (matplotlib's figures) stay in memory, some 2 to 6 MB a preview.
        _start_up_done()
        return serve(host=args.host, port=args.port, open_browser=not args.no_browser)
    if args.command == "langs":
        from chartgen import languages

        print(languages.table())
        return 0

    from chartgen import files, pdf

    pdf.source_date()  # a bad SOURCE_DATE_EPOCH is reported before any PDF work is done
    if args.command in ("check", "batch"):
        from chartgen import commands

        gc.enable()  # many documents, each language in a worker of its own: the collector as usual
        command: Callable[[argparse.Namespace], int] = getattr(commands, args.command)
        return command(args)
    from chartgen.formats import Request, format_named

    fmt = format_named(args.command)
    settings = fmt.settings(vars(args))
    content = _content(args)
    brand = _brand(args)
    output = pdf_output(args.output, fmt.default_name(content.meta.code, settings))
    _start_up_done()  # every argument is checked: what follows draws
    data = fmt.render(Request(content, settings, brand))
    files.write_atomic(output, data)
    print(output)
    return 0


def _content(args: argparse.Namespace) -> Content:
    """The texts of one document: the shipped language or --content, with --text merged onto it if given."""
    from chartgen import content as content_module
    from chartgen import overrides

    if args.text is None:
        loaded = content_module.load(args.content) if args.content else content_module.load_language(args.lang)
    elif args.content:
        loaded = overrides.load(args.content, overrides.read(args.text))
    else:
        return overrides.load_language(args.lang, overrides.read(args.text))
    note = loaded.filled_note()
    if note:
        print(f"chartgen: {note}", file=sys.stderr)
    return loaded



def _brand(args: argparse.Namespace) -> Brand | None:
    """The checked brand of --brand, or None without it."""
    if args.brand is None:
        return None
    from chartgen import brand

    return brand.load(args.brand)


def pdf_output(requested: Path | None, default_name: str) -> Path:
    """Where to write: the -o path or the default name here, checked before any drawing is done."""
    from chartgen import files

    return files.check_output(requested if requested is not None else Path(default_name))

