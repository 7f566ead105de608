"""Property-based fuzzing: random Unicode (letters of every shipped script, marks, format, control and bidi
characters) in random texts of a locale, rendered in-process in one format per example.

The only outcomes allowed are a PDF or our own InputError whose problems are one line each; and `check`
agrees with the renderer: when it finds no problem for a format's default options, that format renders.

Budget: FUZZ_EXAMPLES examples per format (environment variable CHARTGEN_FUZZ_EXAMPLES; 12, in CI too: the
examples are derandomized, the same every run, so more of them in CI only bought time; a long run sets more).
A longer run: `CHARTGEN_FUZZ_EXAMPLES=3000 python -m pytest tests/test_fuzz.py` (see benchmarks/README.md).
In a run of the whole suite the test runs in a second pytest process beside the others (conftest.py).
"""

from __future__ import annotations

import functools
import itertools
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from chartgen import batch, cli, content
from chartgen.errors import InputError
from chartgen.formats import BUILT_IN as FORMATS
from chartgen.formats import Request, format_named
from chartgen.formats.base import Format, Settings
from conftest import EN_PATH

FUZZ_EXAMPLES = int(os.environ.get("CHARTGEN_FUZZ_EXAMPLES", "12"))

PRINTABLE = st.one_of(
    st.sampled_from(list("abcXYZ 0123456789.,;:!?()[]«»„“–—/&<>%@#'\"ßéçñøłİışğ\u00a0\u202f\u00ad")),  # Latin
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),  # Arabic, with its marks and digits
    st.characters(min_codepoint=0x0900, max_codepoint=0x097F),  # Devanagari
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80),  # CJK
    st.characters(min_codepoint=0x0400, max_codepoint=0x04FF),  # Cyrillic
    st.sampled_from(list("\u200c\u200d\u0301\u0651\u3000\uff0c\n")),  # joiners, marks, CJK space and comma
)
NASTY = st.one_of(
    st.characters(min_codepoint=0x0590, max_codepoint=0x05FF),  # Hebrew: no font has it
    st.sampled_from(list("\u200b\u200e\u200f\u061c\u2060\ufeff\u2028\u2029\u202a\u202b\u202c\u202d\u202e"
                         "\u2066\u2067\u2068\u2069\t\x07\x1b\ue000\U0001F600\U000E0041")),
    st.characters(),  # anything at all
)
TEXTS = st.one_of(st.text(PRINTABLE, min_size=1, max_size=40),
                  st.text(st.one_of(PRINTABLE, NASTY), min_size=1, max_size=40))
_counter = itertools.count()


def _text_keys(node: object, prefix: str = "") -> list[str]:
    """Dotted paths of every text of the English file (except meta, which says what the file is)."""
    if isinstance(node, dict):
        return [k for key, value in node.items() if key != "meta"
                for k in _text_keys(value, f"{prefix}.{key}" if prefix else str(key))]
    if isinstance(node, list):
        return [k for index, value in enumerate(node) for k in _text_keys(value, f"{prefix}[{index}]")]
    return [prefix]


ENGLISH = yaml.safe_load(Path(EN_PATH).read_text(encoding="utf-8"))
KEYS = _text_keys(ENGLISH)


def _set(tree: dict, key: str, value: str) -> None:
    parts = key.replace("[", ".[").split(".")
    node: object = tree
    for part in parts[:-1]:
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]  # type: ignore[index]
    last = parts[-1]
    if last.startswith("["):
        node[int(last[1:-1])] = value  # type: ignore[index]
    else:
        node[last] = value  # type: ignore[index]


def _format(name: str) -> Format:
    return format_named(name)


@functools.cache
def _default(name: str) -> Settings:
    """The settings a user gets with no options (`chartgen <name>`), as the command line resolves them."""
    settings = _format(name).settings(vars(cli.build_parser().parse_args([name])))
    assert any(variant.settings == settings for variant in _format(name).variants())
    return settings


def _one_line_problems(error: InputError) -> None:
    assert error.problems
    for problem in error.problems:
        assert "\n" not in str(problem) and str(problem).strip(), repr(str(problem))


@pytest.mark.background  # the slowest test: it runs beside the others, in a pytest of its own (conftest.py)
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(st.sampled_from(KEYS), TEXTS), min_size=1, max_size=3),
       rtl=st.booleans())
@pytest.mark.parametrize("fmt", FORMATS)
def test_random_text_gives_a_pdf_or_our_one_line_errors(tmp_path_factory, fmt, changes, rtl):
    tree = yaml.safe_load(yaml.safe_dump(ENGLISH))
    if rtl:
        tree["meta"]["direction"] = "rtl"
    for key, value in changes:
        _set(tree, key, value)
    path = tmp_path_factory.mktemp("fuzz") / f"fuzz-{next(_counter)}.yaml"
    path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")

    try:
        loaded = content.load(path)
    except InputError as error:
        _one_line_problems(error)
        checked = batch.run_task(batch.Task("fuzz", FORMATS, "A3", None, content_file=path))
        assert not all(outcome.ok for outcome in checked), "check passed a file that does not load"
        event("refused when loaded")
        return
    # `check` of exactly the document rendered below (the format's default: A3 poster, card, A6 booklet, A4
    # handout): the property is "check passes -> the render works". One format per example (the test runs once per
    # format): a render costs a diagram, and four renders per example bought a quarter of the texts for the time.
    # check's other combinations have tests of their own (tests/test_commands.py, tests/formats/test_registry.py).
    request = Request(loaded, _default(fmt))
    check_ok = not _format(fmt).check(request)
    try:
        data = _format(fmt).render(request)
    except InputError as error:
        _one_line_problems(error)
        assert not check_ok, f"check passed a file whose {fmt} fails: {error}"
        event(f"{fmt}: one-line error")
        return
    assert data.startswith(b"%PDF")
    event(f"{fmt}: PDF")
