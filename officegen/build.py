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


def build_all(
    org: Organization,
    outdir: str | Path,
    options: BuildOptions = BuildOptions(),
    progress: Callable[[int], None] | None = None,
) -> list[Path]:
    """Write the chosen documents under ``outdir``; returns the final paths. Nothing changes on error."""
    from officegen.generators.deck import write_deck
    from officegen.generators.jd import write_job_descriptions
    from officegen.generators.raci import write_raci
    from officegen.generators.site import write_site

    with staged_dir(outdir, whole=(JD_FOLDER,)) as stage:
        staged: list[Path] = []
        if "raci" in options.only:
            staged.append(write_raci(org, stage / RACI_FILE))
            progress and progress(1)
        if "jd" in options.only:
            staged.extend(
                write_job_descriptions(
                    org,
                    stage / JD_FOLDER,
                    combined=options.combined,
                    template_dir=options.template_dir,
                    reference_doc=options.reference_doc,
                    jobs=options.jobs,
                    progress=progress,
                )
            )
        if "deck" in options.only:
            staged.append(
                write_deck(org, stage / DECK_FILE, reference_deck=options.reference_deck, date_text=options.date_text)
            )
            progress and progress(1)
        if "site" in options.only:
            staged.append(write_site(org, stage / SITE_FILE))
            progress and progress(1)
        final = [Path(outdir) / Path(p).resolve().relative_to(stage.resolve()) for p in staged]
    return final
