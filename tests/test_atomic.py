"""Atomic writes: nothing half-written, usual permissions, previous content kept on failure."""

from __future__ import annotations

import os
import stat

import pytest

from analysis import atomic


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_write_text_replaces_whole_with_usual_permissions(tmp_path):
    target = tmp_path / "sub" / "out.txt"
    atomic.write_text(target, "first")
    atomic.write_text(target, "second")
    assert target.read_text() == "second"
    umask = os.umask(0)
    os.umask(umask)
    assert _mode(target) == 0o666 & ~umask
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"], "no temporary file left behind"


def test_replacing_dir_keeps_previous_content_on_failure(tmp_path):
    target = tmp_path / "report"
    with atomic.replacing_dir(target) as tmp:
        (tmp / "a.txt").write_text("good")
    with pytest.raises(RuntimeError), atomic.replacing_dir(target) as tmp:
        (tmp / "a.txt").write_text("half")
        raise RuntimeError("cell failed")
    assert (target / "a.txt").read_text() == "good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"]
    umask = os.umask(0)
    os.umask(umask)
    assert _mode(target) == 0o777 & ~umask
