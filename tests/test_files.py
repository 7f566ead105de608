"""Reading a user's files and writing ours: refused paths, limits, atomic replacement, no leftovers."""

from __future__ import annotations

import errno
import os
import stat
import time

import pytest

from chartgen import files
from chartgen.errors import InputError


def _message(caught: pytest.ExceptionInfo[InputError]) -> str:
    (problem,) = caught.value.problems
    text = str(problem)
    assert "\n" not in text
    return text


# ---------------------------------------------------------------- reading


def test_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "content.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        files.read_text(fifo, what="YAML file")
    assert time.monotonic() - started < 2
    assert "is a named pipe (FIFO), not a YAML file" in _message(caught)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_device_is_refused(device):
    with pytest.raises(InputError) as caught:
        files.read_bytes(files.user_path(device, key="--content"), limit=1000)
    assert "is a device" in _message(caught)


def test_folder_is_refused(tmp_path):
    with pytest.raises(InputError) as caught:
        files.read_text(tmp_path)
    assert "is a folder" in _message(caught)


def test_huge_file_is_refused_from_its_size_without_reading_it(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(10 * files.TEXT_FILE_LIMIT)  # sparse: costs no disk
    with pytest.raises(InputError) as caught:
        files.read_text(big)
    assert "more than the 2,000,000 a file may have" in _message(caught)


def test_not_utf8_names_the_line(tmp_path):
    latin1 = tmp_path / "de.yaml"
    latin1.write_bytes("title: ok\nsubtitle: Fu\xdf\n".encode("latin-1"))
    with pytest.raises(InputError) as caught:
        files.read_text(latin1)
    assert _message(caught).startswith(f"{latin1}:2: not UTF-8 text")


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as caught:
        files.read_text(tmp_path / "nope.yaml")
    assert "file not found" in _message(caught)


def test_home_of_an_unknown_user_is_an_error():
    with pytest.raises(InputError) as caught:
        files.user_path("~no-such-user-here/brand.yaml", key="--brand")
    assert "no such user's home folder" in _message(caught)


def test_home_is_expanded(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert files.user_path("~/brand.yaml", key="--brand") == tmp_path / "brand.yaml"


def test_empty_path_is_an_error():
    with pytest.raises(InputError) as caught:
        files.user_path("  ", key="-o")
    assert _message(caught) == "-o: is empty; give a path"


# ---------------------------------------------------------------- writing


def test_write_atomic_replaces_whole_file(tmp_path):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    files.write_atomic(target, b"new contents")
    assert target.read_bytes() == b"new contents"
    assert target.stat().st_mode & 0o777 == 0o666 & ~files._umask()
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


@pytest.mark.parametrize("failure", [errno.ENOSPC, errno.EIO])
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch, failure):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")

    def broken_replace(_src, _dst):
        raise OSError(failure, os.strerror(failure))

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(InputError) as caught:
        files.write_atomic(target, b"data")
    message = _message(caught)
    assert message.startswith("-o: cannot write") and "nothing was changed" in message
    if failure == errno.ENOSPC:
        assert "the disk is full" in message
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


@pytest.mark.parametrize("stop", [KeyboardInterrupt, lambda: files.Terminated(15)])
def test_a_signal_while_writing_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch, stop):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")

    def interrupted_fsync(_fd):
        raise stop()

    monkeypatch.setattr(files.os, "fsync", interrupted_fsync)
    with pytest.raises((KeyboardInterrupt, files.Terminated)):
        files.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_folder_fifo_device_and_link_are_never_replaced(tmp_path):
    os.mkfifo(tmp_path / "pipe.pdf")
    (tmp_path / "folder.pdf").mkdir()
    (tmp_path / "real.pdf").write_bytes(b"keep")
    (tmp_path / "link.pdf").symlink_to(tmp_path / "real.pdf")
    expected = {"pipe.pdf": "is a named pipe (FIFO)", "folder.pdf": "is a folder",
                "link.pdf": "is a symbolic link", "/dev/null": "is a device"}
    for name, words in expected.items():
        with pytest.raises(InputError) as caught:
            files.write_atomic(tmp_path / name, b"new")
        assert words in _message(caught), name
    assert (tmp_path / "real.pdf").read_bytes() == b"keep"
    assert stat.S_ISFIFO((tmp_path / "pipe.pdf").lstat().st_mode)
    assert not list(tmp_path.glob(".*part"))


def test_read_only_file_is_not_replaced(tmp_path):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"keep")
    target.chmod(0o444)
    with pytest.raises(InputError) as caught:
        files.write_atomic(target, b"new")
    assert "is read-only" in _message(caught)
    assert target.read_bytes() == b"keep"


@pytest.mark.skipif(os.geteuid() != 0 and not os.environ.get("CI"), reason="only root can give a file to another user")
def test_another_users_file_is_not_replaced(tmp_path):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"keep")
    os.chown(target, 65534, 65534)
    with pytest.raises(InputError) as caught:
        files.write_atomic(target, b"new")
    assert "belongs to another user" in _message(caught)
    assert target.read_bytes() == b"keep"


def test_missing_folder_and_a_file_as_folder(tmp_path):
    (tmp_path / "file").write_bytes(b"")
    for folder, words in ((tmp_path / "nope", "does not exist"), (tmp_path / "file", "is not a folder")):
        with pytest.raises(InputError) as caught:
            files.check_output(folder / "out.pdf")
        assert words in _message(caught)


def test_unwritable_folder_is_one_line(tmp_path, monkeypatch):
    def refused(**_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", refused)
    with pytest.raises(InputError) as caught:
        files.write_atomic(tmp_path / "out.pdf", b"new")
    assert _message(caught) == f"-o: cannot write into {tmp_path}: Permission denied"
    assert not list(tmp_path.iterdir())
