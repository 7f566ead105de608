"""Candidate settings + an attempt at each -> the first setting that fits, or the failure at the floor (values).

The one bounded fit loop of chartgen: the card's boxes, the poster's type scale, the booklet's diagram height and
body size, the brand block, the printing notes and the diagram's layouts all try candidates from the largest
down to a floor with it. A candidate is whatever a format tries (a type size in pt, a scale factor, a diagram
height in mm, a whole arrangement of a page); the engine never looks inside it, so the caller states its unit.
An attempt gives either its fitted value or a `NoFit` carrying what the caller needs to name the problem (box,
key, how much is missing); no exception is used to ask for another try. Turning a failure into an `InputError`
is left to the format's entry points.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

C = TypeVar("C")
"""A candidate setting (its unit is the caller's)."""
F = TypeVar("F")
"""What an attempt that fits gives."""
P = TypeVar("P")
"""What an attempt that does not fit carries: enough to name the problem, or to choose the next candidate."""


@dataclass(frozen=True)
class NoFit(Generic[P]):
    """An attempt that did not fit; `why` holds what the caller needs to say why (or to decide what to try next)."""

    why: P


def shrink_to_fit(largest: C, attempt: Callable[[C], F | NoFit[P]], smaller: Callable[[C, P], C | None], *,
                  max_attempts: int) -> F | NoFit[P]:
    """Try `largest`, then each candidate `smaller(candidate, why)` gives after a failure, until one fits.

    The first fitted value wins. When `smaller` gives None (the floor was tried) the floor's NoFit is the result.
    Bounded: `attempt` is called at most `max_attempts` times (at least once); a `smaller` that would go on
    past that bound ends the loop with the last NoFit, as if the floor had been reached.
    """
    if max_attempts < 1:
        raise ValueError(f"max_attempts must be at least 1, not {max_attempts}")
    candidate = largest
    for _ in range(max_attempts - 1):
        result = attempt(candidate)
        if not isinstance(result, NoFit):
            return result
        following = smaller(candidate, result.why)
        if following is None:
            return result
        candidate = following
    return attempt(candidate)


def first_fit(candidates: Sequence[C], attempt: Callable[[C], F | NoFit[P]]) -> F | NoFit[P]:
    """The first of `candidates` (ordered largest first, the floor last) that fits, else the floor's NoFit.

    Bounded: `attempt` is called at most len(candidates) times. For candidates that depend on how the last one
    failed, use `shrink_to_fit`. (mypy cannot split `F | NoFit[P]` by itself here: spell out the result's type
    where it is assigned.)
    """
    if not candidates:
        raise ValueError("no candidates to try")
    last = len(candidates) - 1
    return shrink_to_fit(0, lambda index: attempt(candidates[index]),
                         lambda index, _why: index + 1 if index < last else None, max_attempts=len(candidates))


def steps_down(largest: float, floor: float, step: float) -> tuple[float, ...]:
    """`largest`, `largest - step`, ... down to `floor` (same unit, e.g. pt), never below it.

    round((largest - floor) / step) + 1 values (one when `largest` <= `floor`); when `step` does not divide the
    range evenly, the last value is the step nearest the floor (raised to the floor if it falls below it).
    """
    if step <= 0:
        raise ValueError(f"step must be positive, not {step}")
    count = max(0, round((largest - floor) / step))
    return tuple(max(floor, largest - index * step) for index in range(count + 1))
