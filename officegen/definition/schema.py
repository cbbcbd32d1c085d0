"""The version-1 team-definition format as pydantic models: structure, types and the JSON Schema.

The models check shape only (types, required fields, unknown keys, id syntax); references
between items are the validator's job. They are not the model the generators use: that one is
``officegen.definition.model``, built after every check has passed.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema

from officegen.i18n import Lang

FORMAT_VERSION = 1
ID_PATTERN = r"^[^\W_][\w.-]*$"
_ID = re.compile(ID_PATTERN)
LOCALE = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")

#: a RACI scheme's name is its letters, in the order they are listed (legend, counts, sections)
Scheme = Literal["RACI", "RASCI"]
SCHEMES: tuple[Scheme, ...] = get_args(Scheme)
#: every letter of every scheme, in listing order
LETTERS = "RASCI"
#: the order of letters within one cell: "AR", never "RA"
CELL_ORDER = "ARSCI"


def normalise_letters(text: str) -> str:
    """The letters of ``text`` upper-cased, once each, in :data:`CELL_ORDER` ("ra" -> "AR")."""
    upper = text.upper()
    return "".join(c for c in CELL_ORDER if c in upper)


def _text(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        raise ValueError("expected text, or a map of locale to text such as {zh-CN: 店长, en: Store Manager}")
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if not value:
            raise ValueError("a map of translations needs at least one locale, e.g. {en: ...}")
        out = {}
        for key, item in value.items():
            if not LOCALE.match(str(key)):
                raise ValueError(f"'{key}' is not a locale code (e.g. zh-CN, en)")
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                raise ValueError(f"the '{key}' translation must be text")
            out[str(key)] = str(item)
        return out
    raise ValueError("expected text, or a map of locale to text such as {zh-CN: 店长, en: Store Manager}")


def _id(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("an id must be text")
    if len(value) > 128:
        raise ValueError("an id is at most 128 characters")
    if not _ID.match(value):
        raise ValueError(
            f"invalid id '{value}': use letters, digits, '-', '_' and '.', starting with a letter or digit"
        )
    return value


_TEXT_SCHEMA = {
    "anyOf": [
        {"type": "string"},
        {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {"type": "string"},
            "propertyNames": {"pattern": LOCALE.pattern},
        },
    ],
    "description": "Text, or a map of locale to text, e.g. {zh-CN: 运营总监, en: Operations Director}",
}

Text = Annotated[Any, PlainValidator(_text), WithJsonSchema(_TEXT_SCHEMA)]
Id = Annotated[str, PlainValidator(_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "maxLength": 128})]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DocumentControlSpec(_Strict):
    """The control block printed on job descriptions (文件编号, 版本, 生效日期, 编制, 审批, 签字栏)."""

    number: Text | None = None
    version: Text | None = None
    effective_date: Text | None = None
    prepared_by: Text | None = None
    approved_by: Text | None = None
    signatures: list[Text] | None = None


class OrganizationSpec(_Strict):
    name: Text
    locale: Lang
    description: Text | None = None
    raci_scheme: Scheme = "RACI"
    location: Text | None = None
    document_control: DocumentControlSpec | None = None


class DepartmentSpec(_Strict):
    id: Id
    name: Text
    parent: Id | None = None
    description: Text | None = None


class RevisionSpec(_Strict):
    """One entry of a job description's revision record (修订记录): when, which version, what changed."""

    date: Text | None = None
    version: Text | None = None
    changes: list[Text] = Field(default_factory=list)


class RoleSpec(_Strict):
    id: Id
    title: Text
    department: Id
    reports_to: Id | None = None
    dotted_line_to: list[Id] = Field(default_factory=list)
    headcount: Annotated[int, Field(ge=0, le=1_000_000, strict=False)] = 1
    grade: Text | None = None
    location: Text | None = None
    summary: Text | None = None
    responsibilities: list[Text] = Field(default_factory=list)
    requirements: list[Text] = Field(default_factory=list)
    kpis: list[Text] = Field(default_factory=list)
    revisions: list[RevisionSpec] = Field(default_factory=list)


class PersonSpec(_Strict):
    name: Text
    role: Id
    email: str | None = None


class ActivitySpec(_Strict):
    id: Id
    name: Text
    process: Text | None = None
    description: Text | None = None
    raci: dict[str, str] = Field(default_factory=dict)


class TeamSpec(_Strict):
    """The whole file; lists are validated item by item by the validator, so every bad item is reported."""

    version: Literal[1]
    organization: OrganizationSpec
    departments: list[DepartmentSpec] = Field(min_length=1)
    roles: list[RoleSpec] = Field(min_length=1)
    people: list[PersonSpec] = Field(default_factory=list)
    activities: list[ActivitySpec] = Field(default_factory=list)


#: the translatable text fields of each part (people's names are not translated); lists hold several
TRANSLATED = {
    "organization": ("name", "description", "location"),
    "departments": ("name", "description"),
    "roles": ("title", "grade", "location", "summary", "responsibilities", "requirements", "kpis"),
    "activities": ("name", "process", "description"),
}
#: content a job description is made of, "not written yet" when an item lacks what others have: field -> how it is called
CONTENT = {
    "departments": {"description": "description (the department's function)"},
    "roles": {
        "summary": "summary",
        "responsibilities": "responsibilities",
        "requirements": "requirements",
        "kpis": "KPIs",
    },
}

ITEM_MODELS: dict[str, type[BaseModel]] = {
    "departments": DepartmentSpec,
    "roles": RoleSpec,
    "people": PersonSpec,
    "activities": ActivitySpec,
}
TOP_KEYS = ("version", "organization", *ITEM_MODELS)


def json_schema() -> dict:
    """JSON Schema (draft 2020-12) of the format, for editors such as the YAML language server."""
    schema = TeamSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://officegen.invalid/schema/team-v1.json"
    schema["title"] = "officegen team definition, version 1"
    return schema
