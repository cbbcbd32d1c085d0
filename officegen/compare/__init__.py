"""What changed between two versions of a team definition: ``compare_specs(old, new)``.

A layer on the model: both versions are built as models (in the output language and, when the
definitions are translated, in the other one too) and compared item by item (:mod:`engine`).
The result (:class:`Comparison`) is what the text and JSON reports (:mod:`report`), the
change-log workbook and change deck (``generators/changes``) and the job descriptions'
revision record read.
"""

from __future__ import annotations

from officegen.compare.changes import Change, Comparison, Figures, Finding, LoadShift
from officegen.compare.engine import compare
from officegen.definition.model import build
from officegen.definition.schema import TRANSLATED, TeamSpec
from officegen.i18n import SUPPORTED_LANGS, normalise_lang

__all__ = ["Change", "Comparison", "Figures", "Finding", "LoadShift", "compare", "compare_specs"]


def compare_specs(old: TeamSpec, new: TeamSpec, lang: str | None = None) -> Comparison:
    """Compare two validated definitions in ``lang`` (default: NEW's locale) and, when either has
    translations, in the other supported language too."""
    lang = normalise_lang(lang) if lang else new.organization.locale
    old_model, new_model = build(old, lang), build(new, lang)
    other = next((code for code in SUPPORTED_LANGS if code != lang), None)
    if other is None or not (_translated(old) or _translated(new)):
        return compare(old_model, new_model)
    return compare(old_model, new_model, old_alt=build(old, other), new_alt=build(new, other))


def _translated(spec: TeamSpec) -> bool:
    """Whether any text of ``spec`` is a map of translations."""
    parts: dict[str, list] = {
        "organization": [spec.organization],
        "departments": list(spec.departments),
        "roles": list(spec.roles),
        "activities": list(spec.activities),
    }
    for part, fields in TRANSLATED.items():
        for item in parts[part]:
            for name in fields:
                value = getattr(item, name)
                if isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict) for v in value)):
                    return True
    return False
