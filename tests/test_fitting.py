"""The fit engine (chartgen.fitting): first fit wins, largest first, the floor's failure as a value, bounded."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chartgen.fitting import NoFit, first_fit, shrink_to_fit, steps_down


class Recorder:
    """An attempt that fits at or below `fits_at` and records every candidate it is given."""

    def __init__(self, fits_at: float) -> None:
        self.fits_at = fits_at
        self.tried: list[float] = []

    def __call__(self, size: float) -> str | NoFit[tuple[str, float]]:
        self.tried.append(size)
        if size <= self.fits_at:
            return f"set at {size}"
        return NoFit(("too tall", size))


def test_first_candidate_that_fits_wins_and_smaller_ones_are_not_tried():
    attempt = Recorder(fits_at=10)
    assert first_fit((12, 11, 10, 9, 8), attempt) == "set at 10"
    assert attempt.tried == [12, 11, 10]


def test_largest_candidate_is_tried_first_and_alone_when_it_fits():
    attempt = Recorder(fits_at=100)
    assert first_fit((12, 11, 10), attempt) == "set at 12"
    assert attempt.tried == [12]


def test_at_the_floor_the_failure_is_a_value_carrying_the_floors_data():
    attempt = Recorder(fits_at=0)
    result = first_fit((12, 11, 10), attempt)
    assert result == NoFit(("too tall", 10))  # the floor's, not the first or any other candidate's
    assert attempt.tried == [12, 11, 10]


def test_a_fitted_value_that_is_falsy_is_still_a_fit():
    tried: list[int] = []

    def attempt(size: int) -> int | NoFit[str]:
        tried.append(size)
        return 0 if size == 2 else NoFit("no")

    assert first_fit((3, 2, 1), attempt) == 0
    assert tried == [3, 2]


def test_first_fit_calls_a_never_fitting_attempt_once_per_candidate():
    attempt = Recorder(fits_at=-1)
    assert isinstance(first_fit(tuple(range(50, 0, -1)), attempt), NoFit)
    assert len(attempt.tried) == 50


def test_shrink_to_fit_takes_the_next_candidate_from_how_the_last_failed():
    seen: list[tuple[float, tuple[str, float]]] = []

    def smaller(size: float, why: tuple[str, float]) -> float | None:
        seen.append((size, why))
        return why[1] - 3  # jump by what the failure says, not by a fixed step

    attempt = Recorder(fits_at=5)
    assert shrink_to_fit(12.0, attempt, smaller, max_attempts=10) == "set at 3.0"
    assert attempt.tried == [12.0, 9.0, 6.0, 3.0]
    assert seen == [(12.0, ("too tall", 12.0)), (9.0, ("too tall", 9.0)), (6.0, ("too tall", 6.0))]


def test_shrink_to_fit_stops_at_the_floor_with_its_failure():
    attempt = Recorder(fits_at=0)
    result = shrink_to_fit(12.0, attempt, lambda size, _why: size - 1 if size > 10 else None, max_attempts=100)
    assert result == NoFit(("too tall", 10.0))
    assert attempt.tried == [12.0, 11.0, 10.0]


def test_shrink_to_fit_is_bounded_even_when_the_candidates_never_end():
    attempt = Recorder(fits_at=float("-inf"))
    result = shrink_to_fit(0.0, attempt, lambda size, _why: size - 1, max_attempts=7)
    assert len(attempt.tried) == 7
    assert result == NoFit(("too tall", -6.0))  # the last one tried


def test_a_fit_on_the_last_allowed_attempt_still_counts():
    attempt = Recorder(fits_at=-6)
    assert shrink_to_fit(0.0, attempt, lambda size, _why: size - 1, max_attempts=7) == "set at -6.0"


def test_nothing_to_try_is_a_programming_error():
    with pytest.raises(ValueError):
        first_fit((), Recorder(fits_at=1))
    with pytest.raises(ValueError):
        shrink_to_fit(1.0, Recorder(fits_at=1), lambda _size, _why: None, max_attempts=0)


@given(st.lists(st.integers(-100, 100), min_size=1, max_size=30), st.integers(-100, 100))
def test_first_fit_is_the_first_candidate_that_fits_in_the_given_order(candidates, fits_at):
    attempt = Recorder(fits_at=fits_at)
    result = first_fit(candidates, attempt)
    fitting = [index for index, size in enumerate(candidates) if size <= fits_at]
    if fitting:
        assert result == f"set at {candidates[fitting[0]]}"
        assert attempt.tried == candidates[:fitting[0] + 1]
    else:
        assert result == NoFit(("too tall", candidates[-1]))
        assert attempt.tried == candidates


def test_steps_down_from_the_largest_to_the_floor():
    assert steps_down(9.0, 6.5, 0.25) == tuple(9.0 - 0.25 * i for i in range(11))
    assert steps_down(9.0, 6.5, 0.25)[-1] == 6.5


def test_steps_down_never_goes_below_the_floor():
    assert steps_down(7.0, 6.5, 0.3) == (7.0, 6.7, 6.5)  # 1.67 steps: rounded to 2, the last raised to the floor
    assert min(steps_down(12.0, 6.5, 0.7)) >= 6.5


def test_steps_down_is_one_size_when_the_largest_is_at_or_below_the_floor():
    assert steps_down(6.5, 6.5, 0.25) == (6.5,)
    assert steps_down(6.0, 6.5, 0.25) == (6.5,)


def test_steps_down_needs_a_positive_step():
    with pytest.raises(ValueError):
        steps_down(9.0, 6.5, 0.0)
