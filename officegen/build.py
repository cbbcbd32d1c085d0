"""All the documents from one model, staged and moved into place together.

Each generator writes into a scratch folder inside the output folder; only when every one has
succeeded are the files moved over the previous ones (the job-description folder is swapped
whole, so roles removed from the definition do not leave stale documents behind).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from officegen.definition.model import Organization
from officegen.errors import OutputError
from officegen.office.atomic import cannot_write, make_folders, remove_folders, sweep_stale

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

    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"{outdir}: cannot write: it is a file, not a folder")
    made = make_folders(outdir, outdir)  # removed again if the build fails: the folder is left as found
    sweep_stale(outdir)  # what builds killed before left behind
    stage = outdir / f".officegen-build-{os.getpid()}"
    try:
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir()
    except OSError as exc:
        remove_folders(made)
        raise cannot_write(outdir, exc) from None
    done = False
    try:
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
        final = _move_into_place(stage, outdir, staged)
        done = True
        return final
    except OutputError as exc:  # name the file the user asked for, not its scratch copy
        raise OutputError(str(exc).replace(str(stage) + os.sep, str(outdir) + os.sep)) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        if not done:
            remove_folders(made)


def _move_into_place(stage: Path, outdir: Path, staged: list[Path]) -> list[Path]:
    final = [outdir / Path(p).resolve().relative_to(stage.resolve()) for p in staged]
    try:
        for name in (RACI_FILE, DECK_FILE, SITE_FILE):
            if (stage / name).exists():
                os.replace(stage / name, outdir / name)
        if (stage / JD_FOLDER).exists():
            old = outdir / f".officegen-old-{os.getpid()}-{JD_FOLDER}"
            if (outdir / JD_FOLDER).exists():
                os.replace(outdir / JD_FOLDER, old)
            os.replace(stage / JD_FOLDER, outdir / JD_FOLDER)
            shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise OutputError(f"{outdir}: cannot move the new files into place: {exc.strerror or exc}") from None
    return final
