"""The words that describe changes, in zh-CN and en, for every report of a comparison (text,
change-log workbook, change deck, revision records): one table, so they all say the same."""

from __future__ import annotations

from typing import Mapping

from officegen.i18n import pick_labels

LABELS: dict[str, dict[str, str]] = {
    "en": {
        # kinds (headings, sheet names)
        "organization": "Organisation", "department": "Departments", "role": "Roles", "person": "People",
        "activity": "Activities", "raci": "RACI", "summary": "Summary", "all": "All changes",
        "k.organization": "Organisation", "k.department": "Department", "k.role": "Role", "k.person": "Person",
        "k.activity": "Activity", "k.raci": "RACI",
        # actions
        "add": "Add", "delete": "Delete", "move": "Move", "change": "Change",
        # fields
        "f.id": "id", "f.name": "name", "f.title": "title", "f.parent": "parent department",
        "f.description": "description", "f.department": "department", "f.reports_to": "reports to",
        "f.dotted_line_to": "dotted line to", "f.headcount": "headcount", "f.grade": "grade",
        "f.location": "location", "f.summary": "summary", "f.responsibilities": "responsibilities",
        "f.requirements": "requirements", "f.kpis": "KPIs", "f.role": "role", "f.email": "e-mail",
        "f.process": "process", "f.raci": "letters", "f.raci_scheme": "RACI scheme",
        "f.document_control.number": "document number", "f.document_control.version": "version",
        "f.document_control.effective_date": "effective date", "f.document_control.prepared_by": "prepared by",
        "f.document_control.approved_by": "approved by", "f.document_control.signatures": "signature lines",
        "d.function": "function",
        # phrases
        "under": "under {x}", "top": "at the top", "in": "in {x}", "reports": "reports to {x}",
        "joined": "joined as {x}", "left": "left {x}", "none": "(none)", "nothing": "(empty)",
        "no_changes": "No changes.", "renamed": "renamed from {x}",
        "findings": "Consequences", "load": "R+A load: largest shifts", "totals": "Totals",
        "old": "Old", "new": "New", "delta": "Change", "more": "... and {n} more",
        "letters_n": "{n} letter changes in {m} activities",
        "c.lost_a": "lost its Accountable (A): none now", "c.gained_a": "has an Accountable (A) again: {roles}",
        "c.multiple_a": "now has {n} Accountable (A): {roles}", "c.lost_r": "lost its Responsible (R): none now",
        "c.gained_r": "has a Responsible (R) again: {roles}", "c.no_a": "new, without an Accountable (A)",
        "c.no_r": "new, without a Responsible (R)",
        "t.departments": "departments", "t.roles": "roles", "t.activities": "activities",
        "t.people": "people named", "t.planned": "headcount (planned)", "t.filled": "filled", "t.vacant": "vacancies",
        "t.managers": "managers", "t.average_span": "average span of control", "t.widest_span": "widest span",
        "t.layers": "layers",
        "lang": " ({x})",
        "n.add": "{n} added", "n.delete": "{n} deleted", "n.move": "{n} moved", "n.change": "{n} changed",
        # columns of the change log
        "col.action": "Action", "col.kind": "Kind", "col.id": "Id", "col.name": "Name", "col.field": "Field",
        "col.old": "Old", "col.new": "New", "col.old_id": "Old id", "col.role": "Role", "col.role_id": "Role id",
        "col.lang": "Language", "col.code": "Finding", "col.activity": "Activity", "col.item": "Figure",
        "col.a": "A", "col.r": "R",
        "headcount_by_dept": "Headcount by department", "planned": "Planned", "filled": "Filled",
        "title": "Changes", "subject": "What changed between two versions of the team definition",
    },
    "zh-CN": {
        "organization": "组织", "department": "部门", "role": "岗位", "person": "人员", "activity": "活动",
        "raci": "RACI", "summary": "概览", "all": "全部变更",
        "k.organization": "组织", "k.department": "部门", "k.role": "岗位", "k.person": "人员", "k.activity": "活动",
        "k.raci": "RACI",
        "add": "新增", "delete": "删除", "move": "调整", "change": "修改",
        "f.id": "编号", "f.name": "名称", "f.title": "岗位名称", "f.parent": "上级部门", "f.description": "说明",
        "f.department": "所属部门", "f.reports_to": "汇报给", "f.dotted_line_to": "虚线汇报给",
        "f.headcount": "编制", "f.grade": "职级", "f.location": "工作地点", "f.summary": "岗位目的",
        "f.responsibilities": "岗位职责", "f.requirements": "任职资格", "f.kpis": "绩效考核", "f.role": "岗位",
        "f.email": "邮箱", "f.process": "流程", "f.raci": "RACI", "f.raci_scheme": "RACI 方案",
        "f.document_control.number": "文件编号", "f.document_control.version": "版本",
        "f.document_control.effective_date": "生效日期", "f.document_control.prepared_by": "编制",
        "f.document_control.approved_by": "审批", "f.document_control.signatures": "签字栏",
        "d.function": "部门职能",
        "under": "隶属 {x}", "top": "最高层", "in": "属于 {x}", "reports": "汇报给 {x}",
        "joined": "入职 {x}", "left": "离开 {x}", "none": "（无）", "nothing": "（空）",
        "no_changes": "没有变化。", "renamed": "原编号 {x}",
        "findings": "影响", "load": "R+A 负荷变化最大的岗位", "totals": "总计",
        "old": "原", "new": "新", "delta": "变化", "more": "…… 另有 {n} 项",
        "letters_n": "{m} 项活动中 {n} 处字母变化",
        "c.lost_a": "失去了负责人（A）：现在没有", "c.gained_a": "重新有了负责人（A）：{roles}",
        "c.multiple_a": "现在有 {n} 个负责人（A）：{roles}", "c.lost_r": "失去了执行人（R）：现在没有",
        "c.gained_r": "重新有了执行人（R）：{roles}", "c.no_a": "新活动，没有负责人（A）",
        "c.no_r": "新活动，没有执行人（R）",
        "t.departments": "部门", "t.roles": "岗位", "t.activities": "活动", "t.people": "在册人员",
        "t.planned": "编制", "t.filled": "在岗", "t.vacant": "空缺", "t.managers": "管理岗位",
        "t.average_span": "平均管理幅度", "t.widest_span": "最大管理幅度", "t.layers": "管理层级",
        "lang": "（{x}）",
        "n.add": "新增 {n}", "n.delete": "删除 {n}", "n.move": "调整 {n}", "n.change": "修改 {n}",
        "col.action": "操作", "col.kind": "类别", "col.id": "编号", "col.name": "名称", "col.field": "字段",
        "col.old": "原值", "col.new": "新值", "col.old_id": "原编号", "col.role": "岗位", "col.role_id": "岗位编号",
        "col.lang": "语言", "col.code": "影响", "col.activity": "活动", "col.item": "指标",
        "col.a": "A", "col.r": "R",
        "headcount_by_dept": "各部门编制变化", "planned": "编制", "filled": "在岗",
        "title": "变更记录", "subject": "团队定义两个版本之间的变化",
    },
}


def labels(lang: str) -> Mapping[str, str]:
    return pick_labels(LABELS, lang)


def field_label(words: Mapping[str, str], kind: str, field: str) -> str:
    """What a field is called; a department's description is its function."""
    if kind == "department" and field == "description":
        return words["d.function"]
    return words.get(f"f.{field}", field)
