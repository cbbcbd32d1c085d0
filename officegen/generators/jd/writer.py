"""Job descriptions: one Word document per role, with its RACI built in.

Pipeline per run: templates parsed once (``jd_templates``) -> skeleton built once with
python-docx (``jd_docx``) -> per role: context (``jd_context``) -> template -> line markup ->
body XML (``jd_markup``) -> zip of the skeleton's pre-compressed parts plus three small per-role
parts. Above ``PARALLEL_ABOVE`` roles the roles are split among forked worker processes; every
file's bytes depend only on the input, never on the worker or the order of completion.

All files are written into a staging folder inside ``outdir`` and moved into place together at
the end (``atomic.staged_dir``): a failure (a template error in the 500th role, a full disk)
leaves the previous documents untouched.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from officegen.definition.model import Organization
from officegen.errors import UnknownIdError
from officegen.generators.jd.context import combined_context, department_path, page_context, role_context
from officegen.generators.jd.markup import Block, TocEntry, TokenNumbering, fill_tokens, parse
from officegen.generators.jd.pages import RENDER_UP_TO, Page, estimate, rendered
from officegen.generators.jd.skeleton import Skeleton, build_skeleton
from officegen.generators.jd.templates import Templates
from officegen.office.atomic import staged_dir
from officegen.office.memory import keep_freed_memory, paused_gc
from officegen.office.safenames import NameAllocator, titled

__all__ = ["write_job_descriptions", "render_markup", "COMBINED_NAME", "PARALLEL_ABOVE"]

#: stem of the combined document; allocated before any role, so a role id equal to it gets "-2"
COMBINED_NAME = "job-descriptions-all"
#: roles above which worker processes are used (below, forking costs more than it saves)
PARALLEL_ABOVE = 200
MAX_WORKERS = 8


class _Run:
    """What every document of one run shares (inherited by forked workers)."""

    def __init__(self, org: Organization, templates: Templates, skeleton: Skeleton, stage: Path, keep_fragments: bool):
        self.org = org
        self.templates = templates
        self.skeleton = skeleton
        self.writer = skeleton.writer()
        self.stage = stage
        self.keep_fragments = keep_fragments

    def markup(self, role_id: str) -> str:
        return self.templates.render_role(role_context(self.org, self.org.roles[role_id]))

    def write_role(self, role_id: str, name: str) -> tuple[bytes, str, int] | None:
        """Write one role's document; with a combined document to come, return its fragment for it:
        (its body XML with placeholder list ids and bookmark, deflated; the text of its first Heading 1;
        the pages it takes, estimated)."""
        role = self.org.roles[role_id]
        blocks = parse(self.markup(role_id))
        numbering = self.skeleton.numbering()
        body = self.writer.render(blocks, numbering)
        data = self.skeleton.document(
            body, numbering, title=role.title, keywords=self.org.departments[role.department_id].name
        )
        with open(self.stage / name, "wb") as fh:
            fh.write(data)
        if not self.keep_fragments:
            return None
        fragment = self.writer.render(
            blocks, TokenNumbering(), page_break=True, bookmark=("\x00id\x00", "\x00anchor\x00")
        )
        heading = next((b.text for b in blocks if b.kind == "heading" and b.level == 1), role.title)
        # kept compressed until the combined document is written: 2,000 roles are 60 MB of XML
        return zlib.compress(fragment.encode("utf-8"), 1), heading, estimate(blocks, self.writer, self.page)

    @property
    def page(self) -> Page:
        return Page(self.skeleton.text_width, self.skeleton.text_height)

    def write_combined(
        self, name: str, role_ids: list[str], fragments: list, title: str, toc_pages: str = "auto"
    ) -> None:
        """Every role one after the other, each from a new page, grouped by department, after a
        front page with the contents (departments, their roles, the page each starts on).

        The pages are this module's estimate; with ``toc_pages`` "auto" (up to RENDER_UP_TO roles)
        or "libreoffice", LibreOffice lays the written document out and, where its pages differ,
        the document is written again with them (see ``jd.pages``)."""
        order = self._by_department(role_ids)
        role_ids = [role_ids[i] for i in order]
        fragments = [fragments[i] for i in order]
        anchors = [f"_jd{i + 1:05d}" for i in range(len(role_ids))]
        front = parse(self.templates.render_combined(combined_context(self.org, [self.org.roles[r] for r in role_ids])))
        entries = self._contents(role_ids, anchors, fragments)
        # the front page's own length, its contents included (page numbers do not change it)
        toc_lines = [Block("para", ((e.text + " 000", False),)) for e in entries]
        front_blocks = [b for b in front if b.kind != "toc"] + toc_lines
        first = estimate(front_blocks, self.writer, self.page) + 1
        pages: dict[str, int] = {}
        for anchor, (_, _, length) in zip(anchors, fragments):
            pages[anchor] = first
            first += length
        render = toc_pages == "libreoffice" or (toc_pages == "auto" and len(role_ids) <= RENDER_UP_TO)
        path = self.stage / name
        self._write_combined(path, title, front, entries, pages, anchors, fragments, keep=render)
        laid_out = rendered(path) if render else None
        if laid_out and set(anchors) <= set(laid_out) and any(laid_out[a] != pages[a] for a in anchors):
            self._write_combined(path, title, front, entries, laid_out, anchors, fragments, keep=False)

    def _by_department(self, role_ids: list[str]) -> list[int]:
        """Indexes of ``role_ids`` in org-chart order: the roles of a department together, departments
        in tree order, the head first."""
        rank = {r.id: i for i, r in enumerate(self.org.roles_in_org_order())}
        return sorted(range(len(role_ids)), key=lambda i: rank[role_ids[i]])

    def _contents(self, role_ids, anchors, fragments) -> list[TocEntry]:
        entries: list[TocEntry] = []
        last = None
        for role_id, anchor, (_, heading, _) in zip(role_ids, anchors, fragments):
            dept = self.org.roles[role_id].department_id
            if dept != last:
                path = department_path(self.org, dept)
                if len(path) > 1 and len(self.org.root_departments) == 1:
                    path = path[1:]  # everything is under the one top department: no need to repeat it
                entries.append(TocEntry(1, " / ".join(path), anchor, 0))
                last = dept
            entries.append(TocEntry(2, heading, anchor, 0))
        return entries

    def _write_combined(self, path: Path, title: str, front, entries, pages, anchors, fragments, keep: bool) -> None:
        numbering = self.skeleton.numbering()
        toc = [replace(e, page=pages[e.anchor]) for e in entries]

        def parts():
            yield self.writer.render(front, numbering, toc=toc)
            for i, anchor in enumerate(anchors):
                packed = fragments[i][0]
                if not keep:
                    fragments[i] = None  # each role's XML lives only while it is being deflated
                yield fill_tokens(
                    zlib.decompress(packed).decode("utf-8"), numbering, {"id": str(i + 1), "anchor": anchor}
                )

        data = self.skeleton.document(parts(), numbering, title=title, keywords=self.org.name)
        with open(path, "wb") as fh:
            fh.write(data)


def write_job_descriptions(
    org: Organization,
    outdir: str | Path,
    *,
    role_ids: Sequence[str] | None = None,
    combined: bool = False,
    template_dir: Path | None = None,
    reference_doc: Path | None = None,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    detail: bool = False,
    toc_pages: str = "auto",
) -> list[Path]:
    """Write one .docx per role into ``outdir`` (and, with ``combined``, one with every role).

    Roles are written in ``org.roles_in_org_order()`` order, or ``role_ids`` in the order given.
    Returns the paths written: the combined document first when asked for, then one per role.
    ``progress(n)`` is called with the number of documents just finished. Raises TemplateError
    (file:line) for a template problem, OutputError for an unusable reference document or an
    unwritable folder.
    """
    outdir = Path(outdir)
    if role_ids:
        unknown = [r for r in role_ids if r not in org.roles]
        if unknown:
            raise UnknownIdError(f"unknown role id(s): {', '.join(unknown)}")
        roles = list(dict.fromkeys(role_ids))
    else:
        roles = [r.id for r in org.roles_in_org_order()]
    keep_freed_memory()  # thousands of small deflates: their state's pages not faulted in for each
    templates = Templates(org.lang, template_dir, detail, combined)  # parsed once, here, for the whole run
    page = templates.page_vars(page_context(org))
    skeleton = build_skeleton(org.lang, page, reference_doc)

    names = NameAllocator(outdir)
    combined_path = names.allocate(COMBINED_NAME, ".docx") if combined else None
    targets = [(role_id, names.allocate(titled(org.roles[role_id].title, role_id), ".docx")) for role_id in roles]
    workers = max(1, min(jobs or os.cpu_count() or 1, MAX_WORKERS))

    # the collector paused while the documents are written: what they leave behind is long-lived
    # (the parsed lines, cells and rows shared by documents: 200,000 objects at 2,000 roles) that
    # every full collection re-scanned (a sixteenth of the writing), and almost no cyclic garbage
    # (a few hundred objects for 2,000 roles); forked workers inherit the pause
    with staged_dir(outdir) as stage, paused_gc():
        run = _Run(org, templates, skeleton, stage, keep_fragments=combined)
        jobs_list = [(role_id, path.name) for role_id, path in targets]
        fragments: list[tuple[bytes, str, int] | None]
        if workers > 1 and len(jobs_list) > PARALLEL_ABOVE:
            fragments = _write_parallel(run, jobs_list, workers, progress, template_dir)
        else:
            fragments = []
            for role_id, name in jobs_list:
                fragments.append(run.write_role(role_id, name))
                if progress:
                    progress(1)
        if combined_path is not None:
            title = page.get("combined_title") or org.name
            run.write_combined(combined_path.name, roles, fragments, title, toc_pages)
            if progress:
                progress(1)
    written = [path for _, path in targets]
    return [combined_path, *written] if combined_path is not None else written


def render_markup(org: Organization, role_id: str, template_dir: Path | None = None, detail: bool = False) -> str:
    """The line markup the role template renders for one role (for previews and tests)."""
    return Templates(org.lang, template_dir, detail).render_role(role_context(org, org.roles[role_id]))


# -- many documents in parallel ----------------------------------------------------------------

_RUN: list[_Run] = []
#: how worker processes start: None = fork where the system has it (they inherit everything),
#: else spawn (Windows; each worker gets the model and skeleton pickled and parses the templates once)
START_METHOD: str | None = None


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _start_worker(
    org: Organization,
    template_dir: Path | None,
    skeleton: Skeleton,
    stage: Path,
    keep_fragments: bool,
    detail: bool = False,
) -> None:
    _RUN[:] = [_Run(org, Templates(org.lang, template_dir, detail), skeleton, stage, keep_fragments)]


def _work(chunk: list[tuple[str, str]]) -> list[tuple[bytes, str, int] | None]:
    run = _RUN[0]
    return [run.write_role(role_id, name) for role_id, name in chunk]


def _write_parallel(
    run: _Run, jobs_list, workers: int, progress, template_dir: Path | None = None
) -> list[tuple[bytes, str, int] | None]:
    """Workers that have the model, templates and skeleton (inherited by fork, or sent once to each
    spawned one); each writes whole files. Chunks come back in order (``imap``), so the combined
    document sees the roles in order, and every file's bytes are the same either way.
    """
    import multiprocessing

    size = max(8, len(jobs_list) // (workers * 8))
    chunks = [jobs_list[i : i + size] for i in range(0, len(jobs_list), size)]
    method = START_METHOD or ("fork" if _can_fork() else "spawn")
    setup: dict[str, Any] = (
        {}
        if method == "fork"
        else {
            "initializer": _start_worker,
            "initargs": (
                run.org,
                template_dir,
                run.skeleton,
                run.stage,
                run.keep_fragments,
                run.templates.env.globals["detail"],
            ),
        }
    )
    _RUN[:] = [run]
    fragments: list[tuple[bytes, str, int] | None] = []
    try:
        with multiprocessing.get_context(method).Pool(workers, **setup) as pool:
            for result in pool.imap(_work, chunks):
                fragments.extend(result)
                if progress:
                    progress(len(result))
    finally:
        _RUN.clear()
    return fragments
