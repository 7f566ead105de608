"""A character a user typed -> None if chartgen can print it, else why it is refused (one rule for every text).

The loader applies this rule to every text of a locale, a text-override file and a brand file, so `chartgen
check` and the renderers can never disagree about a character. Whether the fonts have a glyph for a printable
character is checked separately (chartgen.fonts), per language.

Classes, and what happens to them:
- ordinary letters, marks, digits, punctuation, symbols and spaces: printed (if the fonts have them);
- a line break inside a text: kept where the text allows it;
- the joiners that shape scripts (U+200C ZERO WIDTH NON-JOINER, U+200D ZERO WIDTH JOINER) and the soft hyphen
  (U+00AD, a place where a word may break): kept, they are part of writing;
- direction controls (U+200E, U+200F, U+061C, U+202A-U+202E, U+2066-U+2069): refused, because chartgen sets
  the direction of every line itself and a stray control would reorder the words;
- other invisible format characters (U+FEFF, U+200B, U+2060, tags...), line and paragraph separators
  (U+2028, U+2029), control characters, private-use, unassigned and surrogate code points: refused by name,
  because they print nothing or something different on every device.
"""

from __future__ import annotations

import unicodedata

KEPT_FORMAT_CHARACTERS = frozenset({"\u200c", "\u200d", "\u00ad"})
"""Invisible characters that are part of writing: the joiners that shape Arabic and Indic scripts, and the soft
hyphen."""
DIRECTION_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def refusal(char: str) -> str | None:
    """Why `char` (one character) cannot be printed as typed, or None if it can."""
    if char == "\n":
        return None
    category = unicodedata.category(char)
    if char in DIRECTION_CONTROLS:
        return (f"contains the direction control {_named(char)}; remove it: chartgen sets the direction of "
                "every line itself")
    if category == "Cf" and char not in KEPT_FORMAT_CHARACTERS:
        return f"contains the invisible character {_named(char)}; remove it"
    if category in ("Zl", "Zp"):
        return f"contains {_named(char)}; use an ordinary line break instead"
    if category == "Cc":
        return f"contains the control character {_named(char)}; remove it"
    if category in ("Co", "Cs", "Cn"):
        kind = {"Co": "a private-use", "Cs": "a surrogate", "Cn": "an unassigned"}[category]
        return f"contains {kind} code point U+{ord(char):04X}, which no font can be relied on for; remove it"
    return None


def refusals(text: str) -> list[str]:
    """One reason per distinct refused character of `text`, in order of first appearance."""
    reasons: dict[str, None] = {}
    for char in dict.fromkeys(text):
        reason = refusal(char)
        if reason is not None:
            reasons[reason] = None
    return list(reasons)


def _named(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, '(no name)')}"
