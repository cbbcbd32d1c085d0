"""Check a loaded definition and report every problem at once, each with its FILE:LINE:COL.

Items are checked one by one, so one bad role does not hide the next; references are checked
against every id that was written, even on items with other mistakes, so one typo produces one
error instead of a cascade.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from officegen.definition.hints import value_hint
from officegen.definition.loader import Loaded
from officegen.definition.schema import (
    CONTENT,
    FORMAT_VERSION,
    ID_PATTERN,
    ITEM_MODELS,
    LOCALE,
    TOP_KEYS,
    TRANSLATED,
    OrganizationSpec,
    TeamSpec,
)
from officegen.i18n import SUPPORTED_LANGS, is_chinese, normalise_lang, tr, untranslated
from officegen.problems import Problem, has_errors, sort_problems


@dataclass(frozen=True)
class RaciFinding:
    """An activity that breaks the RACI rule: exactly one role Accountable, at least one Responsible."""

    activity_id: str
    kind: Literal["no-accountable", "many-accountable", "no-responsible"]
    #: many-accountable: the roles holding A; no-responsible: every role the activity names; else ()
    roles: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        """The problem code of the warning it gives (``validate --format json``)."""
        return "raci-responsible" if self.kind == "no-responsible" else "raci-accountable"

    def message(self, lang: str = "en") -> str:
        """What the finding is, in ``lang`` (a warning of ``validate``)."""
        if self.kind == "no-responsible":
            return tr(
                lang,
                f"activity '{self.activity_id}' has no role Responsible (R)",
                f"活动“{self.activity_id}”没有负责执行（R）的岗位",
            )
        n = len(self.roles)
        if self.kind == "no-accountable":
            return tr(
                lang,
                f"activity '{self.activity_id}' has 0 roles Accountable (A); exactly one is expected",
                f"活动“{self.activity_id}”没有最终负责（A）的岗位；应当恰好一个",
            )
        return tr(
            lang,
            f"activity '{self.activity_id}' has {n} roles Accountable (A): {_and(list(self.roles), lang)}; exactly one "
            "is expected (keep A for one of them; the others R or C)",
            f"活动“{self.activity_id}”有 {n} 个最终负责（A）的岗位：{_and(list(self.roles), lang)}；应当恰好一个"
            "（只给其中一个留 A，其余改为 R 或 C）",
        )


def raci_findings(activity_id: str, assignments: Iterable[tuple[str, str]]) -> tuple[RaciFinding, ...]:
    """The rule, for one activity's (role id, letters) pairs (letters upper-case): none Accountable,
    more than one, none Responsible. The validator warns with these; the model keeps them for the
    documents (the RACI workbook's checks sheet)."""
    assignments = tuple(assignments)
    accountable = tuple(role for role, letters in assignments if "A" in letters)
    found = []
    if not accountable:
        found.append(RaciFinding(activity_id, "no-accountable"))
    elif len(accountable) > 1:
        found.append(RaciFinding(activity_id, "many-accountable", accountable))
    if not any("R" in letters for _, letters in assignments):
        found.append(RaciFinding(activity_id, "no-responsible", tuple(role for role, _ in assignments)))
    return tuple(found)


@dataclass(frozen=True)
class Validation:
    """The outcome: the checked definition (None when any error) and every problem, sorted."""

    spec: TeamSpec | None
    problems: tuple[Problem, ...]
    lang: str = "en"  # what the problems are said in

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")


def validate(
    loaded: Loaded, *, strict: bool = False, lang: str | None = None, notes: bool = True, say: str = "en"
) -> Validation:
    """Every problem of ``loaded``. Notes list texts without a translation (when the definition uses
    two languages) and content not written yet; with ``lang``, texts that have no ``lang``
    translation are warnings instead (that output will show them in another language).
    ``notes=False`` (without ``lang``): no notes, for a caller that shows none (a fifth of the time).
    ``say`` is the language of the messages (zh-CN or en): the references, duplicates, cycles,
    RACI and headcount checks and the notes are said in it; the structure checks (keys, types,
    the YAML itself) are said in English."""
    checker = _Checker(loaded, say)
    spec = checker.run()
    wanted = notes or lang is not None
    if wanted and isinstance(loaded.data, dict) and not has_errors(loaded.problems + checker.problems):
        checker.notes(loaded.data, normalise_lang(lang) if lang else None)  # work to do, once the errors are fixed
    problems = loaded.problems + checker.problems
    if strict:
        problems = [Problem(p.location, "error", p.message, p.code) if p.severity == "warning" else p for p in problems]
    problems = sort_problems(problems)
    if has_errors(problems):
        spec = None
    return Validation(spec, tuple(problems), normalise_lang(say))


def _suggest(word: str, options: Iterable[str], lang: str = "en") -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return tr(lang, f" (did you mean '{close[0]}'?)", f"（是不是“{close[0]}”？）") if close else ""


def _texts(value: Any) -> list[str]:
    """Every translation of a text as written (a string, or a map of locale to string)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [str(v) for v in value.values() if isinstance(v, (str, int, float)) and not isinstance(v, bool)]
    return []


_ID = re.compile(ID_PATTERN)
#: the most known ids listed when an unknown one has no near match
LIST_KNOWN = 12


def _unknown(
    value: str, known: Iterable[str], names: dict[str, list[str]], kind: str, what: str, lang: str = "en"
) -> str:
    """Why ``value`` is not a known id and what to write: the id whose name or title it is; a near
    miss; a full-width character in it; else the ids there are (a few)."""
    owners = names.get(value) or names.get(value.strip())
    if owners:
        if is_chinese(lang):
            ids = " 或 ".join(f"“{o}”" for o in owners)
            noun = {"department": "部门", "role": "岗位"}.get(kind, kind)
            return f"：“{value}”是{noun} {ids} 的名称；请写它的 id" + (f"（{owners[0]}）" if len(owners) == 1 else "")
        ids = " or ".join(f"'{o}'" for o in owners)
        return f": '{value}' is the {what} of {kind} {ids}; write its id" + (
            f" ({owners[0]})" if len(owners) == 1 else ""
        )
    hint = value_hint(value, lang)
    if hint:
        return tr(lang, ": ", "：") + hint
    suggestion = _suggest(value, known, lang)
    if suggestion:
        return suggestion
    known = list(known)
    if not known:
        return ""
    label: dict[str, str] = {}
    for text, owned in names.items():
        for ident in owned:
            label.setdefault(ident, text)
    if is_chinese(lang):
        shown = "、".join(f"{k}（{label[k]}）" if label.get(k, k) != k else k for k in known[:LIST_KNOWN])
        more = f" 等 {len(known)} 个" if len(known) > LIST_KNOWN else ""
        noun = {"department": "部门", "role": "岗位"}.get(kind, kind)
        return f"；现有的{noun} id：{shown}{more}"
    shown = ", ".join(f"{k} ({label[k]})" if label.get(k, k) != k else k for k in known[:LIST_KNOWN])
    more = f" and {len(known) - LIST_KNOWN} more" if len(known) > LIST_KNOWN else ""
    return f"; the {kind} ids are: {shown}{more}"


def _ident(value: Any) -> str | None:
    """An id as written (ints are ids too: ``id: 7``), or None for anything that cannot be one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (str, int)):
        return str(value)
    return None


def _and(items: list[str], lang: str = "en") -> str:
    if is_chinese(lang):
        return "、".join(f"“{i}”" for i in items)
    quoted = [f"'{i}'" for i in items]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1] if len(quoted) > 1 else "".join(quoted)


def _hinted(value: Any, lang: str = "en") -> str:
    """``: <hint>`` for a value typed with a full-width look-alike of YAML syntax, else ""."""
    hint = value_hint(value, lang) if isinstance(value, str) else ""
    return (tr(lang, ": ", "：") + hint) if hint else ""


#: the schema's own messages (its validators raise them in English), said in Chinese
_SCHEMA_ZH = (
    (re.compile(r"expected text, or a map of locale to text such as (.*)"), r"应为文本，或语言到文本的映射，例如 \1"),
    (re.compile(r"a map of translations needs at least one locale, e\.g\. (.*)"), r"翻译映射至少需要一种语言，例如 \1"),
    (re.compile(r"'(.*)' is not a locale code \(e\.g\. zh-CN, en\)"), r"“\1”不是语言代码（例如 zh-CN、en）"),
    (re.compile(r"the '(.*)' translation must be text"), r"“\1”的翻译必须是文本"),
    (re.compile(r"an id must be text"), r"id 必须是文本"),
    (re.compile(r"an id is at most (\d+) characters"), r"id 最多 \1 个字符"),
    (
        re.compile(r"invalid id '(.*)': use letters, digits, '-', '_' and '\.', starting with a letter or digit"),
        r"无效的 id“\1”：只能用文字、数字和半角的 - _ .，并以文字或数字开头",
    ),
)


def _schema_zh(message: str) -> str:
    """A schema validator's message in Chinese (unchanged when it is none of those known)."""
    for pattern, chinese in _SCHEMA_ZH:
        if pattern.fullmatch(message):
            return pattern.sub(chinese, message)
    return message


def _split_text(value: Any) -> tuple[str, tuple[str, str] | None] | None:
    """A text map that an unquoted comma split: ``{en: Keeps the books, close to quality}`` reads as
    ``{en: "Keeps the books", "close to quality": null}``. Returns the stray key and the entry before it."""
    if not isinstance(value, dict):
        return None
    before = None
    for key, item in value.items():
        if item is None and not LOCALE.match(str(key)):
            return str(key), before
        before = (str(key), str(item))
    return None


def _field_texts(item: dict, fields: tuple[str, ...]) -> list[Any]:
    out: list[Any] = []
    for field in fields:
        value = item.get(field)
        out.extend(value if isinstance(value, list) else [value])
    return out


def _written(value: Any) -> bool:
    if isinstance(value, list):
        return any(_written(v) for v in value)
    return bool(_texts(value)) and any(t.strip() for t in _texts(value))


def item_name(kind: str, item: dict, lang: str = "en") -> str:
    """How a message names an item: ``role 'ops' (运营总监)``, ``岗位“ops”（运营总监）``."""
    if kind == "organization":
        return tr(lang, "organization", "组织")
    label = next((t for t in _texts(item.get("title" if kind == "roles" else "name")) if t.strip()), "")
    ident = _ident(item.get("id"))
    if is_chinese(lang):
        return f"{_plural(kind, lang)}“{ident}”" + (f"（{label}）" if label and label != ident else "")
    return f"{_plural(kind)} '{ident}'" + (f" ({label})" if label and label != ident else "")


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:79] + "…"


def _plural(kind: str, lang: str = "en") -> str:
    """The singular noun of a top-level list (``roles`` -> role), in ``lang``."""
    if is_chinese(lang):
        return {"departments": "部门", "roles": "岗位", "people": "人员", "activities": "活动"}[kind]
    return {"departments": "department", "roles": "role", "people": "person", "activities": "activity"}[kind]


class _Checker:
    def __init__(self, loaded: Loaded, say: str = "en"):
        self.loaded = loaded
        self.problems: list[Problem] = []
        self.say = say  # the language of the messages

    # -- reporting ---------------------------------------------------------
    def error(self, path: tuple, message: str, code: str, *, key: bool = False) -> None:
        self.problems.append(Problem(self.loaded.locate(path, key=key), "error", message, code))

    def warning(self, path: tuple, message: str, code: str) -> None:
        self.problems.append(Problem(self.loaded.locate(path), "warning", message, code))

    def note(self, path: tuple, message: str, code: str, severity: str = "note") -> None:
        self.problems.append(Problem(self.loaded.locate(path), severity, message, code))  # type: ignore[arg-type]

    # -- notes: translations, content not written yet ----------------------------------------
    def notes(self, data: dict, lang: str | None) -> None:
        parts = [("organization", 0, data["organization"])] if isinstance(data.get("organization"), dict) else []
        for kind in ("departments", "roles", "activities"):
            raw = data.get(kind)
            parts += [
                (kind, i, item) for i, item in enumerate(raw if isinstance(raw, list) else []) if isinstance(item, dict)
            ]
        raw_org = data.get("organization")
        organization: dict = raw_org if isinstance(raw_org, dict) else {}
        locale = normalise_lang(str(organization.get("locale", "")))
        used: set[str] = {locale} if locale in SUPPORTED_LANGS else set()
        for kind, _, item in parts:
            for value in _field_texts(item, TRANSLATED[kind]):
                if isinstance(value, dict):
                    used |= {normalise_lang(str(k)) for k in value} & set(SUPPORTED_LANGS)
        zh = is_chinese(self.say)
        wanted: list[str] = sorted(used) if len(used) > 1 else []
        if lang and lang not in wanted:
            wanted.append(lang)
        for want in wanted:
            severity = "warning" if want == lang else "note"
            for kind, i, item in parts:
                missing = self._untranslated(item, TRANSLATED[kind], want, self.say)
                if missing:
                    where = ("organization",) if kind == "organization" else (kind, i, "id")
                    named = item_name(kind, item, self.say)
                    if zh:
                        message = f"{named}：{'、'.join(missing)} 没有 {want} 翻译"
                    else:
                        message = f"{named}: no {want} translation of {', '.join(missing)}"
                    self.note(where, message, "untranslated", severity)
        for kind, fields in CONTENT.items():
            items = [(i, item) for k, i, item in parts if k == kind]
            present = {f for f in fields if any(_written(item.get(f)) for _, item in items)}
            for i, item in items:
                keys = [f for f in fields if f in present and not _written(item.get(f))]
                if keys:
                    named = item_name(kind, item, self.say)  # one message built, in its language
                    if zh:
                        message = f"{named}：尚未填写：{'、'.join(keys)}"
                    else:
                        message = f"{named}: not written yet: {', '.join(fields[f] for f in keys)}"
                    self.note((kind, i, "id"), message, "not-written")

    @staticmethod
    def _untranslated(item: dict, fields: tuple[str, ...], lang: str, say: str = "en") -> list[str]:
        missing = []
        for field in fields:
            value = item.get(field)
            if isinstance(value, list):
                texts = [v for v in value if isinstance(v, (str, dict))]
                n = sum(untranslated(v, lang) for v in texts)
                if not n:
                    continue
                if n == len(texts) == 1:
                    missing.append(field)
                elif n == len(texts):
                    missing.append(tr(say, f"all {n} {field}", f"全部 {n} 条 {field}"))
                else:
                    missing.append(tr(say, f"{n} of {len(texts)} {field}", f"{len(texts)} 条 {field} 中的 {n} 条"))
            elif isinstance(value, (str, dict)) and untranslated(value, lang):
                missing.append(field)
        return missing

    # -- structure ---------------------------------------------------------
    def run(self) -> TeamSpec | None:
        data = self.loaded.data
        if not isinstance(data, dict):
            return None
        say = self.say
        for key in data:
            if key not in TOP_KEYS:
                hint = _suggest(key, TOP_KEYS, say)
                self.error(
                    (key,), tr(say, f"unknown key '{key}'{hint}", f"未知的键“{key}”{hint}"), "unknown-key", key=True
                )
        version = data.get("version")
        if "version" not in data:
            message = tr(
                say,
                f"missing required field 'version' (write 'version: {FORMAT_VERSION}')",
                f"缺少必填字段“version”（请写 version: {FORMAT_VERSION}）",
            )
            self.error((), message, "missing")
        elif version != FORMAT_VERSION or isinstance(version, bool):
            message = tr(
                say,
                f"unsupported version {version!r}: this officegen reads version {FORMAT_VERSION}",
                f"不支持的版本 {version!r}：这个 officegen 读取的是版本 {FORMAT_VERSION}",
            )
            self.error(("version",), message, "version")
        organization = None
        if "organization" not in data:
            self.error((), tr(say, "missing required field 'organization'", "缺少必填字段“organization”"), "missing")
        else:
            organization = self._item(OrganizationSpec, data["organization"], ("organization",))
        items: dict[str, list[tuple[int, Any]]] = {}
        for kind, model in ITEM_MODELS.items():
            items[kind] = []
            raw = data.get(kind)
            if raw is None:
                if kind in ("departments", "roles"):
                    self.error((), tr(say, f"missing required field '{kind}'", f"缺少必填字段“{kind}”"), "missing")
                continue
            if not isinstance(raw, list):
                self.error((kind,), tr(say, f"'{kind}' must be a list", f"“{kind}”必须是列表"), "type")
                continue
            if not raw and kind in ("departments", "roles"):
                message = tr(say, f"'{kind}' needs at least one item", f"“{kind}”至少需要一项")
                self.error((kind,), message, "missing")
            for index, item in enumerate(raw):
                checked = self._item(model, item, (kind, index))
                items[kind].append((index, checked))
        scheme = organization.raci_scheme if organization else "RACI"
        self._references(data, scheme)
        if organization is None or has_errors(self.problems + self.loaded.problems):
            return None
        lists: dict[str, Any] = {kind: [spec for _, spec in items[kind]] for kind in ITEM_MODELS}
        return TeamSpec.model_construct(version=FORMAT_VERSION, organization=organization, **lists)

    def _item(self, model: type[BaseModel], raw: Any, path: tuple) -> Any:
        if not isinstance(raw, dict):
            hint = _hinted(raw, self.say)
            if is_chinese(self.say):
                what = "映射" if not isinstance(raw, list) else "映射，而不是列表"
                message = f"每个{self._what(path, self.say)}都必须是{what}（键: 值）{hint}"
            else:
                what = "a mapping" if not isinstance(raw, list) else "a mapping, not a list"
                message = f"each {self._what(path)} must be {what} (key: value pairs){hint}"
            self.error(path, message, "type")
            return None
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                self._pydantic_error(model, path, err)
            return None

    @staticmethod
    def _what(path: tuple, lang: str = "en") -> str:
        if path[0] in ITEM_MODELS:
            return _plural(path[0], lang)
        return tr(lang, path[0], "组织") if path[0] == "organization" else path[0]

    def _pydantic_error(self, model: type[BaseModel], base: tuple, err: Any) -> None:
        loc = tuple(err["loc"])
        path = base + loc
        kind = err["type"]
        field = str(loc[0]) if loc else ""
        say = self.say
        dotted = ".".join(map(str, loc))
        hint = _hinted(err.get("input"), say)
        if kind == "extra_forbidden":
            # a key typed with a full-width colon: say so first (a near key name would mislead)
            why = _hinted(field, say) or _suggest(field, model.model_fields, say)
            message = tr(
                say,
                f"unknown key '{field}' in {self._what(base)}{why}",
                f"{self._what(base, say)}里没有“{field}”这个键{why}",
            )
            self.error(path, message, "unknown-key", key=True)
        elif kind == "missing":
            message = tr(
                say,
                f"{self._what(base)} is missing required field '{loc[-1]}'",
                f"{self._what(base, say)}缺少必填字段“{loc[-1]}”",
            )
            self.error(path[:-1], message, "missing")
        elif kind == "value_error" and (split := _split_text(err.get("input"))):
            key, before = split
            quoted = f'{before[0]}: "{before[1]}, {key}"' if before else f'"..., {key}"'
            message = tr(
                say,
                f"{dotted}: '{key}' is not a locale code: the comma before it ends the "
                f"text in a {{...}} mapping; put the whole text in quotes ({_short(quoted)})",
                f"{dotted}：“{key}”不是语言代码：在 {{...}} 映射里，它前面的半角逗号结束了文本；"
                f"请把整段文本放在半角引号里（{_short(quoted)}）",
            )
            self.error(path + (key,), message, "unquoted-comma", key=True)
        elif kind == "value_error":
            message = str(err["msg"]).removeprefix("Value error, ")
            code = "invalid-id" if "id" in message else "type"
            if is_chinese(say):
                self.error(path, f"{dotted}：{_schema_zh(message)}{hint}", code)
            else:
                self.error(path, f"{dotted}: {message}{hint}", code)
        elif kind == "literal_error":
            expected = err["ctx"]["expected"]
            message = tr(
                say,
                f"{field} must be {expected}, not {err['input']!r}",
                f"{field} 只能是 {expected.replace(' or ', ' 或 ')}，不能是 {err['input']!r}",
            )
            self.error(path, message, "value")
        elif kind in ("int_parsing", "int_type", "int_from_float"):
            given = err.get("input")
            number = re.fullmatch(r"\s*(\d+)\s*\D{1,8}", given) if isinstance(given, str) else None
            if is_chinese(say):
                shown = f"，不能是“{given}”" if isinstance(given, str) else ""
                fix = f"（写 {field}: {number.group(1)}，不带单位）" if number else ""
                message = f"{field} 必须是整数{shown}{fix}"
            else:
                shown = f", not '{given}'" if isinstance(given, str) else ""
                fix = f" (write {field}: {number.group(1)}, without a unit)" if number else ""
                message = f"{field} must be a whole number{shown}{fix}"
            self.error(path, message, "type")
        elif kind in ("greater_than_equal", "less_than_equal"):
            bound = err["msg"].removeprefix("Input should be ")
            zh = bound.replace("greater than or equal to", "大于或等于").replace("less than or equal to", "小于或等于")
            self.error(path, tr(say, f"{field} must be {bound}", f"{field} 必须{zh}"), "value")
        elif kind in ("list_type",):
            self.error(path, tr(say, f"{field} must be a list{hint}", f"{field} 必须是列表{hint}"), "type")
        elif kind in ("dict_type", "model_type", "model_attributes_type"):
            message = tr(
                say, f"{dotted} must be a mapping (key: value pairs){hint}", f"{dotted} 必须是映射（键: 值）{hint}"
            )
            self.error(path, message, "type")
        elif kind in ("string_type",):
            self.error(path, tr(say, f"{dotted} must be text", f"{dotted} 必须是文本"), "type")
        else:  # pragma: no cover - defensive: pydantic's own words
            self.error(path, f"{dotted}: {err['msg']}", "type")

    # -- references, cycles, RACI -------------------------------------------
    @staticmethod
    def _raw(data: dict, kind: str) -> list[dict]:
        raw = data.get(kind)
        return [item for item in raw if isinstance(item, dict)] if isinstance(raw, list) else []

    def _ids(self, data: dict, kind: str) -> dict[str, int]:
        """Every id written for ``kind`` (first occurrence), duplicates reported."""
        seen: dict[str, int] = {}
        raw = data.get(kind)
        if not isinstance(raw, list):
            return seen
        for index, item in enumerate(raw):
            if not isinstance(item, dict) or not isinstance(item.get("id"), (str, int)):
                continue
            ident = str(item["id"])
            if ident in seen:
                first = self.loaded.locate((kind, seen[ident], "id"))
                message = tr(
                    self.say,
                    f"duplicate {_plural(kind)} id '{ident}' (first at {first})",
                    f"{_plural(kind, self.say)} id“{ident}”重复（第一次在 {first}）",
                )
                self.error((kind, index, "id"), message, "duplicate-id")
                continue
            seen[ident] = index
        return seen

    def _names(self, data: dict, kind: str, field: str) -> dict[str, list[str]]:
        """Every name or title (any translation) -> the ids of the items that carry it."""
        names: dict[str, list[str]] = {}
        for item in self._raw(data, kind):
            ident = _ident(item.get("id"))
            if ident is None:
                continue
            for text in _texts(item.get(field)):
                owners = names.setdefault(text.strip(), [])
                if ident not in owners:
                    owners.append(ident)
        return names

    def _references(self, data: dict, scheme: str) -> None:
        """References, cycles and RACI, checked on what was written (also on items with other errors)."""
        dept_ids = self._ids(data, "departments")
        role_ids = self._ids(data, "roles")
        self._ids(data, "activities")

        dept_names = self._names(data, "departments", "name")
        role_titles = self._names(data, "roles", "title")

        def ref(path: tuple, value: Any, known: dict[str, int], kind: str) -> str | None:
            value = _ident(value)
            if value is None:
                return None
            if value in known:
                return value
            if not _ID.match(value):  # a malformed id: reported once, by the structure check
                return None
            names, what, noun = (
                (dept_names, "name", "department") if "department" in kind else (role_titles, "title", "role")
            )
            why = _unknown(value, known, names, noun, what, self.say)
            zh = {"parent department": "上级部门", "department": "部门", "role": "岗位"}.get(kind, kind)
            message = tr(self.say, f"unknown {kind} '{value}'{why}", f"没有这个{zh}：“{value}”{why}")
            self.error(path, message, "unknown-reference")
            return None

        parents: dict[str, str] = {}
        for i, d in enumerate(self._raw(data, "departments")):
            ident, parent = _ident(d.get("id")), _ident(d.get("parent"))
            if ident is not None and parent == ident:
                message = tr(self.say, f"department '{ident}' is its own parent", f"部门“{ident}”的上级部门是它自己")
                self.error(("departments", i, "parent"), message, "cycle")
            elif (known := ref(("departments", i, "parent"), parent, dept_ids, "parent department")) and ident:
                parents.setdefault(ident, known)
        self._cycles(parents, "departments", dept_ids, "parent", tr(self.say, "department parents", "上级部门"))

        managers: dict[str, str] = {}
        roles_per_dept: Counter[str] = Counter()
        headcounts: dict[str, int | None] = {}
        raw_roles = self._raw(data, "roles")
        for i, r in enumerate(raw_roles):
            ident = _ident(r.get("id"))
            dept = ref(("roles", i, "department"), r.get("department"), dept_ids, "department")
            roles_per_dept[dept or ""] += 1
            manager = _ident(r.get("reports_to"))
            if ident is not None and manager == ident:
                message = tr(self.say, f"role '{ident}' reports to itself", f"岗位“{ident}”汇报给它自己")
                self.error(("roles", i, "reports_to"), message, "cycle")
            elif (known := ref(("roles", i, "reports_to"), manager, role_ids, "role")) and ident:
                managers.setdefault(ident, known)
            dotted = r.get("dotted_line_to")
            for j, other in enumerate(dotted if isinstance(dotted, list) else []):
                if ident is not None and _ident(other) == ident:
                    message = tr(
                        self.say, f"role '{ident}' has a dotted line to itself", f"岗位“{ident}”的虚线汇报指向它自己"
                    )
                    self.error(("roles", i, "dotted_line_to", j), message, "cycle")
                else:
                    ref(("roles", i, "dotted_line_to", j), other, role_ids, "role")
            headcount = r.get("headcount", 1)
            if ident is not None and isinstance(headcount, int) and not isinstance(headcount, bool) and headcount >= 0:
                headcounts.setdefault(ident, headcount)
            elif ident is not None:  # reported by the structure check: no headcount warning on top of it
                headcounts.setdefault(ident, None)
        self._cycles(managers, "roles", role_ids, "reports_to", tr(self.say, "reporting lines", "汇报关系"))

        filled: Counter[str] = Counter()
        for i, p in enumerate(self._raw(data, "people")):
            role = ref(("people", i, "role"), p.get("role"), role_ids, "role")
            if role:
                filled[role] += 1

        letters = scheme  # a scheme's name is its letters
        in_activity: set[str] = set()
        raw_activities = self._raw(data, "activities")
        for i, a in enumerate(raw_activities):
            raw_raci = a.get("raci")
            raci: dict = raw_raci if isinstance(raw_raci, dict) else {}
            pairs: list[tuple[str, str]] = []
            letters_ok = True
            for role, value in raci.items():
                path = ("activities", i, "raci", role)
                in_activity.add(role)
                if role not in role_ids:
                    why = _unknown(role, role_ids, role_titles, "role", "title", self.say)
                    message = tr(self.say, f"unknown role '{role}'{why}", f"没有这个岗位：“{role}”{why}")
                    self.error(path, message, "unknown-reference", key=True)
                if not isinstance(value, str):
                    letters_ok = False  # reported by the structure check
                    continue
                upper = value.strip().upper()
                bad = sorted({c for c in upper if c not in letters})
                if not upper or bad or len(set(upper)) != len(upper):
                    if is_chinese(self.say):
                        shown = "、".join(bad) if bad else ("空白" if not upper else "重复的字母")
                        message = (
                            f"岗位“{role}”的“{value}”：不能用 {shown}；请用 {'、'.join(letters)} 中的一个或几个"
                            f"（{scheme} 方案）"
                        )
                    else:
                        shown = ", ".join(bad) if bad else ("nothing" if not upper else "a repeated letter")
                        message = (
                            f"'{value}' for role '{role}': {shown} not allowed; use one or more of "
                            f"{', '.join(letters)} ({scheme} scheme)"
                        )
                    self.error(path, message, "raci-letters")
                    letters_ok = False
                    continue
                pairs.append((str(role), upper))
            name = _ident(a.get("id")) or f"#{i + 1}"
            if not letters_ok:
                continue
            for finding in raci_findings(name, pairs):
                self.warning(("activities", i, "id"), finding.message(self.say), finding.code)

        if raw_activities:
            for i, r in enumerate(raw_roles):
                ident = _ident(r.get("id"))
                if ident is not None and ident not in in_activity and role_ids.get(ident) == i:
                    message = tr(
                        self.say, f"role '{ident}' takes part in no activity", f"岗位“{ident}”没有参与任何活动"
                    )
                    self.warning(("roles", i, "id"), message, "role-unused")
        children: dict[str, list[str]] = defaultdict(list)
        for child, parent in parents.items():
            children[parent].append(child)
        staffed = self._subtree_has_roles(dept_ids, children, roles_per_dept)
        for ident, i in dept_ids.items():
            if ident not in staffed:
                message = tr(self.say, f"department '{ident}' has no roles", f"部门“{ident}”下面没有岗位")
                self.warning(("departments", i, "id"), message, "department-empty")
        for ident, i in role_ids.items():
            if (cap := headcounts.get(ident, 1)) is not None and filled[ident] > cap:
                message = tr(
                    self.say,
                    f"role '{ident}' has {filled[ident]} people but a headcount of {cap}",
                    f"岗位“{ident}”有 {filled[ident]} 人，但编制只有 {cap} 个",
                )
                self.warning(("roles", i, "headcount"), message, "over-headcount")

    @staticmethod
    def _subtree_has_roles(dept_ids, children, roles_per_dept) -> set[str]:
        staffed: set[str] = set()
        for root in dept_ids:
            if root in staffed or not roles_per_dept[root]:
                continue
            staffed.add(root)
        # propagate upwards: a department whose sub-department has roles is not empty
        parent_of = {c: p for p, cs in children.items() for c in cs}
        for dept in list(staffed):
            seen = set()
            while dept in parent_of and dept not in seen:
                seen.add(dept)
                dept = parent_of[dept]
                staffed.add(dept)
        return staffed

    def _cycles(self, parent: dict[str, str], kind: str, index: dict[str, int], field: str, what: str) -> None:
        state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
        for start in parent:
            if start in state:
                continue
            walk: list[str] = []
            node: str | None = start
            while node is not None and node not in state:
                state[node] = 1
                walk.append(node)
                node = parent.get(node)
            if node is not None and state[node] == 1:
                cycle = walk[walk.index(node) :]
                members = " -> ".join(cycle + [cycle[0]])
                first = min(cycle, key=lambda n: index.get(n, 0))
                message = tr(self.say, f"cycle in {what}: {members}", f"{what}成环：{members}")
                self.error((kind, index.get(first, 0), field), message, "cycle")
            for n in walk:
                state[n] = 2
