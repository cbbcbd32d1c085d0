"""All the documents from one model, staged and moved into place together.

Each generator writes into one scratch folder (``atomic.staged_dir``); only when every one has
succeeded are the files moved over the previous ones (the job-description folder is swapped
whole, so roles removed from the definition do not leave stale documents behind).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from officegen.definition.model import Organization
from officegen.office.atomic import staged_dir

KINDS = ("raci", "jd", "deck", "site")
RACI_FILE = "raci.xlsx"
JD_FOLDER = "job-descriptions"
DECK_FILE = "org-chart.pptx"
SITE_FILE = "site.html"


@dataclass(frozen=True)
class BuildOptions:
    only: Sequence[str] = KINDS
    combined: bool = True
    jobs: int | None = None
    template_dir: Path | None = None
    reference_doc: Path | None = None
    reference_deck: Path | None = None
    date_text: str | None = None
    #: False: holders' names are left out (postings, wide distribution)
    names: bool = True
    #: a department id: only its part of the organisation (see ``view``)
    department: str | None = None
    #: job descriptions with every working relationship in full (not the two-page summary)
    detail: bool = False
    #: the deck's chart boxes carry their A and R counts
    load: bool = False


def view(org: Organization, kind: str, *, names: bool = True, department: str | None = None) -> Organization:
    """The model a document of ``kind`` is made from for its audience: without names
    (``without_names``); for one department, the RACI with the activities its roles take part in
    (and every role in them, so the checks stay true), the deck with the department's subtree and
    the managers above it as context (``subtree``). Job descriptions keep the whole model (their
    working relationships reach into other departments): ``job_roles`` picks their roles."""
    from officegen.definition.model import subtree, without_names

    if not names:
        org = without_names(org)
    if department is not None and kind in ("raci", "deck"):
        org = subtree(org, department, partners=kind == "raci")
    return org


def job_roles(org: Organization, department: str | None, role_ids: Sequence[str] | None = None) -> list[str] | None:
    """The roles to write job descriptions for: ``role_ids`` (None: all), only those in
    ``department``'s subtree when given."""
    from officegen.definition.model import department_role_ids

    if department is None:
        return list(role_ids) if role_ids else None
    inside = department_role_ids(org, department)
    return [r for r in role_ids if r in inside] if role_ids else list(inside)


@dataclass(frozen=True)
class Built:
    """What ``build_all`` wrote, for the CLI to report (it knows no file names or counts itself)."""

    outdir: Path
    kinds: tuple[str, ...]
    documents: tuple[Path, ...]  # the single-file documents (workbook, deck, web page), in the order written
    job_descriptions: tuple[Path, ...]  # one per role, without the combined one
    combined: Path | None  # the combined job-description document
    roles: int  # the roles the documents cover (a department's, with --department)
    activities: int
    department: str | None

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file written."""
        return (*self.documents, *self.job_descriptions, *([self.combined] if self.combined else []))


def steps(org: Organization, options: BuildOptions) -> int:
    """How many progress steps ``build_all`` reports: one per single-file document, one per job
    description and one for the combined document."""
    jds = len(job_roles(org, options.department) or org.roles) + 1
    return sum(kind in options.only for kind in ("raci", "deck", "site")) + (jds if "jd" in options.only else 0)


def build_all(
    org: Organization,
    outdir: str | Path,
    options: BuildOptions = BuildOptions(),
    progress: Callable[[int], None] | None = None,
) -> Built:
    """Write the chosen documents under ``outdir``; returns what was written. Nothing changes on error."""
    from officegen.generators.deck import write_deck
    from officegen.generators.jd import COMBINED_NAME, write_job_descriptions
    from officegen.generators.raci import write_raci
    from officegen.generators.site import write_site

    with staged_dir(outdir, whole=(JD_FOLDER,)) as stage:
        staged: list[Path] = []
        jds: list[Path] = []

        def audience(kind: str) -> Organization:
            return view(org, kind, names=options.names, department=options.department)

        if "raci" in options.only:
            staged.append(write_raci(audience("raci"), stage / RACI_FILE))
            progress and progress(1)
        if "jd" in options.only:
            people = audience("jd")
            jds.extend(
                write_job_descriptions(
                    people,
                    stage / JD_FOLDER,
                    role_ids=job_roles(people, options.department),
                    combined=options.combined,
                    template_dir=options.template_dir,
                    reference_doc=options.reference_doc,
                    jobs=options.jobs,
                    progress=progress,
                    detail=options.detail,
                )
            )
        if "deck" in options.only:
            staged.append(
                write_deck(
                    audience("deck"),
                    stage / DECK_FILE,
                    reference_deck=options.reference_deck,
                    date_text=options.date_text,
                    load=options.load,
                )
            )
            progress and progress(1)
        if "site" in options.only:
            staged.append(write_site(org, stage / SITE_FILE, names=options.names, department=options.department))
            progress and progress(1)

        def final(paths: list[Path]) -> tuple[Path, ...]:
            return tuple(Path(outdir) / Path(p).resolve().relative_to(stage.resolve()) for p in paths)

        documents, written_jds = final(staged), final(jds)
    part = view(org, "raci", department=options.department)
    combined = [p for p in written_jds if p.stem == COMBINED_NAME]
    return Built(
        outdir=Path(outdir),
        kinds=tuple(k for k in KINDS if k in options.only),
        documents=documents,
        job_descriptions=tuple(p for p in written_jds if p.stem != COMBINED_NAME),
        combined=combined[0] if combined else None,
        roles=len(job_roles(org, options.department) or org.roles),
        activities=len(part.activities),
        department=options.department,
    )
