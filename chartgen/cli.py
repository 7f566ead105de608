"""Command line: arguments -> a PDF on disk, or one line per problem on stderr and exit status 2."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from chartgen import __version__
from chartgen.errors import InputError, Problem

EXIT_BAD_INPUT = 2

POSTER_EXAMPLES = """\
examples:
  chartgen poster                       # A3 poster in English: chartgen-poster-en-A3.pdf
  chartgen poster --paper A1 --bleed    # for a print shop: 3 mm bleed and crop marks
  chartgen poster --content my-de.yaml -o praxis-poster.pdf
"""


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
    poster.add_argument("-o", "--output", type=Path, metavar="OUT.pdf",
                        help="output file (default: chartgen-poster-<lang>-<paper>.pdf here)")
    return parser


def _add_language_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", default="en", help="language code of a shipped translation (default: en)")
    parser.add_argument("--content", type=Path, metavar="FILE",
                        help="your own locale YAML, in the same shape as assets/locales/en.yaml")


def main(argv: list[str] | None = None) -> int:
    """Run chartgen; returns the exit status."""
    try:
        args = build_parser().parse_args(argv)
        return _run(args)
    except InputError as error:
        for problem in error.problems:
            print(f"chartgen: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _run(args: argparse.Namespace) -> int:
    from chartgen import content as content_module
    from chartgen import pdf

    pdf.source_date()  # a bad SOURCE_DATE_EPOCH is reported before any work is done
    content = content_module.load(args.content) if args.content else content_module.load_language(args.lang)
    if args.command == "poster":
        from chartgen.formats import poster
        from chartgen.layout import load_poster

        layout = load_poster()
        paper_key = layout.paper_key(args.paper or layout.default_paper)
        output = pdf_output(args.output, f"chartgen-poster-{content.meta.code}-{paper_key}.pdf")
        data = poster.render(content, paper=paper_key, bleed=args.bleed)
    else:  # argparse only lets known commands through
        raise AssertionError(args.command)
    pdf.write_atomic(output, data)
    print(output)
    return 0


def pdf_output(requested: Path | None, default_name: str) -> Path:
    """Where to write: the -o path or the default name here, checked before any drawing is done."""
    from chartgen import pdf

    output = requested or Path(default_name)
    pdf.check_writable(output)
    return output

