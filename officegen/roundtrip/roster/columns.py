"""Which roster column holds what: the fields officegen reads, their names in Chinese and English
exports, the exact column sets of common HR systems and org-chart tools (presets), and ``--map``.

Column titles are compared after :func:`normalise` (width, case, spaces, punctuation and
"(必填)"-style notes folded away), so ``Employee ID``, ``employee_id`` and ``EMPLOYEE-ID`` are
one name, and ``直属上级工号（必填）`` reads as ``直属上级工号``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from officegen.i18n import is_chinese

#: the fields, in the order messages list them; "ignore" marks a column as deliberately unused
FIELDS = (
    "id",
    "alt_id",
    "name",
    "first_name",
    "last_name",
    "name_last_first",
    "department",
    "division",
    "title",
    "manager",
    "dotted",
    "status",
    "email",
    "phone",
    "grade",
    "location",
    "company",
    "ignore",
)
#: fields several columns may feed: alternative ids (all are keys a manager may be named by),
#: and department levels ("department.1", "department.2", ...) joined into a path
MULTI = ("alt_id",)
LEVEL = re.compile(r"department\.([1-9])")

#: column names by field, most specific first: when two columns name one field, the earlier
#: name wins (and for ids and managers the others still serve, as alternatives)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": (
        "工号",
        "员工工号",
        "员工编号",
        "员工号",
        "职工号",
        "职工编号",
        "人员编号",
        "人员工号",
        "编号",
        "员工代码",
        "Employee ID",
        "EmployeeID",
        "Employee Number",
        "Employee No",
        "Employee #",
        "Emp ID",
        "Emp No",
        "Employee Code",
        "Person ID",
        "PersonID",
        "Staff ID",
        "Staff No",
        "Unique ID",
        "Unique_ID",
        "employeeNumber",
        "job_number",
        "JobNumber",
        "Worker ID",
        "ID",
        "员工ID",
        "人员ID",
        "用户ID",
        "用户 ID",
        "员工UserID",
        "UserID",
        "user_id",
        "帐号",
        "账号",
        "成员帐号",
        "成员账号",
        "EID",
    ),
    "name": (
        "姓名",
        "员工姓名",
        "成员姓名",
        "人员姓名",
        "名字",
        "真实姓名",
        "中文名",
        "Name",
        "Full Name",
        "Employee Name",
        "Display Name",
        "Employee",
    ),
    "first_name": ("First Name", "FirstName", "Given Name", "名"),
    "last_name": ("Last Name", "LastName", "Surname", "Family Name", "姓"),
    "name_last_first": ("Last Name, First Name", "Last, First"),
    "department": (
        "部门全称",
        "部门路径",
        "组织全称",
        "组织路径",
        "主部门",
        "部门",
        "所属部门",
        "所在部门",
        "部门名称",
        "组织",
        "所属组织",
        "组织名称",
        "Department Path",
        "Department",
        "Dept",
        "Department Name",
        "Dept Name",
        "Org Unit",
        "Organization Unit",
        "Organisation Unit",
        "OIdDepartment",
    ),
    "division": ("Division", "事业部", "事业群"),
    "title": (
        "岗位",
        "岗位名称",
        "职位",
        "职位名称",
        "职务",
        "职务名称",
        "Job Title",
        "Title",
        "Position",
        "Position Title",
        "Business Title",
        "businessTitle",
        "Designation",
        "Role",
        "OIdJobPost",
        "OIdJobPosition",
    ),
    "manager": (
        "直属上级工号",
        "直接上级工号",
        "上级工号",
        "直属主管工号",
        "主管工号",
        "直线经理工号",
        "汇报对象工号",
        "上级编号",
        "直属上级ID",
        "直属上级UserID",
        "直属主管UserID",
        "上级ID",
        "Manager ID",
        "ManagerID",
        "Manager Employee ID",
        "Supervisor ID",
        "SupervisorID",
        "Supervisor EID",
        "Reports To ID",
        "Boss ID",
        "BossID",
        "manager_userid",
        "leader_user_id",
        "Manager Email",
        "Supervisor Email",
        "Reports To Email",
        "上级邮箱",
        "直属上级邮箱",
        "直属上级",
        "直接上级",
        "上级",
        "汇报对象",
        "汇报上级",
        "直属主管",
        "直线经理",
        "直线上级",
        "主管",
        "直属领导",
        "上级领导",
        "Reports To",
        "Reports_To",
        "ReportsTo",
        "Reporting To",
        "Manager",
        "Supervisor",
        "Boss",
        "Line Manager",
        "Direct Manager",
        "POIdEmpAdmin",
        "direct_leader",
    ),
    "dotted": (
        "虚线上级工号",
        "虚线上级",
        "虚线主管",
        "虚线经理",
        "虚线汇报",
        "虚线汇报对象",
        "AltReportsTo",
        "Alt Reports To",
        "Dotted Line",
        "Dotted Line Manager",
        "Dotted-line Manager",
        "dotted_line_leader_user_ids",
        "Matrix Manager",
        "Secondary Manager",
        "Indirect Manager",
        "POIdEmpReserve2",
    ),
    "status": (
        "状态",
        "员工状态",
        "人员状态",
        "在职状态",
        "任职状态",
        "雇佣状态",
        "岗位状态",
        "账号状态",
        "帐号状态",
        "激活状态",
        "Status",
        "Employee Status",
        "EmployeeStatus",
        "Position Status",
    ),
    "email": (
        "企业邮箱",
        "工作邮箱",
        "公司邮箱",
        "邮箱",
        "电子邮箱",
        "邮箱地址",
        "邮件",
        "Work Email",
        "Email",
        "E-mail",
        "Email Address",
        "Mail",
        "biz_mail",
        "个人邮箱",
    ),
    "phone": (
        "手机",
        "手机号",
        "手机号码",
        "移动电话",
        "Mobile",
        "Mobile Phone",
        "Cell Phone",
        "Cell",
        "Phone",
        "Work Phone",
        "Telephone",
    ),
    "grade": (
        "职级",
        "岗位职级",
        "职等",
        "级别",
        "职级名称",
        "Grade",
        "Job Level",
        "Level",
        "Pay Grade",
        "Band",
        "OIdJobLevel",
    ),
    "location": (
        "工作地点",
        "办公地点",
        "工作城市",
        "常驻地",
        "工作地",
        "所在地",
        "城市",
        "地点",
        "Location",
        "Office Location",
        "Work Location",
        "Office",
        "Work City",
        "City",
        "Site",
        "Place",
    ),
    #: the employer: only read for the organisation's name (when every person has the same one)
    "company": (
        "公司",
        "公司名称",
        "所属公司",
        "所在公司",
        "合同公司",
        "签约公司",
        "法人公司",
        "法人主体",
        "Company",
        "Company Name",
        "Legal Entity",
        "Employer",
    ),
}

#: "一级部门", "二级组织", "Level 3", "Department 2": a department level, joined into a path
_LEVEL_NAME = re.compile(r"^(?:([一二三四五六七八九])级(?:部门|组织)|(?:level|dept|department|部门|组织)([1-9]))$")
_CN_DIGITS = "一二三四五六七八九"


@dataclass(frozen=True)
class Preset:
    """The exact column set one product exports: column name -> field, in priority order."""

    name: str
    label: str
    columns: tuple[tuple[str, str], ...]
    aliases: tuple[str, ...] = ()


PRESETS: tuple[Preset, ...] = (
    Preset(
        "visio",
        "Visio Organization Chart Wizard",
        (
            ("Unique_ID", "id"),
            ("Employee ID", "id"),
            ("Name", "name"),
            ("First Name", "first_name"),
            ("Reports_To", "manager"),
            ("Title", "title"),
            ("Department", "department"),
            ("Telephone", "phone"),
            ("E-mail", "email"),
            ("Email", "email"),
            ("Location", "location"),
            ("Master_Shape", "ignore"),
        ),
        ("visio-wizard",),
    ),
    Preset(
        "orgchart-now",
        "OrgChart Now",
        (
            ("PersonID", "id"),
            ("SupervisorID", "manager"),
            ("Name", "name"),
            ("First Name", "first_name"),
            ("Last Name", "last_name"),
            ("Preferred Name", "ignore"),
            ("Title", "title"),
            ("Department", "department"),
            ("Location", "location"),
            ("Email", "email"),
            ("IsAssistant", "ignore"),
            ("Photo", "ignore"),
        ),
        ("orgchartnow", "orgchart"),
    ),
    Preset(
        "orgplus",
        "OrgPlus",
        (
            ("Unique ID", "id"),
            ("Person ID", "id"),
            ("Boss ID", "manager"),
            ("Supervisor ID", "manager"),
            ("Full Name", "name"),
            ("Name", "name"),
            ("Job Title", "title"),
            ("Title", "title"),
            ("Department", "department"),
            ("Office Location", "location"),
            ("Work Email", "email"),
            ("AltReportsTo", "dotted"),
            ("Work Phone", "phone"),
            ("Mobile Phone", "phone"),
            ("Is Assistant", "ignore"),
            ("Photo", "ignore"),
            ("Salary", "ignore"),
        ),
        ("org-plus",),
    ),
    Preset(
        "bamboohr",
        "BambooHR",
        (
            ("Employee #", "id"),
            ("EID", "alt_id"),
            ("Employee ID", "alt_id"),
            ("Display Name", "name"),
            ("Name", "name"),
            ("Last Name, First Name", "name_last_first"),
            ("First Name", "first_name"),
            ("Last Name", "last_name"),
            ("Preferred Name", "ignore"),
            ("Job Title", "title"),
            ("Department", "department"),
            ("Division", "division"),
            ("Location", "location"),
            ("Supervisor EID", "manager"),
            ("Supervisor ID", "manager"),
            ("Supervisor Email", "manager"),
            ("Reporting to", "manager"),
            ("Reports To", "manager"),
            ("Work Email", "email"),
            ("Status", "status"),
            ("Employment Status", "ignore"),
            ("Hire Date", "ignore"),
            ("Mobile Phone", "phone"),
        ),
        ("bamboo",),
    ),
    Preset(
        "dingtalk",
        "DingTalk (钉钉)",
        (
            ("工号", "id"),
            ("员工UserID", "alt_id"),
            ("UserID", "alt_id"),
            ("姓名", "name"),
            ("主部门", "department"),
            ("部门", "department"),
            ("职位", "title"),
            ("直属主管工号", "manager"),
            ("直属主管UserID", "manager"),
            ("直属主管", "manager"),
            ("手机号", "phone"),
            ("手机", "phone"),
            ("企业邮箱", "email"),
            ("邮箱", "email"),
            ("岗位职级", "grade"),
            ("员工状态", "status"),
            ("办公地点", "location"),
            ("工作地点", "location"),
            ("分机号", "ignore"),
            ("入职时间", "ignore"),
            ("备注", "ignore"),
        ),
        ("钉钉", "ding"),
    ),
    Preset(
        "feishu",
        "Feishu / Lark (飞书)",
        (
            ("工号", "id"),
            ("用户 ID", "alt_id"),
            ("用户ID", "alt_id"),
            ("姓名", "name"),
            ("部门", "department"),
            ("职务", "title"),
            ("直属上级", "manager"),
            ("虚线上级", "dotted"),
            ("手机号码", "phone"),
            ("手机号", "phone"),
            ("邮箱", "email"),
            ("企业邮箱", "email"),
            ("职级", "grade"),
            ("工作城市", "location"),
            ("人员类型", "ignore"),
            ("入职日期", "ignore"),
        ),
        ("飞书", "lark"),
    ),
    Preset(
        "wecom",
        "WeCom (企业微信)",
        (
            ("帐号", "id"),
            ("账号", "id"),
            ("姓名", "name"),
            ("部门", "department"),
            ("职务", "title"),
            ("直属上级", "manager"),
            ("手机", "phone"),
            ("企业邮箱", "email"),
            ("个人邮箱", "email"),
            ("地址", "location"),
            ("状态", "status"),
            ("别名", "ignore"),
            ("性别", "ignore"),
            ("座机", "ignore"),
            ("对外职务", "ignore"),
        ),
        ("企业微信", "wechat-work", "wework"),
    ),
    Preset(
        "beisen",
        "Beisen iTalent (北森)",
        (
            ("工号", "id"),
            ("JobNumber", "id"),
            ("员工ID", "alt_id"),
            ("UserID", "alt_id"),
            ("姓名", "name"),
            ("Name", "name"),
            ("组织全称", "department"),
            ("部门全称", "department"),
            ("所属部门", "department"),
            ("部门", "department"),
            ("OIdDepartment", "department"),
            ("职务", "title"),
            ("OIdJobPost", "title"),
            ("职位", "ignore"),
            ("直线经理工号", "manager"),
            ("直线经理", "manager"),
            ("POIdEmpAdmin", "manager"),
            ("虚线经理", "dotted"),
            ("POIdEmpReserve2", "dotted"),
            ("人员状态", "status"),
            ("EmployeeStatus", "status"),
            ("职级", "grade"),
            ("OIdJobLevel", "grade"),
            ("工作地点", "location"),
            ("Place", "location"),
            ("邮箱", "email"),
            ("Email", "email"),
            ("雇佣类型", "ignore"),
            ("入职日期", "ignore"),
        ),
        ("北森", "italent"),
    ),
)


def preset_named(name: str) -> Preset | None:
    want = normalise(name)
    return next((p for p in PRESETS if want in {normalise(p.name), *(normalise(a) for a in p.aliases)}), None)


_NOTE = re.compile(r"[(（\[【]\s*(?:必填|选填|非必填|可选|可不填|required|optional)\s*[)）\]】]", re.I)
_FOLD = re.compile(r"[\s_\-./·:：*（）()\[\]【】'\"“”‘’]+")


def normalise(title: str) -> str:
    """A column title folded for comparison: NFKC, case, spaces and punctuation, "(必填)" notes."""
    text = unicodedata.normalize("NFKC", str(title)).strip()
    text = _NOTE.sub("", text)
    return _FOLD.sub("", text).casefold()


_BY_NAME: dict[str, tuple[str, int]] = {}
for _field, _names in SYNONYMS.items():
    for _rank, _name in enumerate(_names):
        _BY_NAME.setdefault(normalise(_name), (_field, _rank))


def level_of(title: str) -> int | None:
    """The level of a department-level column ("二级部门" -> 2), or None."""
    m = _LEVEL_NAME.match(normalise(title))
    if not m:
        return None
    return _CN_DIGITS.index(m.group(1)) + 1 if m.group(1) else int(m.group(2))


def known(title: str) -> bool:
    """Whether a title names a field (used to find the header row under title rows)."""
    key = normalise(title)
    return bool(key) and (
        key in _BY_NAME
        or level_of(title) is not None
        or any(key == normalise(c) for p in PRESETS for c, _ in p.columns)
    )


@dataclass
class Columns:
    """The header's meaning: field -> column index (0-based), and what was set aside."""

    by_field: dict[str, int] = field(default_factory=dict)
    alt_ids: list[int] = field(default_factory=list)
    managers: list[int] = field(default_factory=list)  # the manager column first, then fallbacks
    levels: list[int] = field(default_factory=list)  # department levels, top first
    titles: list[str] = field(default_factory=list)  # the header as written
    duplicates: list[tuple[str, int, int]] = field(default_factory=list)  # (field, used column, other)

    def get(self, name: str) -> int | None:
        return self.by_field.get(name)

    def label(self, name: str) -> str:
        """The column title as the roster writes it (for messages)."""
        index = self.by_field.get(name)
        return self.titles[index] if index is not None else name

    @property
    def used(self) -> set[int]:
        return set(self.by_field.values()) | set(self.alt_ids) | set(self.managers) | set(self.levels)


class MapError(ValueError):
    """A ``--map`` or ``--preset`` that cannot apply to this roster (the message says why)."""


def parse_map(items: tuple[str, ...] | list[str], lang: str = "en") -> list[tuple[str, str]]:
    """``COLUMN=FIELD`` pairs; raises MapError naming the bad one (in ``lang``)."""
    pairs = []
    zh = is_chinese(lang)
    for item in items:
        column, sep, name = item.rpartition("=")
        name = name.strip().lower().replace("-", "_")
        if not sep or not column.strip():
            if zh:
                raise MapError(f"“{item}”：请写成 列名=字段，例如 直属上级工号=manager")
            raise MapError(f"'{item}': write COLUMN=FIELD, e.g. 直属上级工号=manager")
        if name not in FIELDS and not LEVEL.fullmatch(name):
            if zh:
                raise MapError(
                    f"“{item}”：没有“{name}”这个字段；可用的字段：{', '.join(FIELDS)}，department.1 ... department.9"
                )
            raise MapError(
                f"'{item}': unknown field '{name}'; fields: {', '.join(FIELDS)}, department.1 ... department.9"
            )
        pairs.append((column.strip(), name))
    return pairs


def recognise(
    titles: list[str], mapping: Sequence[tuple[str, str]] = (), preset: Preset | None = None, lang: str = "en"
) -> Columns:
    """What each column holds: ``--map`` first, then the preset's names, then the known names.
    Raises MapError (in ``lang``) when a mapped column is not in the header or two columns are
    mapped to one field."""
    zh = is_chinese(lang)
    cols = Columns(titles=[("" if t is None else str(t)) for t in titles])
    keys = [normalise(t) for t in cols.titles]
    taken: dict[int, str] = {}
    claims: dict[str, list[tuple[int, int]]] = {}  # field -> [(priority, column)]

    def claim(name: str, index: int, priority: int) -> None:
        if index in taken:
            return
        taken[index] = name
        claims.setdefault(name, []).append((priority, index))

    for column, name in mapping:
        index = _find(cols.titles, keys, column)
        if index is None:
            if zh:
                shown = "、".join(t for t in cols.titles if t) or "—"
                raise MapError(f"--map {column}={name}：花名册里没有“{column}”这一列（它的列：{shown}）")
            shown = ", ".join(t for t in cols.titles if t) or "—"
            raise MapError(f"--map {column}={name}: the roster has no column '{column}' (its columns: {shown})")
        if index in taken:
            if zh:
                raise MapError(f"--map {column}={name}：“{column}”列已经指定为 {taken[index]}")
            raise MapError(f"--map {column}={name}: column '{column}' is already mapped to {taken[index]}")
        mapped_before = [c for c, n in mapping if n == name and n not in MULTI and n != "ignore"]
        if len(mapped_before) > 1:
            if zh:
                raise MapError(
                    f"--map：有两列都指定为 {name}（{'、'.join(mapped_before)}）；只指定其中一列，或把另一列指定为别的字段"
                )
            raise MapError(
                f"--map: two columns are mapped to {name} ({', '.join(mapped_before)}); "
                "map one of them, or map the other to another field"
            )
        claim(name, index, -1000)
    if preset is not None:
        for rank, (column, name) in enumerate(preset.columns):
            for index, key in enumerate(keys):
                if key == normalise(column):
                    claim(name, index, -500 + rank)
    for index, key in enumerate(keys):
        if not key:
            continue
        level = level_of(cols.titles[index])
        if level is not None:
            claim(f"department.{level}", index, level)
        elif key in _BY_NAME:
            name, rank = _BY_NAME[key]
            claim(name, index, rank)
    for name, found in claims.items():
        found.sort()
        if name == "ignore":
            continue
        if name == "alt_id":
            cols.alt_ids.extend(i for _, i in found)
            continue
        if LEVEL.fullmatch(name):
            continue
        cols.by_field[name] = found[0][1]
        rest = [i for _, i in found[1:]]
        if name in ("id",):
            cols.alt_ids.extend(rest)
        elif name == "manager":
            cols.managers = [found[0][1], *rest]
        else:
            cols.duplicates.extend((name, found[0][1], i) for i in rest)
    levels = sorted(
        (int(m.group(1)), found[0][1]) for n, found in claims.items() if (m := LEVEL.fullmatch(n)) is not None
    )
    cols.levels = [i for _, i in levels]
    cols.alt_ids.sort()
    return cols


def _find(titles: list[str], keys: list[str], column: str) -> int | None:
    """A column by its title (exact, then folded), or by its letter (A, B, ..., AA) when no title matches."""
    for index, title in enumerate(titles):
        if title.strip() == column:
            return index
    key = normalise(column)
    for index, folded in enumerate(keys):
        if folded and folded == key:
            return index
    if re.fullmatch(r"[A-Za-z]{1,3}", column):
        from openpyxl.utils import column_index_from_string

        index = column_index_from_string(column.upper()) - 1
        return index if index < len(titles) else None
    return None


def needed_message(titles: list[str], lang: str) -> str:
    """The one message for a roster with no recognisable columns: what it has, what is needed, an example."""
    found = [t for t in titles if t and str(t).strip()]
    shown = ", ".join(f"'{t}'" for t in found[:30]) or "—"
    example = f"--map '{found[0]}=name'" if found else "--map 'Full Name=name'"
    if len(found) > 1:
        example += f" --map '{found[1]}=title'"
    if is_chinese(lang):
        return (
            f"找不到可识别的列。花名册的列：{shown}。至少需要：岗位（岗位/职位/职务/Title）和"
            f"姓名或工号（姓名/Name，工号/Employee ID）；最好还有部门和直属上级（直属上级工号/Reports To）。"
            f"用 --map 指明哪一列是什么，例如 {example}；或用 --preset 指明导出它的系统"
            f"（{', '.join(p.name for p in PRESETS)}）"
        )
    return (
        f"no recognisable columns. The roster's columns: {shown}. Needed at least: the title (岗位, Title, "
        "Job Title, Position) and the name or id (姓名, Name, 工号, Employee ID); best also the department and "
        f"the manager (直属上级工号, Reports To, Manager ID). Say which column is which with --map, e.g. "
        f"{example}, or name the system it came from with --preset ({', '.join(p.name for p in PRESETS)})"
    )
