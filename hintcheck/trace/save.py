"""Saving a trace: exclusive, atomic, never through a symbolic link.

The bytes go to a temporary file in the trace folder, are flushed to
disk, and the file is hard-linked to its final name, which never replaces
anything (where the filesystem has no hard links, the name is created
exclusively and removed again if the write fails). A name that is taken
gets the next number, unless the file there has the same content; a
symbolic link at a name is refused, never followed. Every failure is one
`TraceSaveError` line naming the path, and leaves nothing partial behind.
"""
from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

from hintcheck.trace.format import Trace, TraceSaveError

# link(2) errors that mean "this filesystem has no hard links", not "this save failed".
_NO_LINK = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV, errno.EMLINK})
# Errors syncing the folder that mean it cannot be synced here (not that the data is at risk).
_NO_DIR_SYNC = frozenset({errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EACCES, errno.EPERM,
                          errno.EBADF, errno.EISDIR})
_CREATE = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte and flush it to the device (a short write is retried, not ignored)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[written:]
    os.fsync(fd)


def _write_new(path: Path, data: bytes) -> bool:
    """Create `path` exclusively with `data`; False if the name is taken. Nothing is left on failure."""
    try:
        fd = os.open(path, _CREATE, 0o666)
    except FileExistsError:
        return False
    try:
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
    except BaseException:              # a full disk, a size limit, Ctrl-C: no partial file keeps the name
        _remove(path)
        raise
    return True


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _same_file(path: Path, data: bytes) -> bool | None:
    """Whether `path` holds exactly `data`; None when nothing is there.

    A symbolic link is refused, dangling or not: it is neither read nor
    written through. Anything else that is not a regular file (a folder, a
    FIFO) is simply not the same.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        raise OSError(errno.ELOOP, "a symbolic link is in the way (it is never followed)", str(path))
    if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
        return False
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        chunks, size = [], 0
        while size <= len(data):
            chunk = os.read(fd, len(data) + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks) == data
    finally:
        os.close(fd)


class _Placer:
    """Puts one trace's bytes under a free name: a synced temporary file hard-linked into place.

    The temporary file has a short hidden name in the trace folder (the
    same filesystem, so the link cannot cross devices) and is removed in
    every case. Where the filesystem has no hard links, the final name is
    created exclusively instead and removed again if the write fails.
    """

    def __init__(self, folder: Path, data: bytes) -> None:
        self.folder, self.data = folder, data
        self.temp: Path | None = None
        self.linkable = True

    def place(self, target: Path) -> bool:
        """Put the bytes at `target`; False if the name is taken (nothing replaced)."""
        if self.linkable:
            if self.temp is None:
                self.temp = self._temporary()
            try:
                os.link(self.temp, target)
                return True
            except FileExistsError:
                return False
            except OSError as exc:
                if exc.errno not in _NO_LINK:
                    raise
                self.linkable = False
                self.discard()
        return _write_new(target, self.data)

    def _temporary(self) -> Path:
        while True:
            path = self.folder / f".hintcheck-{secrets.token_hex(8)}.tmp"
            if _write_new(path, self.data):
                self.temp = path
                return path

    def discard(self) -> None:
        if self.temp is not None:
            temp, self.temp = self.temp, None
            _remove(temp)

    def sync_folder(self, placed: Path) -> None:
        """Make the new name durable; a failure that puts it at risk removes it again."""
        try:
            fd = os.open(self.folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            if exc.errno in _NO_DIR_SYNC:
                return               # this folder cannot be synced here; the file itself was
            _remove(placed)
            raise


def _folder(directory: str | Path) -> Path:
    if isinstance(directory, str) and not directory.strip():
        raise TraceSaveError("trace not saved: the trace directory is an empty string")
    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TraceSaveError(f"trace not saved: cannot create folder {exc.filename or folder}: "
                             f"{exc.strerror or exc}") from None
    except ValueError as exc:                             # a NUL byte in the name
        raise TraceSaveError(f"trace not saved: folder {str(folder)!r:.80}: {exc}") from None
    return folder


def write_new(path: Path, data: bytes) -> bool:
    """Write `data` as the new file `path` the way a trace is written: whole or not at all, never
    replacing anything; False when the name is taken. OSError for any other failure, nothing left."""
    placer = _Placer(path.parent, data)
    try:
        if _same_file(path, data) is not None or not placer.place(path):
            return False
        placer.sync_folder(path)
        return True
    finally:
        placer.discard()


def save(trace: Trace, directory: str | Path) -> Path:
    """Write `trace` under `directory`, exclusively and atomically; return the file.

    A different file of the same name keeps its name and the new trace gets
    the next numbered one (`...-2.json`); a file with the same content is
    returned as it is. Nothing is ever replaced, and a name is never written
    until the whole trace is on disk under a temporary name.

    Raises
    ------
    TraceSaveError
        For every failure (a read-only folder, a full disk, a name too long,
        a file where the folder should be, a symbolic link at the name),
        naming the path and the reason. No partial file, temporary or final,
        is left behind.
    """
    folder = _folder(directory)
    data = trace.dumps().encode("utf-8")
    base = folder / trace.file_name()
    placer = _Placer(folder, data)
    candidate, n = base, 1
    try:
        while True:
            same = _same_file(candidate, data)
            if same:
                return candidate
            if same is None and placer.place(candidate):
                placer.sync_folder(candidate)
                return candidate
            if same is False:        # taken by something else: the next number
                n += 1
                candidate = base.with_name(f"{base.stem}-{n}.json")
            # else the name was taken between the look and the link: look again
    except OSError as exc:
        raise TraceSaveError(f"trace not saved: {candidate}: {exc.strerror or exc}") from None
    except ValueError as exc:                             # a NUL byte in a name from the trace
        raise TraceSaveError(f"trace not saved: {str(candidate)!r:.120}: {exc}") from None
    finally:
        placer.discard()
