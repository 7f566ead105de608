"""Shipped locale files -> what `chartgen langs` shows: code, native name, direction, completeness, status."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from chartgen import content, schema
from chartgen.errors import InputError


@dataclass(frozen=True)
class LanguageInfo:
    code: str
    native_name: str
    direction: str
    status: str
    present: int
    """How many of the English file's text keys this file has."""
    total: int
    """How many text keys the English file has."""
    valid: bool
    """Whether the file loads without any problem (complete, well-formed, right types)."""

    @property
    def completeness(self) -> float:
        """Share of the English keys present, 0..1."""
        return self.present / self.total if self.total else 0.0


def _leaf_keys(node: yaml.Node | None, prefix: str = "") -> dict[str, yaml.Node]:
    """Dotted key paths of every scalar in a YAML node tree (list items as key[i])."""
    if isinstance(node, yaml.MappingNode):
        result: dict[str, yaml.Node] = {}
        for key_node, value in node.value:
            result.update(_leaf_keys(value, f"{prefix}.{key_node.value}" if prefix else str(key_node.value)))
        return result
    if isinstance(node, yaml.SequenceNode):
        result = {}
        for index, value in enumerate(node.value):
            result.update(_leaf_keys(value, f"{prefix}[{index}]"))
        return result
    return {prefix: node} if node is not None else {}


def _meta(leaves: dict[str, yaml.Node], key: str) -> str:
    node = leaves.get(f"meta.{key}")
    return str(node.value) if isinstance(node, yaml.ScalarNode) and node.value else "?"


def describe(path: Path) -> LanguageInfo:
    """Completeness and metadata of one locale file, even one that does not load."""
    reference = _leaf_keys(schema.load_yaml(content.locale_path("en")))
    wanted = {key for key in reference if not key.startswith("meta.")}
    try:
        leaves = _leaf_keys(schema.load_yaml(path))
    except InputError:
        leaves = {}
    present = sum(1 for key in wanted if key in leaves and str(leaves[key].value).strip())
    try:
        content.load(path)
        valid = True
    except InputError:
        valid = False
    return LanguageInfo(
        code=path.stem,
        native_name=_meta(leaves, "native_name"),
        direction=_meta(leaves, "direction"),
        status=_meta(leaves, "status"),
        present=present,
        total=len(wanted),
        valid=valid,
    )


def table() -> str:
    """The `chartgen langs` table, one line per shipped language."""
    rows = [describe(content.locale_path(code)) for code in content.available_languages()]
    header = f"{'code':<6}{'language':<20}{'dir':<5}{'complete':>9}  {'status':<9}"
    lines = [header, "-" * len(header)]
    for info in rows:
        complete = f"{info.completeness:.0%}" + ("" if info.valid else "!")
        lines.append(f"{info.code:<6}{info.native_name:<20}{info.direction:<5}{complete:>9}  {info.status:<9}")
    if any(not info.valid for info in rows):
        lines.append("! the file has problems: run `chartgen check --lang CODE` to list them")
    return "\n".join(lines)
