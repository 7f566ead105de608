"""The poster layout: papers, sizes and colours validated before drawing."""

from __future__ import annotations

import re

import pytest

from chartgen import layout, schema
from chartgen.errors import InputError
from chartgen.resources import LAYOUTS_DIR


def test_every_paper_is_known_in_any_case():
    poster = layout.load_poster()
    for name in ("a4", "A3", "a2", "A1", "LETTER", "Tabloid", "18X24IN", "24x36in"):
        assert poster.paper(name).width_mm > 0


def test_unknown_paper_lists_the_choices():
    with pytest.raises(InputError) as caught:
        layout.load_poster().paper("B5")
    assert "unknown paper 'B5'; choose one of A4|A3|A2|A1|letter|tabloid|18x24in|24x36in" in str(caught.value)


def test_bad_colour_is_an_error(tmp_path):
    path = tmp_path / "palette.yaml"
    path.write_text((LAYOUTS_DIR / "palette.yaml").read_text().replace('ink: "#1E2A36"', 'ink: "navy"'))
    with pytest.raises(InputError) as caught:
        schema.load(layout.Palette, path)
    assert "colour ink must be #RRGGBB (found 'navy')" in str(caught.value)


def test_every_format_prints_with_the_one_palette():
    """The palette has its own layout file; no format's layout carries colours of its own."""
    for name in ("poster", "card", "booklet"):
        assert not re.search(r"#[0-9A-Fa-f]{6}", (LAYOUTS_DIR / f"{name}.yaml").read_text()), name
    assert layout.palette_for("#123456").accent == "#123456"
    assert layout.palette_for(None) == layout.load_palette()


def test_out_of_range_number_is_an_error(tmp_path):
    path = tmp_path / "poster.yaml"
    path.write_text((LAYOUTS_DIR / "poster.yaml").read_text().replace("margin_mm: 12", "margin_mm: 0.5"))
    with pytest.raises(InputError) as caught:
        schema.load(layout.PosterLayout, path)
    assert "grid.margin_mm: must be between 3 and 60 (found 0.5)" in str(caught.value)
