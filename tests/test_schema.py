"""Bad locale YAML: each kind of mistake gives one clear line with file, line and key."""

from __future__ import annotations

import pytest

from chartgen import content
from chartgen.errors import InputError
from conftest import write_locale


def problems(path) -> list[str]:
    content.load.cache_clear()
    with pytest.raises(InputError) as caught:
        content.load(path)
    return [str(p) for p in caught.value.problems]


def line_number(text: str, needle: str) -> int:
    return text.splitlines().index(needle) + 1


def test_syntax_error_names_file_and_line(tmp_path):
    path = write_locale(tmp_path, lambda t: t.replace("title: Foot reflex zones of the spine", "title: [unclosed"))
    (message,) = problems(path)
    assert message.startswith(f"{path}:")
    assert "invalid YAML" in message


def test_unknown_key_is_named_with_its_line(tmp_path):
    path = write_locale(tmp_path, lambda t: t.replace("subtitle:", "subtitel:"))
    messages = problems(path)
    text = path.read_text()
    line = next(number for number, row in enumerate(text.splitlines(), 1) if row.startswith("subtitel:"))
    assert f"{path}:{line}: subtitel: unknown key" in messages[0]
    assert any("subtitle: is missing" in m for m in messages)


def test_missing_nested_key_is_named(tmp_path):
    path = write_locale(tmp_path, lambda t: t.replace("    short: Mid back\n", ""))
    (message,) = problems(path)
    assert "zones.thoracic.short: is missing" in message


def test_wrong_type_is_named(tmp_path):
    path = write_locale(tmp_path, lambda t: t.replace("  heading: Tips\n", "  heading:\n    - Tips\n"))
    (message,) = problems(path)
    assert "tips.heading: must be text (a list found)" in message


def test_empty_text_is_an_error(tmp_path):
    path = write_locale(tmp_path, lambda t: t.replace("\ntitle: Foot reflex zones of the spine", '\ntitle: ""'))
    (message,) = problems(path)
    assert "title: is empty" in message


def test_duplicate_key_is_an_error(tmp_path):
    path = write_locale(tmp_path, lambda t: t.replace("subtitle:", "title: again\nsubtitle:"))
    messages = problems(path)
    assert any("title: appears twice" in m for m in messages)


def test_bad_choice_lists_the_choices(tmp_path):
    path = write_locale(tmp_path, lambda t: t.replace("direction: ltr", "direction: sideways"))
    (message,) = problems(path)
    assert "meta.direction: must be one of: ltr, rtl" in message


def test_wrong_number_of_steps(tmp_path):
    def drop_third_step(text: str) -> str:
        start = text.index("    - title: Press and circle")
        end = text.index("  note: A few minutes")
        return text[:start] + text[end:]

    (message,) = problems(write_locale(tmp_path, drop_third_step))
    assert "steps.items: must be a list of exactly 3 items (2 found)" in message


def test_control_character_is_refused(tmp_path):
    path = write_locale(tmp_path, lambda t: t.replace("\ntitle: Foot reflex zones of the spine\n",
                                                      '\ntitle: "Foot\\u0007 reflex zones of the spine"\n'))
    (message,) = problems(path)
    assert "U+0007" in message


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Fu\xdf".encode("latin-1"))
    (message,) = problems(path)
    assert "not UTF-8" in message


def test_every_problem_is_reported_at_once(tmp_path):
    path = write_locale(tmp_path,
                        lambda t: t.replace("subtitle:", "subtitel:").replace("direction: ltr", "direction: up"))
    assert len(problems(path)) == 3  # unknown key, missing key, bad choice


def test_no_break_spaces_are_kept(tmp_path):
    path = write_locale(tmp_path, lambda t: t.replace("\ntitle: Foot reflex zones of the spine",
                                                      '\ntitle: "Zones  réflexes\u00a0: 100\u00a0%"'))
    content.load.cache_clear()
    assert content.load(path).title == "Zones réflexes\u00a0: 100\u00a0%"
