"""A text-override YAML (--text: the few texts a practitioner changes) + a locale file -> validated `Content`
whose every text names the file and line it came from; and the commented starting file `chartgen text-example`
prints.

The override's keys are merged onto the locale's YAML tree before the schema checks it, so an override is
checked exactly like a locale (unknown key, wrong type, the character rule, length), and every later problem
with an overridden text (a missing glyph, a text that does not fit) names the override file and its line. A
mapping merges key by key; any other value (a text, a list) replaces the shipped one whole.
"""

from __future__ import annotations

import dataclasses
import json
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from chartgen import content as content_module
from chartgen import files, schema
from chartgen.content import Content
from chartgen.errors import InputError, Problem

LANG_KEY = "lang"
"""The optional top-level key saying which language an override file is for (e.g. `lang: de`)."""

FIXED_SECTIONS = ("meta",)
"""Top-level keys an override may not change: what a language is (its code, direction) is not a wording."""

OPTION = "--text"


@dataclass(frozen=True)
class Overrides:
    """A parsed override file: its changed texts (a YAML mapping node, without `lang`) and where it came from."""

    source: str
    """The file (or, for a caller in memory, a name such as a form field) the texts came from."""
    node: yaml.MappingNode
    lang: str | None = None
    """The language the file says it is for (`lang: de`), or None if it does not say."""
    lang_line: int | None = None

    def problem(self, message: str, *, key: str | None = LANG_KEY) -> Problem:
        return Problem(message, file=self.source, line=self.lang_line if key == LANG_KEY else None, key=key)


def read(path: Path) -> Overrides:
    """Read and parse the override file at `path` (see `parse`)."""
    text = files.read_text(path, what="text-override file", key=OPTION)
    return parse(text, source=str(path))


def parse(text: str, *, source: str) -> Overrides:
    """Parse override YAML `text` named `source`; its structure is checked now, its texts when applied."""
    return _from_node(schema.compose_text(text, source=source), source)


def from_mapping(mapping: Mapping[str, Any], *, source: str) -> Overrides:
    """Overrides from a mapping already in memory (e.g. a web form's fields); problems name `source`, no line."""
    representer = yaml.representer.SafeRepresenter()
    try:
        node = representer.represent_data(dict(mapping))
    except yaml.YAMLError as error:  # a value that is not text, a number, a list or a mapping
        raise InputError(Problem(f"cannot be read as texts: {error}", file=source, key=OPTION)) from None
    return _from_node(node, source)


def _from_node(node: yaml.Node | None, source: str) -> Overrides:
    if node is None or not isinstance(node, yaml.MappingNode) or not node.value:
        raise InputError(Problem("holds no texts to change; give a mapping of keys as in the shipped locale "
                                 "(see 'chartgen text-example')", file=source, line=schema.line_of(node),
                                 key=OPTION))
    kept: list[tuple[yaml.Node, yaml.Node]] = []
    lang: str | None = None
    lang_line: int | None = None
    problems: list[Problem] = []
    for key_node, value_node in node.value:
        name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if name == LANG_KEY:
            lang, lang_line = _lang(value_node, source, problems), schema.line_of(value_node)
        elif name in FIXED_SECTIONS:
            problems.append(Problem("a text override cannot change what a language is; remove this section",
                                    file=source, line=schema.line_of(key_node), key=name))
        else:
            kept.append((key_node, value_node))
    if problems:
        raise InputError(problems)
    merged = yaml.MappingNode(node.tag, kept, node.start_mark, node.end_mark)
    return Overrides(source=source, node=merged, lang=lang, lang_line=lang_line)


def _lang(node: yaml.Node, source: str, problems: list[Problem]) -> str | None:
    value = node.value if isinstance(node, yaml.ScalarNode) else None
    known = content_module.available_languages()
    if value in known:
        return str(value)
    problems.append(Problem(f"must be the code of a shipped language ({', '.join(known)}); found {value!r}",
                            file=source, line=schema.line_of(node), key=LANG_KEY))
    return None


def load(base: Path, overrides: Overrides) -> Content:
    """The locale file `base` with `overrides` merged onto it, validated as one locale: each problem names the
    file and line of the text it is about (the override's for an overridden text)."""
    base_node, node_files, filled = content_module.locale_node(base)
    merged, problems = _merge(base_node, overrides.node, overrides.source, node_files)
    if problems:
        raise InputError(problems)
    value, lines, key_files = schema.build_located(Content, merged, source=base, node_files=node_files)
    if overrides.lang is not None and overrides.lang != value.meta.code:
        raise InputError(overrides.problem(
            f"this file changes the texts of {overrides.lang!r}, not of {value.meta.code!r}; use it with "
            f"--lang {overrides.lang}, or change this line"))
    return dataclasses.replace(value, source=str(base), key_lines=tuple(sorted(lines.items())),
                               key_files=tuple(sorted(key_files.items())), filled=filled)


def load_language(lang: str, overrides: Overrides | None) -> Content:
    """A shipped language, with `overrides` merged onto it if given."""
    content = content_module.load_language(lang)
    return content if overrides is None else load(content_module.locale_path(lang), overrides)


def _merge(base: yaml.Node | None, over: yaml.Node, source: str,
           node_files: dict[int, str]) -> tuple[yaml.Node, list[Problem]]:
    """`base` with `over` merged onto it (mappings key by key; anything else replaced whole), recording in
    `node_files` the id of every node taken from `over`; and the problems of `over`'s own shape."""
    if not isinstance(base, yaml.MappingNode) or not isinstance(over, yaml.MappingNode):
        for node in _nodes(over):
            node_files[id(node)] = source
        return over, []
    pairs = list(base.value)
    index = {key.value: i for i, (key, _) in enumerate(pairs) if isinstance(key, yaml.ScalarNode)}
    seen: dict[str, int | None] = {}
    problems: list[Problem] = []
    for key_node, value_node in over.value:
        name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if name is not None and name in seen:
            problems.append(Problem(f"appears twice (also on line {seen[name]}); keep one", file=source,
                                    line=schema.line_of(key_node), key=name))
            continue
        if name is not None:
            seen[name] = schema.line_of(key_node)
        if name is not None and name in index:
            old_key, old_value = pairs[index[name]]
            value, found = _merge(old_value, value_node, source, node_files)
            problems += [dataclasses.replace(p, key=f"{name}.{p.key}") for p in found]
            pairs[index[name]] = (old_key, value)
        else:  # a key the locale does not have: the schema names it as unknown, in the override's file and line
            for node in (*_nodes(key_node), *_nodes(value_node)):
                node_files[id(node)] = source
            pairs.append((key_node, value_node))
    return yaml.MappingNode(base.tag, pairs, base.start_mark, base.end_mark), problems


def _nodes(node: yaml.Node) -> Iterator[yaml.Node]:
    """`node` and every node below it."""
    yield node
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _nodes(key)
            yield from _nodes(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _nodes(item)


def for_languages(overrides: Overrides | None, codes: list[str], *, option: str) -> dict[str, Overrides]:
    """Which of `codes` (the languages a check or batch makes) `overrides` applies to: one language, or an
    InputError when several are chosen and the file does not say which it is for (`lang: de`)."""
    if overrides is None:
        return {}
    if overrides.lang is None:
        if len(codes) == 1:
            return {codes[0]: overrides}
        raise InputError(Problem(
            f"a text-override file is for one language, and {option} chooses {len(codes)}; add a line such as "
            f"'lang: de' at the top of {overrides.source} (its other languages are then made as shipped), or "
            f"choose one language with {option}", key=OPTION))
    if overrides.lang not in codes:
        raise InputError(overrides.problem(
            f"this file is for {overrides.lang!r}, which {option} does not choose ({', '.join(codes)})"))
    return {overrides.lang: overrides}


EXAMPLE_WIDTH = 100
"""Characters of an example line before a long text is folded onto the next (YAML joins them with a space)."""


def example(lang: str) -> str:
    """A commented override file for `lang` holding the texts a practitioner most often changes, with the shipped
    wording as their values: `--text` accepts it unchanged (and then changes nothing)."""
    text = content_module.load_language(lang)
    name = f"{text.meta.english_name} ({lang})"
    out = [
        f"# Text overrides for {name}: the texts you want worded your own way. Everything you leave out comes",
        "# from the shipped translation. Delete what you do not change; change a value to change it on the page.",
        f"#   chartgen poster --lang {lang} --text my-{lang}.yaml",
        f"#   chartgen check --lang {lang} --text my-{lang}.yaml     # checks it: keys, characters, fitting",
        "# Any key of the shipped locale (assets/locales/en.yaml shows them all) may be added in the same shape;",
        "# a list (cautions.items) is replaced whole. With several languages (batch, check --lang all) the",
        "# 'lang' line says which language this file is for; the others are made as shipped.",
        f"{LANG_KEY}: {lang}",
        "",
        "# The disclaimer on the poster and booklet, and the card's shorter one: e.g. your country's legal wording.",
        "disclaimer:",
        f"  heading: {_value(text.disclaimer.heading, 2)}",
        f"  text: {_value(text.disclaimer.text, 2)}",
        "card:",
        f"  disclaimer: {_value(text.card.disclaimer, 2)}",
        f"  do_not_use: {_value(text.card.do_not_use, 2)}",
        "",
        "# Your own names for the zones (name: in the panels and on the diagram; short: where room is tight).",
        "zones:",
    ]
    for zone_id, zone in text.zones.ordered():
        out += [f"  {zone_id}:", f"    name: {_value(zone.name, 4)}", f"    short: {_value(zone.short, 4)}"]
    out += ["", "# When not to use the massage (2 to 6 items), and the note under them.", "cautions:", "  items:"]
    out += [f"    - {_value(item, 6)}" for item in text.cautions.items]
    out += [f"  note: {_value(text.cautions.note, 2)}" if text.cautions.note
            else '  # note: "A note under the list."']
    out += ["", "# The box on the booklet's back cover where you write or stamp your name.", "booklet:",
            f"  practitioner: {_value(text.booklet.practitioner, 2)}"]
    return "\n".join(out) + "\n"


def _value(text: str, indent: int) -> str:
    """`text` as a YAML value: quoted on the key's line if short, else a folded block indented below it."""
    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar
    if "\n" in text or len(quoted) + indent + 20 <= EXAMPLE_WIDTH:
        return quoted
    lines = textwrap.wrap(text, width=EXAMPLE_WIDTH - indent - 2, break_long_words=False, break_on_hyphens=False)
    pad = " " * (indent + 2)
    return ">-\n" + "\n".join(pad + line for line in lines)
