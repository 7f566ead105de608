"""A user's paths -> checked reads (regular files within a size limit, UTF-8 text) and safe, atomic writes.

Reads never block on a FIFO or a device and never take more than their limit; a write never replaces anything
but a regular file of this user that may be written, and leaves either the old file or the complete new one
(a signal included: `interrupted` turns SIGTERM and SIGHUP into an exception, so clean-up code runs).
Every failure is an InputError naming the path and what to do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from chartgen.errors import InputError, Problem

TEXT_FILE_LIMIT = 2_000_000
"""Bytes a YAML file of ours may have (a whole locale is about 15 KB)."""


class Terminated(BaseException):
    """The process was asked to stop (SIGTERM, SIGHUP): unwinds like KeyboardInterrupt, so clean-up runs."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal_number)
        self.signal_number = signal_number


def _raise_terminated(signal_number: int, _frame: FrameType | None) -> None:
    raise Terminated(signal_number)


def install_signal_handlers() -> None:
    """Make SIGTERM and SIGHUP raise Terminated in the main thread (SIGINT already raises KeyboardInterrupt)."""
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            signal.signal(number, _raise_terminated)


def user_path(value: Path | str, *, key: str) -> Path:
    """A path the user typed, with ~ and ~user expanded; an empty one or an unknown ~user is an error."""
    text = str(value)
    if not text.strip():
        raise InputError(Problem("is empty; give a path", key=key))
    expanded = os.path.expanduser(text)
    if expanded.startswith("~"):
        raise InputError(Problem(f"{text}: no such user's home folder; write the path in full", key=key))
    return Path(expanded)


def _describe(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_bytes(path: Path, *, limit: int, what: str = "file", key: str | None = None) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them; anything else is an InputError."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(Problem("file not found; check the path", file=path, key=key)) from None
    except OSError as exc:
        raise InputError(Problem(f"cannot read the {what}: {exc.strerror}", file=path, key=key)) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(Problem(f"is {_describe(info.st_mode)}, not a {what}; give the path of a {what}",
                                 file=path, key=key))
    if info.st_size > limit:
        raise InputError(Problem(f"the {what} is {info.st_size:,} bytes, more than the {limit:,} a {what} may "
                                 "have; check that this is the right file", file=path, key=key))
    try:
        # O_NONBLOCK: should the path have become a FIFO since the check, opening it must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError(Problem(f"is not a regular {what}", file=path, key=key))
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError(Problem(f"cannot read the {what}: {exc.strerror}", file=path, key=key)) from None
    if len(data) > limit:
        raise InputError(Problem(f"the {what} is larger than the {limit:,} bytes it may have", file=path, key=key))
    return data


def read_text(path: Path, *, limit: int = TEXT_FILE_LIMIT, what: str = "file", key: str | None = None) -> str:
    """The UTF-8 text of the regular file `path` (see read_bytes); other encodings name the line to fix."""
    data = read_bytes(path, limit=limit, what=what, key=key)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(Problem(f"not UTF-8 text (byte {exc.start}); save the file as UTF-8", file=path,
                                 line=line, key=key)) from None


def _existing(path: Path, *, key: str, what: str) -> os.stat_result | None:
    """`path`'s own status (not a link's target), or None if there is nothing there yet.

    A symbolic link, or a path that cannot be looked at, is an InputError: chartgen never writes through a link.
    `what` ("file", "folder") names what the user should give instead.
    """
    try:
        info = path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise InputError(Problem(f"{path}: cannot check it: {exc.strerror}", key=key)) from None
    if stat.S_ISLNK(info.st_mode):
        raise InputError(Problem(f"{path} is a symbolic link (to {os.readlink(path)}); chartgen does not write "
                                 f"through links: give the real {what}'s path", key=key))
    return info


def check_output(path: Path, *, key: str = "-o") -> Path:
    """`path` if chartgen may write a file there (checked before any work is done), else an InputError.

    The folder must exist and be a folder. An existing `path` may be replaced only if it is a regular file of
    this user that may be written; a folder, a device, a FIFO, a symbolic link, or a file that is read-only or
    belongs to another user is left alone.
    """
    path = user_path(path, key=key)
    folder = path.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise InputError(Problem(f"the folder {folder} {what}; create it or choose another place", key=key))
    info = _existing(path, key=key, what="file")
    if info is None:
        return path
    if not stat.S_ISREG(info.st_mode):
        raise InputError(Problem(f"{path} is {_describe(info.st_mode)}; give the name of a PDF file to write",
                                 key=key))
    if info.st_uid != os.geteuid():
        raise InputError(Problem(f"{path} belongs to another user; chartgen does not replace it: choose another "
                                 "name", key=key))
    if not info.st_mode & stat.S_IWUSR:
        raise InputError(Problem(f"{path} is read-only; chartgen does not replace it: choose another name or "
                                 "make it writable", key=key))
    return path


def check_folder(value: Path | str, *, key: str = "--out-dir") -> Path:
    """The output folder `value`, created if missing, if chartgen may write into it; else an InputError.

    Like `check_output` for a folder: a symbolic link, or anything but a folder, is refused.
    """
    if not str(value).strip():
        raise InputError(Problem("is empty; give the folder to write into", key=key))
    path = user_path(value, key=key)
    info = _existing(path, key=key, what="folder")
    if info is None:
        try:
            path.mkdir(parents=True)
        except OSError as exc:
            raise InputError(Problem(f"cannot create {path}: {exc.strerror}", key=key)) from None
        info = path.lstat()
    if not stat.S_ISDIR(info.st_mode):
        raise InputError(Problem(f"{path} exists and is not a folder; give a folder (it is created if missing)",
                                 key=key))
    if not os.access(path, os.W_OK | os.X_OK):
        raise InputError(Problem(f"cannot write into {path}: permission denied; choose another {key}", key=key))
    return path


def _umask() -> int:
    """The process's file-creation mask (reading it means setting it, so it is put straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes, *, key: str = "-o") -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename it into place.

    A failure (full disk, no permission) or a signal leaves the old file (or none) and no temporary file.
    """
    path = check_output(path, key=key)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise InputError(Problem(f"cannot write into {path.parent}: {exc.strerror}", key=key)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), 0o666 & ~_umask())  # mkstemp makes 0600; a PDF is for sharing
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror
        raise InputError(Problem(f"cannot write {path}: {reason}; nothing was changed", key=key)) from None
    except BaseException:
        _remove(tmp)
        raise


def _remove(tmp: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP back while the block runs (a short step that must not be cut in two)."""
    wanted = {s for s in (getattr(signal, n, None) for n in ("SIGINT", "SIGTERM", "SIGHUP")) if s is not None}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, wanted)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
