"""Memory and the garbage collector around the work that makes many long-lived objects: loading a
definition (its tree, values and model) and writing thousands of job descriptions."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector off for a while (loading a definition; writing job descriptions).

    A definition's tree, values and model are millions of small objects that all survive (and hold
    no cycles): every collection on the way re-scans all of them, which was half of loading and
    made it grow faster than the file (50,000 people: 12.4 s with it, 5.9 s without). Garbage
    without cycles is freed as ever; collection resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def keep_freed_memory() -> None:
    """Let the C allocator keep memory it is given back instead of returning it to the system at
    once (glibc on Linux; elsewhere nothing is done). Each deflate allocates about 260 KB of state and
    frees it: with glibc's default (return more than 128 KB at the top of the heap), every one of the
    thousands of small entries a run of job descriptions deflates faults those pages in again, as
    much system time as the compressing itself. The process still frees the memory when it ends."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (or no C library to ask)
        return
    m_trim_threshold = -1
    mallopt(m_trim_threshold, 8 << 20)  # a few deflates' worth; more than that goes back as before
