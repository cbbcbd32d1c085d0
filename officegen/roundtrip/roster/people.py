"""From the roster's rows to people: who each row is, which department and title, whether the
place is filled, and whom they report to (by id, email, phone or unique name).

Every problem of the roster is found in one pass and reported with the cell it is in:
duplicate ids, managers who are nobody or several people, manager cycles, missing titles,
formulas and error values, unknown statuses. Rows of people who have left are set aside;
someone reporting to them reports to their manager instead (with a warning).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from officegen.i18n import tr
from officegen.problems import Location, Problem
from officegen.roundtrip.roster.columns import Columns
from officegen.roundtrip.roster.table import Odd, Table

#: status values, folded (see _fold): the place is open, the person has left, or will start
VACANT = {
    "空缺",
    "空岗",
    "待招",
    "待招聘",
    "招聘中",
    "编制空缺",
    "缺编",
    "vacant",
    "vacancy",
    "open",
    "opening",
    "tbh",
    "tobehired",
    "hiring",
    "unfilled",
    "open position",
    "openposition",
}
LEFT = {
    "离职",
    "已离职",
    "离职中",
    "退休",
    "已退休",
    "已禁用",
    "禁用",
    "已退出",
    "退出企业",
    "解聘",
    "辞退",
    "已删除",
    "terminated",
    "inactive",
    "left",
    "former",
    "resigned",
    "retired",
    "disabled",
    "deleted",
    "separated",
}
PENDING = {"待入职", "未入职", "预入职", "offer", "pending", "tostart", "notstarted", "preboarding", "onboarding"}
FILLED = {
    "在职",
    "在岗",
    "正式",
    "试用",
    "试用期",
    "实习",
    "实习生",
    "兼职",
    "外包",
    "劳务",
    "顾问",
    "返聘",
    "待离职",
    "已激活",
    "激活",
    "未激活",
    "正常",
    "全职",
    "active",
    "employed",
    "fulltime",
    "parttime",
    "contractor",
    "intern",
    "temporary",
    "probation",
    "permanent",
    "current",
    "onleave",
    "leave",
    "休假",
    "停薪留职",
}
#: names that mark a row as an open position rather than a person
VACANT_NAMES = {
    "空缺",
    "待招",
    "待定",
    "虚位以待",
    "招聘中",
    "vacant",
    "vacancy",
    "open",
    "tbh",
    "tbd",
    "open position",
    "openposition",
    "(vacant)",
    "[vacant]",
    "vacant position",
    "vacantposition",
    "to be hired",
    "tobehired",
}
#: manager values that mean "nobody": the top of the tree
NOBODY = {"", "0", "-", "—", "－", "无", "没有", "none", "null", "n/a", "na", "nil", "top", "ceo"}
_SPLIT = re.compile(r"\s*[;；,，、|｜\n:：]\s*")
MAX_LISTED = 20  # problems of one kind in one column shown before they are counted instead


def _fold(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", text)).casefold()


_STATUSES = {
    _fold(v): status
    for values, status in ((FILLED, "filled"), (PENDING, "pending"), (LEFT, "left"), (VACANT, "vacant"))
    for v in values
}
_VACANT_NAMES = {_fold(v) for v in VACANT_NAMES}


@dataclass(slots=True)
class Person:
    """One row of the roster that is a place in the organisation (filled, vacant or about to be)."""

    index: int  # in People.rows
    line: int
    id: str
    name: str
    department: tuple[str, ...]
    title: str
    status: str  # "filled" | "vacant" | "pending"
    email: str = ""
    phone: str = ""
    grade: str = ""
    location: str = ""
    keys: tuple[str, ...] = ()  # every id a manager may be named by (id, alternative ids)
    manager: int | None = None  # index of the manager's row
    dotted: tuple[int, ...] = ()
    manager_text: str = ""
    manager_col: int | None = None
    several_departments: bool = False
    manager_unknown: bool = False  # named a manager who could not be found (an error already)

    @property
    def filled(self) -> bool:
        return self.status == "filled"

    @property
    def label(self) -> str:
        return self.name or self.id or f"#{self.line}"


@dataclass
class People:
    """The roster as people, and everything found on the way."""

    table: Table
    columns: Columns
    lang: str
    rows: list[Person] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    left: int = 0  # rows of people who have left (not imported)
    skipped: int = 0  # rows that are no place (notes, totals)
    has_department: bool = False
    has_manager: bool = False
    has_dotted: bool = False
    has_grade: bool = False
    has_location: bool = False
    has_email: bool = False
    companies: Counter = field(default_factory=Counter)  # the company column's values, of people in it

    def where(self, person: Person | int, col: int | None = None) -> Location:
        line = person.line if isinstance(person, Person) else person
        return self.table.where(line, col)


class _Counted:
    """Problems of one kind in one column: the first MAX_LISTED, then one line with the count."""

    def __init__(self, out: list[Problem]):
        self.out = out
        self.count: Counter = Counter()
        self.last: dict = {}

    def add(self, kind: tuple, problem: Problem) -> None:
        self.count[kind] += 1
        if self.count[kind] <= MAX_LISTED:
            self.out.append(problem)
        self.last[kind] = problem

    def close(self, lang: str) -> None:
        for kind, n in self.count.items():
            if n > MAX_LISTED:
                last = self.last[kind]
                self.out.append(
                    Problem(
                        last.location,
                        last.severity,
                        tr(
                            lang,
                            f"... and {n - MAX_LISTED} more like the above in this column (the last one here)",
                            f"……这一列还有 {n - MAX_LISTED} 处同样的问题（这里是最后一处）",
                        ),
                        "roster",
                    )
                )


def read_people(table: Table, columns: Columns, lang: str, org_root: str = "") -> People:
    """Every row as a :class:`Person` (rows of people who left are counted, not kept), then the
    manager and dotted-line references resolved, then cycles found."""
    out = People(table, columns, lang)
    c = columns
    out.has_department = c.get("department") is not None or c.get("division") is not None or bool(c.levels)
    out.has_manager = bool(c.managers)
    out.has_dotted = c.get("dotted") is not None
    out.has_grade = c.get("grade") is not None
    out.has_location = c.get("location") is not None
    out.has_email = c.get("email") is not None
    counted = _Counted(out.problems)
    used = sorted(c.used - {c.get("company")})  # the company only names the organisation: a formula there is no harm
    left_rows: list[tuple[Person, list]] = []
    refs: list[tuple[Person, list]] = []  # (person, raw cells) for the second pass
    for line, cells in table.rows:
        if _odd_cells(out, counted, line, cells, used):
            continue

        def get(name: str, cells: list = cells) -> str:
            return _cell(cells, c.get(name))

        name = get("name") or _joined(get("first_name"), get("last_name")) or _swapped(get("name_last_first"))
        ident = get("id")
        title = get("title")
        status_text = get("status")
        dept = _department(cells, c)
        status = _status(status_text)
        if status is None:
            counted.add(
                ("status", c.get("status")),
                Problem(
                    table.where(line, c.get("status")),
                    "warning",
                    tr(
                        lang,
                        f"status '{status_text}' is not one officegen knows; the row counts as a person in the post "
                        "(statuses: 在职/active, 空缺/vacant, 离职/terminated, 待入职/pending)",
                        f"状态“{status_text}”无法识别，按在岗计算（可用的状态：在职、空缺、离职、待入职）",
                    ),
                    "roster",
                ),
            )
            status = "filled"
        if name and len(name) < 20 and _fold(name) in _VACANT_NAMES:
            name, status = "", "vacant"
        if not name and status == "filled":
            status = "vacant"
        filled_cells = [v for v in cells if v]
        if not title and not name and not ident:
            if filled_cells:
                out.skipped += 1
            continue
        if len(filled_cells) == 1 and not title and (not ident or not name):
            out.skipped += 1
            out.problems.append(
                Problem(
                    table.where(line),
                    "warning",
                    tr(
                        lang,
                        f"only '{filled_cells[0]}' on this row: not a person (a note or a total?); skipped",
                        f"这一行只有“{filled_cells[0]}”，不是人员（备注或合计？），已跳过",
                    ),
                    "roster",
                )
            )
            continue
        person = Person(
            len(out.rows),
            line,
            ident,
            name,
            dept,
            title,
            status,
            email=get("email").lower() if "@" in get("email") else get("email"),
            phone=_digits(get("phone")),
            grade=get("grade"),
            location=get("location"),
        )
        dept_text = _cell(cells, c.get("department"))
        person.several_departments = bool(dept_text) and bool(re.search(r"[;；\n]", dept_text))
        person.keys = tuple(k for k in [ident, *(_cell(cells, i) for i in c.alt_ids)] if k)
        company = cells[c.by_field["company"]] if "company" in c.by_field and c.by_field["company"] < len(cells) else ""
        if company and isinstance(company, str) and status != "left":
            out.companies[company] += 1
        if status == "left":
            person.index = -1
            left_rows.append((person, cells))
            out.left += 1
            continue
        if not title:
            out.problems.append(
                Problem(
                    table.where(line, c.get("title")),
                    "error",
                    tr(
                        lang,
                        f"{person.label} has no {c.label('title')}: fill it in (a vacancy needs one too), or delete "
                        "the row",
                        f"{person.label}没有填写“{c.label('title')}”：请补上（空缺岗位也要写岗位名称），或删除这一行",
                    ),
                    "roster",
                )
            )
        refs.append((person, cells))
        out.rows.append(person)
    _resolve(out, refs, left_rows, counted)
    _cycles(out)
    counted.close(lang)
    several = [p for p in out.rows if p.several_departments]
    if several:
        out.problems.append(
            Problem(
                out.where(several[0], c.get("department")),
                "warning",
                tr(
                    lang,
                    f"{len(several)} {'person is' if len(several) == 1 else 'people are'} in several departments "
                    f"(first: {several[0].label}); the first department named is used",
                    f"{len(several)} 人属于多个部门（第一个：{several[0].label}），按所写的第一个部门导入",
                ),
                "roster",
            )
        )
    if not out.has_manager and len(out.rows) > 1:
        out.problems.append(
            Problem(
                table.where(table.header_line),
                "warning",
                tr(
                    lang,
                    "no manager column (直属上级工号, Reports To, Manager ID ...): the definition has no reporting "
                    "lines; name the column with --map COLUMN=manager",
                    "没有直属上级列（直属上级工号、直属上级、汇报对象……）：导入后没有汇报关系；可用 --map 列名=manager 指明",
                ),
                "roster",
            )
        )
    return out


def _odd_cells(out: People, counted: _Counted, line: int, cells: list, used: list[int]) -> bool:
    """Report formulas and error values in the columns officegen reads; True when the row has any."""
    bad = False
    for col in used:
        if col < len(cells) and isinstance(cells[col], Odd):
            odd = cells[col]
            bad = True
            title = out.columns.titles[col] if col < len(out.columns.titles) else ""
            if odd.kind == "formula":
                message = tr(
                    out.lang,
                    f"the {title} cell holds a formula ({odd.text[:60]}): officegen reads values; "
                    "copy the column and paste it back as values (Paste Special > Values), "
                    "then import again",
                    f"“{title}”单元格是公式（{odd.text[:60]}）：officegen 只读取值；请复制这一列，"
                    "选择性粘贴为“数值”，再导入",
                )
            else:
                message = tr(
                    out.lang,
                    f"the {title} cell holds the error {odd.text}: fix the formula or lookup "
                    "behind it, or type the value",
                    f"“{title}”单元格是错误值 {odd.text}：请修正背后的公式或查找，或直接填写",
                )
            counted.add((odd.kind, col), Problem(out.table.where(line, col), "error", message, "roster"))
    return bad


def _cell(cells: list, index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    value = cells[index]
    return value.text if isinstance(value, Odd) else value


def _joined(first: str, last: str) -> str:
    if not first or not last:
        return first or last
    if re.search(r"[\u3400-\u9fff]", first + last):
        return last + first  # 姓 + 名
    return f"{first} {last}"


def _swapped(text: str) -> str:
    last, sep, first = text.partition(",")
    return f"{first.strip()} {last.strip()}" if sep and first.strip() else text


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits


@functools.lru_cache(maxsize=4096)
def _status(text: str) -> str | None:
    key = _fold(text)
    if not key:
        return "filled"
    if key in _STATUSES:
        return _STATUSES[key]
    if key.startswith(("在职", "正式", "试用", "active", "fulltime", "parttime")):
        return "filled"
    if key.startswith(("离职", "terminated", "inactive")):
        return "left"
    return None


_PATH_SEPARATORS = ("/", "／", ">", "＞", "\\")
_DASHES = ("-", "－", "—")


def _department(cells: list, c: Columns) -> tuple[str, ...]:
    """A department path: levels, then division, then the department (split later by separators)."""
    parts = [_cell(cells, i) for i in c.levels]
    parts.append(_cell(cells, c.get("division")))
    dept = _cell(cells, c.get("department"))
    dept = re.split(r"[;；\n]", dept)[0].strip()
    parts.append(dept)
    return tuple(p for p in parts if p)


def split_paths(people: People) -> None:
    """Department texts like ``生产部/一车间`` become paths. ``/``, ``>``, ``\\`` and ``|`` always
    separate; a dash only when the roster shows it does (``生产部`` is also a department of its
    own, or two departments share what is before the dash), so ``E-commerce`` stays whole."""
    if people.columns.levels:  # the roster spells the tree out, one column a level
        return
    texts = Counter(p.department[-1] for p in people.rows if p.department)
    seps = [s for s in _PATH_SEPARATORS if any(s in t for t in texts)]
    dash = None
    for d in _DASHES:
        dashed = [t for t in texts if d in t]
        if not dashed:
            continue
        firsts = Counter(t.split(d)[0].strip() for t in dashed)
        if (
            any(t.rsplit(d, 1)[0].strip() in texts for t in dashed)
            or any(n > 1 for n in firsts.values())
            and len({t for t in dashed}) > 1
            and sum(firsts.values()) > len(firsts)
        ):
            dash = d
            break
    pattern = "|".join(re.escape(s) for s in seps + ([dash] if dash else []))
    if not pattern:
        return
    splitter = re.compile(rf"\s*(?:{pattern})\s*")
    cache: dict[str, tuple[str, ...]] = {}
    for person in people.rows:
        if not person.department:
            continue
        last = person.department[-1]
        if last not in cache:
            cache[last] = tuple(part for part in splitter.split(last) if part)
        person.department = person.department[:-1] + cache[last]


def _resolve(
    out: People, refs: list[tuple[Person, list]], left_rows: list[tuple[Person, list]], counted: _Counted
) -> None:
    """Managers and dotted lines, by id, alternative id, email, phone or unique name."""
    lang, c = out.lang, out.columns
    left_index = {id(p): n for n, (p, _) in enumerate(left_rows)}
    index: dict[str, list[Person]] = {}
    by_name: dict[str, list[Person]] = {}
    for group in (out.rows, [p for p, _ in left_rows]):  # someone who left never hides someone here
        active_keys = set(index), set(by_name)
        for person in group:
            for key in {k.casefold() for k in person.keys if k}:  # a repeated id is its first holder's
                if key not in active_keys[0] and key not in index:
                    index[key] = [person]
            for key in {k.casefold() for k in (person.email, person.phone) if k} - {k.casefold() for k in person.keys}:
                if key not in active_keys[0]:
                    index.setdefault(key, []).append(person)
            if person.name and person.name.casefold() not in active_keys[1]:
                by_name.setdefault(person.name.casefold(), []).append(person)
    id_col = c.get("id")
    seen: dict[str, Person] = {}
    for person in out.rows:
        if person.id and person.id in seen:
            first = seen[person.id]
            out.problems.append(
                Problem(
                    out.where(person, id_col),
                    "error",
                    tr(
                        lang,
                        f"{c.label('id')} {person.id} of {person.label} is also on row {first.line} ({first.label}): "
                        "each person needs their own",
                        f"{person.label}的{c.label('id')} {person.id} 与第 {first.line} 行（{first.label}）重复：每人的"
                        f"{c.label('id')}必须唯一",
                    ),
                    "roster",
                )
            )
        elif person.id:
            seen[person.id] = person

    def lookup(text: str) -> tuple[Person | None, str]:
        key = text.casefold()
        found = index.get(key) or (index.get(_digits(text)) if len(_digits(text)) >= 7 else None)
        if found:
            unique = {id(p): p for p in found}
            if len(unique) == 1:
                return found[0], ""
        named = by_name.get(key) or (by_name.get(_swapped(text).casefold()) if "," in text else None)
        if named and len(named) == 1:
            return named[0], ""
        if named or found:
            many = named or found or []
            rows = ", ".join(str(p.line) for p in many[:5])
            return None, tr(
                lang,
                f"'{text}' is {len(many)} people (rows {rows}): name the manager by "
                f"{c.label('id') if id_col is not None else 'id or email'}",
                f"“{text}”对应 {len(many)} 人（第 {rows} 行）：请用"
                f"{c.label('id') if id_col is not None else '工号或邮箱'}指明上级",
            )
        return None, tr(
            lang,
            f"'{text}' is nobody in this roster (no {c.label('id') if id_col is not None else 'id'}"
            ", email or name matches): correct it, or leave it empty for the top of the tree",
            f"“{text}”在花名册里找不到（没有这个{c.label('id') if id_col is not None else '工号'}、邮箱或"
            "姓名）：请改正；最上层的人请留空",
        )

    def resolve_manager(person: Person, cells: list) -> Person | None:
        for col in c.managers:
            text = _cell(cells, col)
            if _fold(text) in NOBODY:
                continue
            manager, why = lookup(text)
            if manager is person or (manager is None and text in person.keys):
                return None  # oneself: the top of the tree
            person.manager_text, person.manager_col = text, col
            if manager is None:
                person.manager_unknown = True
                title = c.titles[col] if col < len(c.titles) else ""
                why = tr(lang, f"{title}: {why}", f"{title}：{why}") if title else why
                counted.add(("manager", col, why[:12]), Problem(out.where(person, col), "error", why, "roster"))
            return manager
        return None

    managers: dict[int, Person | None] = {}
    for person, cells in [*refs, *left_rows]:
        managers[id(person)] = resolve_manager(person, cells)
    for person, cells in refs:
        manager = managers[id(person)]
        hops = 0
        while manager is not None and id(manager) in left_index and hops < len(left_rows) + 1:
            out.problems.append(
                Problem(
                    out.where(person, person.manager_col),
                    "warning",
                    tr(
                        lang,
                        f"{person.label}'s manager {manager.label} has left (row {manager.line}); imported as reporting "
                        "to their manager",
                        f"{person.label}的上级{manager.label}已离职（第 {manager.line} 行），按其上级导入",
                    ),
                    "roster",
                )
            )
            manager = managers.get(id(manager))
            hops += 1
        person.manager = manager.index if manager is not None and id(manager) not in left_index else None
        if out.has_dotted:
            person.dotted = _dotted(out, person, _cell(cells, c.get("dotted")), lookup)


def _dotted(out: People, person: Person, text: str, lookup) -> tuple[int, ...]:
    if _fold(text) in NOBODY:
        return ()
    whole, _ = lookup(text)
    parts = [text] if whole is not None else [p for p in _SPLIT.split(text) if p]
    found = []
    for part in parts:
        other, why = (whole, "") if whole is not None else lookup(part)
        if other is None:
            out.problems.append(
                Problem(
                    out.where(person, out.columns.get("dotted")),
                    "warning",
                    why + tr(out.lang, " (dotted line not drawn)", "（虚线汇报不导入）"),
                    "roster",
                )
            )
        elif other is not person and other.index >= 0:
            found.append(other.index)
    return tuple(dict.fromkeys(found))


def _cycles(out: People) -> None:
    """Every manager cycle once, as one error at its first row's manager cell naming all its members."""
    state = [0] * len(out.rows)  # 0 new, 1 on the path, 2 done
    for start in range(len(out.rows)):
        path: list[int] = []
        node: int | None = start
        while node is not None and state[node] == 0:
            state[node] = 1
            path.append(node)
            node = out.rows[node].manager
        if node is not None and state[node] == 1:
            cycle = path[path.index(node) :]
            first = min(cycle, key=lambda n: out.rows[n].line)
            chain = " -> ".join(
                f"{out.rows[n].label} ({tr(out.lang, 'row', '第')} {out.rows[n].line}{tr(out.lang, '', ' 行')})"
                for n in cycle + [cycle[0]]
            )
            person = out.rows[first]
            out.problems.append(
                Problem(
                    out.where(person, person.manager_col),
                    "error",
                    tr(
                        out.lang,
                        f"manager cycle: {chain}: someone in it must report outside it (the top of the tree has "
                        "an empty manager)",
                        f"汇报关系成环：{chain}：其中一人的上级必须在环外（最上层的人上级留空）",
                    ),
                    "roster",
                )
            )
            for n in cycle:
                out.rows[n].manager = None  # so later stages see a tree
        for n in path:
            state[n] = 2
