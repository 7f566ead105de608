"""brand.yaml loading: a good file gives a Brand; every bad value is one clear file:line message (and exit 2)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from chartgen import brand as brand_module
from chartgen.errors import InputError

GOOD = """\
name: Praxis Fußwohl
person: Anna Berg
phone: +49 30 1234 5678
email: anna@fusswohl.example
website: https://fusswohl.example/termine
address: Gartenstraße 5, 10115 Berlin
logo: logo.png
accent: "#1F5C99"
line:
  en: Appointments Monday to Friday.
"""


def make_logo(folder: Path, name: str = "logo.png", size: tuple[int, int] = (400, 200),
              colour: tuple[int, int, int] = (230, 0, 0)) -> Path:
    """A plain-coloured test logo made with Pillow (no binary files in the repository)."""
    path = folder / name
    Image.new("RGB", size, colour).save(path)
    return path


def write_brand(folder: Path, text: str = GOOD, *, logo: bool = True) -> Path:
    if logo:
        make_logo(folder)
    path = folder / "brand.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        brand_module.load(path)
    return [str(p) for p in caught.value.problems]


def test_good_file_loads_with_logo_relative_to_the_file(tmp_path):
    brand = brand_module.load(write_brand(tmp_path))
    assert brand.name == "Praxis Fußwohl"
    assert brand.logo == tmp_path / "logo.png"
    assert brand.accent == "#1F5C99"
    assert brand.line_for("en") == "Appointments Monday to Friday."
    assert brand.line_for("de") is None
    assert brand.website_label == "fusswohl.example/termine"
    assert brand.author == "Anna Berg, Praxis Fußwohl"


def test_only_the_name_is_needed(tmp_path):
    brand = brand_module.load(write_brand(tmp_path, "name: Praxis\n", logo=False))
    assert (brand.name, brand.website, brand.logo, brand.accent) == ("Praxis", None, None, None)


def test_the_example_file_is_valid(tmp_path):
    make_logo(tmp_path)
    path = tmp_path / "brand.yaml"
    path.write_text(brand_module.EXAMPLE, encoding="utf-8")
    brand = brand_module.load(path)
    assert brand.website == "https://fusswohl.example" and brand.line_for("de")


def test_missing_name_and_unknown_key(tmp_path):
    found = problems(write_brand(tmp_path, "person: Anna\ncolour: red\n", logo=False))
    assert any("brand.yaml:2: colour: unknown key" in p for p in found)
    assert any("name: is missing" in p for p in found)


@pytest.mark.parametrize(("line", "key", "expected"), [
    ("email: anna(at)example.com", "email", "is not an e-mail address"),
    ("website: fusswohl.example", "website", "is not a web address; write it in full, like https://"),
    ("website: ftp://fusswohl.example", "website", "is not a web address"),
    ("phone: call me", "phone", "is not a phone number"),
    ('accent: "#FFDD00"', "accent", "too light to read on white paper (contrast 1.3 : 1"),
    ("accent: cmyk(0, 10, 80, 0)", "accent", "too light to read on white paper"),
    ("accent: red", "accent", "is not a colour; write #RRGGBB"),
    ("accent: cmyk(120, 0, 0, 0)", "accent", "percentage from 0 to 100"),
    ("logo: nowhere.png", "logo", "nowhere.png: file not found"),
    ("logo: logo.gif", "logo", "use a PNG, JPEG or SVG file"),
    ("logo: broken.png", "logo", "broken.png: cannot read this image"),
    ("logo: broken.svg", "logo", "broken.svg: cannot read this SVG file"),
])
def test_each_bad_value_is_one_line_naming_file_line_and_key(tmp_path, line, key, expected):
    (tmp_path / "broken.png").write_bytes(b"not a png at all")
    (tmp_path / "broken.svg").write_text("<svg oops", encoding="utf-8")
    found = problems(write_brand(tmp_path, f"name: Praxis\n{line}\n", logo=False))
    assert len(found) == 1
    assert found[0].startswith(f"{tmp_path / 'brand.yaml'}:2: {key}: ")
    assert expected in found[0]


def test_dark_cmyk_accent_becomes_its_rgb(tmp_path):
    brand = brand_module.load(write_brand(tmp_path, "name: P\naccent: cmyk(100, 50, 0, 40)\n", logo=False))
    assert brand.accent == "#004C99"
    assert brand_module.contrast_on_white(brand.accent) >= brand_module.MIN_CONTRAST


def test_contrast_ratio_matches_wcag():
    assert brand_module.contrast_on_white("#000000") == pytest.approx(21.0)
    assert brand_module.contrast_on_white("#FFFFFF") == pytest.approx(1.0)
    assert brand_module.contrast_on_white("#767676") == pytest.approx(4.54, abs=0.01)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chartgen", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_cli_brand_example_prints_a_loadable_file(tmp_path):
    result = run("brand-example", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == brand_module.EXAMPLE
    assert "# " in result.stdout  # commented


def test_cli_bad_brand_is_exit_2_one_line_no_pdf(tmp_path):
    write_brand(tmp_path, "name: Praxis\nemail: nope\n", logo=False)
    for command in (["poster"], ["card"], ["booklet"], ["batch", "--langs", "en", "--out-dir", "dist"]):
        result = run(*command, "--brand", "brand.yaml", cwd=tmp_path)
        assert result.returncode == 2, command
        assert result.stderr.strip().splitlines() == [
            "chartgen: brand.yaml:2: email: 'nope' is not an e-mail address; write it like name@example.com"]
        assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.pdf")) and not (tmp_path / "dist").exists()


def test_cli_card_with_brand(tmp_path):
    write_brand(tmp_path)
    result = run("card", "--brand", "brand.yaml", "-o", "card.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    from pypdf import PdfReader

    reader = PdfReader(tmp_path / "card.pdf")
    assert reader.metadata["/Author"] == "Anna Berg, Praxis Fußwohl"
    assert "Praxis Fußwohl" in reader.pages[1].extract_text()
