"""Saving a trace: exclusive and atomic, never through a symbolic link, one error naming the path.

Every failure leaves the folder as it was: no temporary file, no partial
trace under the final name.
"""
import dataclasses
import errno
import os
import stat
import subprocess
import sys
import threading

import pytest

from hintcheck.floor.result import Verdict
from hintcheck.model.core import HintcheckError, Step
from hintcheck.trace.format import Trace, TraceSaveError
from hintcheck.trace.save import save

TRACE = Trace(model="counter", params={"top": 2, "limit": 1}, policy="plain", property="below_limit",
              engine="explore", seed=None, verdict=Verdict.VIOLATED, init={"n": 0},
              steps=(Step("inc"),), states=({"n": 1},))
NAME = TRACE.file_name()


def _other(seed):
    """A trace with the same file name as TRACE and different content."""
    return dataclasses.replace(TRACE, seed=seed)


def _failing(real, after_bytes, err):
    """`os.write` that lets `after_bytes` through, then fails with `err` (a size limit, a full disk)."""
    written = [0]

    def write(fd, data):
        if written[0] >= after_bytes:
            raise OSError(err, os.strerror(err))
        n = real(fd, bytes(data)[:after_bytes - written[0]])
        written[0] += n
        return n
    return write


def test_save_writes_the_trace_and_leaves_no_temporary_file(tmp_path):
    path = save(TRACE, tmp_path)
    assert path == tmp_path / NAME and Trace.load(path) == TRACE
    assert os.listdir(tmp_path) == [NAME]


def test_the_same_trace_twice_is_one_file(tmp_path):
    assert save(TRACE, tmp_path) == save(TRACE, tmp_path) == tmp_path / NAME
    assert os.listdir(tmp_path) == [NAME]


def test_two_different_traces_with_one_name_are_both_kept(tmp_path):
    first, second = save(_other(1), tmp_path), save(_other(2), tmp_path)
    assert (first.name, second.name) == (NAME, NAME.replace(".json", "-2.json"))
    assert (Trace.load(first).seed, Trace.load(second).seed) == (1, 2)


def test_a_name_taken_between_the_look_and_the_link_gets_the_next_number(tmp_path, monkeypatch):
    """The look (is the name free?) and the write are one step: link(2) never replaces a file."""
    real = os.link

    def racing_link(src, dst):
        if os.path.basename(dst) == NAME:
            (tmp_path / NAME).write_text("written by another run\n")
        return real(src, dst)

    monkeypatch.setattr(os, "link", racing_link)
    path = save(TRACE, tmp_path)
    assert path.name == NAME.replace(".json", "-2.json")
    assert (tmp_path / NAME).read_text() == "written by another run\n"
    assert sorted(os.listdir(tmp_path)) == sorted([NAME, path.name])


def test_concurrent_saves_of_different_traces_lose_none(tmp_path):
    paths = []
    threads = [threading.Thread(target=lambda s=s: paths.append(save(_other(s), tmp_path))) for s in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(paths)) == 8
    assert sorted(Trace.load(p).seed for p in paths) == list(range(8))
    assert len(os.listdir(tmp_path)) == 8


def test_a_directory_at_the_name_gets_the_next_number(tmp_path):
    (tmp_path / NAME).mkdir()
    assert save(TRACE, tmp_path).name == NAME.replace(".json", "-2.json")


@pytest.mark.parametrize("target", ["outside.json", "same.json"])
def test_a_symbolic_link_at_the_name_is_refused_and_not_followed(tmp_path, target):
    """Dangling (the write would create a file outside the folder) or not (it would read through)."""
    folder, outside = tmp_path / "traces", tmp_path / target
    folder.mkdir()
    if target == "same.json":
        outside.write_text(TRACE.dumps())
    (folder / NAME).symlink_to(outside)
    with pytest.raises(TraceSaveError, match=f"trace not saved: {folder / NAME}: a symbolic link"):
        save(TRACE, folder)
    assert outside.exists() is (target == "same.json")
    assert os.listdir(folder) == [NAME] and (folder / NAME).is_symlink()


def _read_only(folder, monkeypatch):
    """Make `folder` refuse new files: chmod, or, where chmod does not stop the writer (root), EACCES."""
    folder.chmod(0o555)
    try:
        (folder / "probe").touch()
    except PermissionError:
        return
    (folder / "probe").unlink()
    real = os.open

    def refusing(path, flags, *args, **kw):
        if flags & os.O_CREAT and os.path.dirname(os.fspath(path)) == str(folder):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return real(path, flags, *args, **kw)
    monkeypatch.setattr(os, "open", refusing)


def test_a_read_only_folder_is_one_error_naming_the_path(tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    _read_only(folder, monkeypatch)
    try:
        with pytest.raises(TraceSaveError, match=f"^trace not saved: {folder / NAME}: Permission denied$"):
            save(TRACE, folder)
    finally:
        monkeypatch.undo()
        folder.chmod(0o755)
    assert os.listdir(folder) == []


@pytest.mark.parametrize("where", ["file", "file/sub"])
def test_a_file_in_the_way_of_the_folder_is_one_error(tmp_path, where):
    (tmp_path / "file").write_text("not a folder\n")
    with pytest.raises(TraceSaveError, match="trace not saved: cannot create folder .*file"):
        save(TRACE, tmp_path / where)
    assert (tmp_path / "file").read_text() == "not a folder\n"


def test_an_empty_folder_name_is_refused():
    with pytest.raises(TraceSaveError, match="empty"):
        save(TRACE, "")


def test_a_name_too_long_is_one_error(tmp_path):
    long = dataclasses.replace(TRACE, property="p" * 300)
    with pytest.raises(TraceSaveError, match="File name too long"):
        save(long, tmp_path)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("after,err,reason", [(0, errno.ENOSPC, "No space left on device"),
                                              (64, errno.EFBIG, "File too large")],
                         ids=["full-disk", "size-limit"])
@pytest.mark.parametrize("links", [True, False], ids=["link", "no-hard-links"])
def test_a_write_that_fails_midway_leaves_no_file(tmp_path, monkeypatch, after, err, reason, links):
    (tmp_path / NAME).write_text("an earlier trace\n")          # the failed save must not touch it
    monkeypatch.setattr(os, "write", _failing(os.write, after, err))
    if not links:
        monkeypatch.setattr(os, "link", _no_link)
    with pytest.raises(TraceSaveError, match=f"trace not saved: .*: {reason}$"):
        save(TRACE, tmp_path)
    assert os.listdir(tmp_path) == [NAME] and (tmp_path / NAME).read_text() == "an earlier trace\n"


def test_a_failing_fsync_leaves_no_file(tmp_path, monkeypatch):
    def fsync(fd):
        raise OSError(errno.EIO, os.strerror(errno.EIO))
    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(TraceSaveError, match="Input/output error"):
        save(TRACE, tmp_path)
    assert os.listdir(tmp_path) == []


def test_a_folder_that_cannot_be_synced_takes_the_new_name_back(tmp_path, monkeypatch):
    """The file is whole but its name may not survive a crash: the save fails and removes it."""
    real = os.fsync

    def fsync(fd):
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real(fd)
    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(TraceSaveError, match=f"trace not saved: {tmp_path / NAME}: Input/output error"):
        save(TRACE, tmp_path)
    assert os.listdir(tmp_path) == []


def test_an_interrupted_save_leaves_no_file(tmp_path, monkeypatch):
    def write(fd, data):
        raise KeyboardInterrupt
    monkeypatch.setattr(os, "write", write)
    with pytest.raises(KeyboardInterrupt):
        save(TRACE, tmp_path)
    assert os.listdir(tmp_path) == []


def _no_link(src, dst):
    raise OSError(errno.EPERM, os.strerror(errno.EPERM))


def test_without_hard_links_the_final_name_is_created_exclusively(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "link", _no_link)
    (tmp_path / NAME).write_text("an earlier trace\n")
    path = save(TRACE, tmp_path)
    assert path.name == NAME.replace(".json", "-2.json") and Trace.load(path) == TRACE
    assert sorted(os.listdir(tmp_path)) == sorted([NAME, path.name])


def test_save_errors_are_hintcheck_errors(tmp_path):
    """The CLI turns them into one line and exit 2 (the runner still prints the verdict)."""
    assert issubclass(TraceSaveError, HintcheckError)


CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))
from hintcheck.trace.format import TraceSaveError
from hintcheck.trace.save import save
from tests.traces.test_trace_save import TRACE
try:
    save(TRACE, sys.argv[1])
except TraceSaveError as exc:
    print(exc)
"""


def test_a_real_file_size_limit_leaves_no_file(tmp_path):
    """RLIMIT_FSIZE holds for root too: the write fails after 100 bytes, in a child process."""
    pytest.importorskip("resource")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path)], capture_output=True, text=True,
                         cwd=root, check=False, timeout=60)
    assert out.stdout.strip() == f"trace not saved: {tmp_path / NAME}: File too large", out.stderr
    assert os.listdir(tmp_path) == []
