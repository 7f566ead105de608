"""YAML file -> frozen dataclass, checked against the dataclass's type hints, with file:line errors.

Used for both locale texts and format layouts: the dataclasses *are* the schema.
Supported field types: str, int, float, bool, Literal[...], tuple[T, ...],
dict[str, T], nested dataclasses, and `T | None` for optional fields.
Field metadata may set "min"/"max" (numbers: value; tuples/dicts: length), "max_chars" (text), and
"schema": False for a field that is not read from the file (e.g. where it came from).
Every text obeys chartgen.characters and MAX_TEXT_CHARS; YAML anchors and aliases are refused (a few lines
of aliases can expand to gigabytes).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin

import yaml

from chartgen import characters, files
from chartgen.errors import InputError, Problem

T = TypeVar("T")

Meta = Mapping[str, Any]
"""A dataclass field's metadata: "min", "max", "max_chars", "schema" (see above)."""

_FOLDABLE_SPACE = re.compile(r"[ \t\r\n]+")

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it (several times faster), else the pure-Python one."""


MAX_TEXT_CHARS = 1500
"""Characters any one text may have (the longest shipped text has about 310): a longer one is refused at once,
before any fitting is tried."""


def load_yaml(path: Path) -> yaml.Node | None:
    """Parse `path` safely into a node tree (which keeps line numbers); syntax errors are InputErrors."""
    return compose_text(files.read_text(path, what="YAML file"), source=path)


def compose_text(text: str, *, source: Path | str) -> yaml.Node | None:
    """Parse YAML `text` safely into a node tree; `source` names it (a path, or e.g. a web form's field) in the
    InputError a syntax error, an anchor or an alias becomes."""
    try:
        _refuse_aliases(text, source)
        return yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        raise InputError(
            Problem(f"invalid YAML: {what}; fix the syntax", file=source, line=line)
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(f"invalid YAML: {exc}", file=source)) from None


def _refuse_aliases(text: str, source: Path | str) -> None:
    """An InputError at the first YAML anchor (&name) or alias (*name): our files never need them."""
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            line = event.start_mark.line + 1 if event.start_mark else None
            raise InputError(Problem("YAML anchors and aliases (&name, *name) are not allowed here; write the "
                                     "value out", file=source, line=line))


def load(cls: type[T], path: Path) -> T:
    """Load `path` and build a `cls` from it; every problem found is reported at once."""
    return load_located(cls, path)[0]


def load_located(cls: type[T], path: Path) -> tuple[T, dict[str, int]]:
    """Load `path` as a `cls`, with the line (1-based) of every key path in the file (e.g. "zones.lumbar.find")."""
    value, lines, _ = build_located(cls, load_yaml(path), source=path)
    return value, lines


def build_located(cls: type[T], node: yaml.Node | None, *, source: Path | str,
                  node_files: Mapping[int, str] | None = None) -> tuple[T, dict[str, int], dict[str, str]]:
    """Build a `cls` from a node tree whose nodes come from `source`, except those whose id() `node_files` maps
    to another file (a text override merged onto a locale); (value, line of every key path, file of every key
    path that came from another file). Every problem names the file and line its node came from."""
    builder = _Builder(source, node_files or {}, getattr(cls, "MISSING_HINT", MISSING_HINT))
    value = builder.build(cls, node, "")
    if builder.problems:
        raise InputError(builder.problems)
    return value, builder.lines, builder.files


def line_of(node: yaml.Node | None) -> int | None:
    """1-based line of a node, if known (a node made from a mapping in memory has none)."""
    return node.start_mark.line + 1 if node is not None and node.start_mark is not None else None


MISSING_HINT = "see the English file for an example"
"""Where a missing key's message sends the reader, unless the class built says otherwise (MISSING_HINT)."""


class _Builder:
    def __init__(self, source: Path | str, node_files: Mapping[int, str], missing_hint: str) -> None:
        self.source = source
        self.missing_hint = missing_hint
        self.node_files = node_files
        self.problems: list[Problem] = []
        self.lines: dict[str, int] = {}
        """Line of each key path's value."""
        self.files: dict[str, str] = {}
        """File of each key path whose value came from a file other than `source`."""

    def file_of(self, node: yaml.Node | None) -> Path | str:
        return self.node_files.get(id(node), self.source) if node is not None else self.source

    def fail(self, message: str, node: yaml.Node | None, key: str) -> None:
        self.problems.append(Problem(message, file=self.file_of(node), line=line_of(node), key=key or None))

    def build(self, tp: Any, node: yaml.Node | None, key: str, meta: Meta | None = None) -> Any:
        """A value of type `tp` from `node` at key path `key`, or None after recording what is wrong with it."""
        meta = meta or {}
        if node is not None and key:
            line = line_of(node)
            if line is not None:
                self.lines[key] = line
            if id(node) in self.node_files:
                self.files[key] = self.node_files[id(node)]
        if get_origin(tp) in (typing.Union, types.UnionType):
            options = [a for a in get_args(tp) if a is not type(None)]
            if node is None or _is_null(node):
                return None
            return self.build(options[0], node, key, meta)
        if node is None or _is_null(node):
            self.fail("is empty; give a value", node, key)
            return None
        return self.build_value(tp, node, key, meta)

    def build_value(self, tp: Any, node: yaml.Node, key: str, meta: Meta) -> Any:
        """Like `build`, for a type that is not optional and a node that is not empty."""
        origin = get_origin(tp)
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            return self.build_dataclass(tp, node, key)
        if origin is Literal:
            return self.build_literal(tp, node, key)
        if origin is tuple:
            return self.build_tuple(tp, node, key, meta)
        if origin is dict:
            return self.build_dict(tp, node, key, meta)
        if tp is str:
            return self.build_str(node, key, meta)
        if tp is bool:
            return self.build_scalar(node, key, bool, "true or false")
        if tp is int:
            return self.check_range(self.build_scalar(node, key, int, "a whole number"), node, key, meta)
        if tp is float:
            return self.check_range(self.build_scalar(node, key, float, "a number"), node, key, meta)
        raise TypeError(f"schema type {tp!r} at {key} is not supported")

    def build_dataclass(self, cls: type, node: yaml.Node, key: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            self.fail(f"must be a mapping of keys ({_kind(node)} found)", node, key)
            return None
        hints = _type_hints(cls)
        fields = {f.name: f for f in dataclasses.fields(cls) if f.init and f.metadata.get("schema", True)}
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            path = f"{key}.{name}" if key else str(name)
            if name in seen:
                self.fail(f"appears twice (also on line {line_of(seen[name])}); keep one", key_node, path)
                continue
            if name not in fields:
                known = ", ".join(sorted(fields))
                self.fail(f"unknown key; expected one of: {known}", key_node, path)
                continue
            seen[name] = value_node
        values: dict[str, Any] = {}
        for name, field in fields.items():
            path = f"{key}.{name}" if key else name
            if name in seen:
                values[name] = self.build(hints[name], seen[name], path, dict(field.metadata))
            elif field.default is not dataclasses.MISSING:
                values[name] = field.default
            elif field.default_factory is not dataclasses.MISSING:
                values[name] = field.default_factory()
            elif _is_optional(hints[name]):
                values[name] = None
            else:
                self.fail(f"is missing; add it ({self.missing_hint})", node, path)
        if len(values) < len(fields) or any(v is None and not _is_optional(hints[n]) for n, v in values.items()):
            return None
        try:
            return cls(**values)
        except ValueError as exc:  # a dataclass's own cross-field check (__post_init__)
            self.fail(str(exc), node, key)
            return None

    def build_literal(self, tp: Any, node: yaml.Node, key: str) -> Any:
        choices = get_args(tp)
        value = node.value if isinstance(node, yaml.ScalarNode) else None
        if value in choices:
            return value
        self.fail(f"must be one of: {', '.join(map(str, choices))} (found {value!r})", node, key)
        return None

    def build_tuple(self, tp: Any, node: yaml.Node, key: str, meta: Meta) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            self.fail(f"must be a list ({_kind(node)} found)", node, key)
            return None
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item_types = [args[0]] * len(node.value)
        else:
            if len(node.value) != len(args):
                self.fail(f"must be a list of exactly {len(args)} items ({len(node.value)} found)", node, key)
                return None
            item_types = list(args)
        if not self.check_length(len(node.value), node, key, meta):
            return None
        items = [self.build(t, n, f"{key}[{i}]") for i, (t, n) in enumerate(zip(item_types, node.value, strict=True))]
        return None if any(i is None for i in items) else tuple(items)

    def build_dict(self, tp: Any, node: yaml.Node, key: str, meta: Meta) -> Any:
        if not isinstance(node, yaml.MappingNode):
            self.fail(f"must be a mapping ({_kind(node)} found)", node, key)
            return None
        _, value_type = get_args(tp)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(f"a key must be plain text ({_kind(key_node)} found)", key_node, key)
                continue
            name = str(key_node.value)
            path = f"{key}.{name}"
            if name in result:
                self.fail("appears twice; keep one", key_node, path)
                continue
            result[name] = self.build(value_type, value_node, path)
        if not self.check_length(len(result), node, key, meta):
            return None
        return None if any(v is None for v in result.values()) else result

    def build_str(self, node: yaml.Node, key: str, meta: Meta) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.fail(f"must be text ({_kind(node)} found)", node, key)
            return None
        limit = meta.get("max_chars", MAX_TEXT_CHARS)
        if len(node.value) > limit:
            self.fail(f"is {len(node.value):,} characters long, more than the {limit:,} a text may have; shorten "
                      "it", node, key)
            return None
        # Runs of ordinary white space fold to one space; no-break spaces (French "100 %") are kept.
        text = (_FOLDABLE_SPACE.sub(" ", node.value).strip() if node.style in (None, "", "'", '"', ">")
                else node.value.strip())
        if not text:
            self.fail("is empty; give the text", node, key)
            return None
        reasons = characters.refusals(text)
        for reason in reasons:
            self.fail(reason, node, key)
        return None if reasons else text

    def build_scalar(self, node: yaml.Node, key: str, tp: type, what: str) -> Any:
        if isinstance(node, yaml.ScalarNode):
            value = _SCALARS.construct_object(node) if node.style in (None, "") else node.value
            if tp is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if isinstance(value, tp) and (tp is bool or not isinstance(value, bool)):
                return value
        self.fail(f"must be {what} (found {getattr(node, 'value', _kind(node))!r})", node, key)
        return None

    def check_range(self, value: Any, node: yaml.Node, key: str, meta: Meta) -> Any:
        if value is None:
            return None
        low, high = meta.get("min"), meta.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            self.fail(f"must be between {low} and {high} (found {value})", node, key)
            return None
        return value

    def check_length(self, count: int, node: yaml.Node, key: str, meta: Meta) -> bool:
        low, high = meta.get("min"), meta.get("max")
        if low is not None and count < low:
            self.fail(f"needs at least {low} items ({count} found)", node, key)
            return False
        if high is not None and count > high:
            self.fail(f"takes at most {high} items ({count} found)", node, key)
            return False
        return True


_SCALARS = yaml.constructor.SafeConstructor()
"""Turns a plain scalar node into its YAML value (int, float, bool...) without parsing text again."""


@functools.cache
def _type_hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _is_optional(tp: Any) -> bool:
    return get_origin(tp) in (typing.Union, types.UnionType) and type(None) in get_args(tp)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "a single value"
