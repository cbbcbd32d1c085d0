"""Atomic writes: a failure never leaves half a file, nor changes anything across several files."""

from __future__ import annotations

import re

import pytest

from officegen.errors import OutputError
from officegen.office import atomic


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path):
    target = tmp_path / "out.bin"
    atomic.write_bytes(target, b"good")

    def broken(path):
        path.write_bytes(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic.write_with(target, broken)
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_staged_dir_moves_all_or_nothing(tmp_path):
    final = tmp_path / "out"
    with atomic.staged_dir(final) as stage:
        (stage / "a.txt").write_text("a")
        (stage / "sub").mkdir()
        (stage / "sub" / "b.txt").write_text("b")
    assert sorted(str(p.relative_to(final)) for p in final.rglob("*.txt")) == ["a.txt", "sub/b.txt"]
    with pytest.raises(RuntimeError):
        with atomic.staged_dir(final) as stage:
            (stage / "a.txt").write_text("changed")
            raise RuntimeError
    assert (final / "a.txt").read_text() == "a"
    assert sorted(p.name for p in final.iterdir()) == ["a.txt", "sub"]


def test_a_folder_staged_whole_replaces_the_old_one(tmp_path):
    final = tmp_path / "out"
    (final / "docs").mkdir(parents=True)
    (final / "docs" / "stale.docx").write_text("a role since removed")
    (final / "keep.txt").write_text("not staged: stays")
    with atomic.staged_dir(final, whole=("docs",)) as stage:
        (stage / "docs").mkdir()
        (stage / "docs" / "new.docx").write_text("new")
        (stage / "raci.xlsx").write_text("x")
    assert sorted(str(p.relative_to(final)) for p in final.rglob("*")) == [
        "docs",
        "docs/new.docx",
        "keep.txt",
        "raci.xlsx",
    ]
    # without ``whole`` a folder is merged file by file
    with atomic.staged_dir(final) as stage:
        (stage / "docs").mkdir()
        (stage / "docs" / "other.docx").write_text("other")
    assert sorted(p.name for p in (final / "docs").iterdir()) == ["new.docx", "other.docx"]


def test_an_error_inside_the_stage_names_the_final_file_and_the_reason(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(OutputError, match="no space left"):
        with atomic.staged_dir(out):
            raise OSError(28, "No space left on device")
    with pytest.raises(OutputError, match=f"^{re.escape(str(out / 'raci.xlsx'))}: cannot write"):
        with atomic.staged_dir(out) as stage:
            raise atomic.cannot_write(stage / "raci.xlsx", OSError(28, "No space left on device"))
    assert list(out.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["out"]
