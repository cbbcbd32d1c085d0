"""Job descriptions (.docx), one per role and a combined one: ``write_job_descriptions(org, folder)``."""

from officegen.generators.jd.writer import COMBINED_NAME, render_markup, write_job_descriptions

__all__ = ["COMBINED_NAME", "render_markup", "write_job_descriptions"]
