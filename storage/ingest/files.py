"""Provides the files an import reads: folders walked lazily, only regular files read, within a size limit.

A FIFO would block a read forever and a device such as ``/dev/zero`` never
ends, so a file is opened without blocking and read only if it is a regular
file no bigger than the limit. File names come from outside: ``shown_path``
makes one safe to print (bytes that are not UTF-8 and control characters are
escaped).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
ARTICLE_SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".csv", ".jsonl")
"""What a folder import reads: article files, Nexis Uni downloads (.docx) and tables of articles."""
MAX_FILE_BYTES = 50 * 1024 * 1024
"""The default size limit of one article file (``--max-size``): a news page is rarely over a few MB."""

READ_CHUNK = 1024 * 1024
NON_BLOCKING: int = getattr(os, "O_NONBLOCK", 0)
"""Opening a FIFO without it waits for a writer forever (POSIX; Windows has no FIFOs to open)."""


class IngestError(Exception):
    """A path that cannot be ingested; the message is one line for users."""


@dataclass(frozen=True)
class RefusedPath:
    """A file or folder found while walking that cannot be imported, and why (one line, path included)."""

    path: Path
    reason: str


def shown_path(path: str | Path) -> str:
    r"""A path as one printable line: undecodable bytes as ``\xNN``, control characters escaped.

    Example: a name holding ESC and a newline prints as ``news\x1b\n.txt``.
    """
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


def has_utf8_name(path: Path) -> bool:
    """Whether the file's name is valid UTF-8 (the database stores it as text)."""
    try:
        os.fsencode(path).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def find_files(paths: Iterable[str | Path]) -> Iterator[Path | RefusedPath]:
    """Every article file under ``paths``, in order, and every file or folder found that cannot be read.

    Named files come as given (a bad named file is refused later, when read).
    Folders are walked in sorted order, one folder listed at a time, hidden
    entries and links to folders skipped; a subfolder that cannot be listed is a RefusedPath.

    Raises:
        IngestError: a named path is missing, a named folder cannot be read or
            holds no article files (the command itself is wrong).
    """
    for given in paths:
        path = Path(given).expanduser()
        if not os.path.lexists(path):
            raise IngestError(f"no such file or folder: {shown_path(path)}")
        if not path.is_dir():
            yield path
            continue
        found = False
        for entry in walk_folder(path, top=True):
            found = found or isinstance(entry, Path)
            yield entry
        if not found:
            raise IngestError(f"no .txt, .md, .html, .docx, .csv or .jsonl files in {shown_path(path)}")


def walk_folder(folder: Path, top: bool = False) -> Iterator[Path | RefusedPath]:
    """The article files in ``folder`` and below, depth first in name order; hidden entries skipped."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        reason = f"cannot read folder {shown_path(folder)}: {describe(error)}"
        if top:
            raise IngestError(reason) from None
        yield RefusedPath(folder, reason)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            # A link to a folder is not followed: one pointing back up would never end.
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_folder = False
        if is_folder:
            yield from walk_folder(path)
        elif path.suffix.lower() in ARTICLE_SUFFIXES:
            yield path


def describe(error: OSError) -> str:
    """An OSError in a few lowercase words ('permission denied'), without the path it names."""
    if error.errno == errno.EACCES or error.errno == errno.EPERM:
        return "permission denied"
    return (error.strerror or str(error)).lower()


def read_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``.

    The file is opened without blocking, so a FIFO cannot hang the import, and
    checked on the open descriptor, so it cannot be swapped after the check.

    Raises:
        IngestError: not a regular file, too big, a name that is not UTF-8, or unreadable.
    """
    name = shown_path(path)
    if not has_utf8_name(path):
        raise IngestError(f"{name}: the file name is not UTF-8 (rename the file to import it)")
    try:
        descriptor = os.open(path, os.O_RDONLY | NON_BLOCKING | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise IngestError(f"cannot read {name}: {describe(error)}") from None
    with os.fdopen(descriptor, "rb", buffering=0) as handle:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise IngestError(f"{name} is not a regular file ({file_kind(status.st_mode)})")
        if status.st_size > max_bytes:
            raise IngestError(f"{name} is too big ({megabytes(status.st_size)}; the limit is {megabytes(max_bytes)})")
        if NON_BLOCKING:
            os.set_blocking(descriptor, True)
        chunks, total = [], 0
        try:
            while chunk := handle.read(READ_CHUNK):
                chunks.append(chunk)
                total += len(chunk)
                if total > max_bytes:
                    raise IngestError(f"{name} is too big (over {megabytes(max_bytes)})")
        except OSError as error:
            raise IngestError(f"cannot read {name}: {describe(error)}") from None
    return b"".join(chunks)


def file_kind(mode: int) -> str:
    """What a file that is not regular is, in a word or two."""
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a pipe"), (stat.S_ISCHR, "a device"),
             (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))  # fmt: skip
    return next((kind for test, kind in kinds if test(mode)), "a special file")


def megabytes(size: int) -> str:
    """A size in MB for messages: '52.4 MB'."""
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
