"""The RACI workbook's layout: the contract between the workbook writer and ``import-raci``.

Sheet names and column titles (in every language a workbook may be written in) and where the
matrix starts. The writer lays the matrix out by these; the importer finds it by them, so it
never needs the writer's internals.
"""

from __future__ import annotations

FIRST_ROW = 4  # title, department header, role header, then the activities
FIRST_COL = 3  # id, activity, then the roles
SPARE_ROWS = 50  # blank rows below the matrix, ready for activities a user adds (dropdown, colours, counts)
#: how the A/R count formula of an activity row officegen wrote starts; the spare rows' formulas
#: start otherwise (they stay blank until the row has a name or letters), so a row typed into a
#: spare row with text in column A only is a process header, formula or not
ACTIVITY_FORMULA = "=COUNTIF("
SPARE_FORMULA = "=IF(COUNTA("

LABELS = {
    "zh-CN": {
        "matrix": "责任矩阵",
        "workload": "岗位工作量",
        "checks": "检查",
        "legend": "图例",
        "lists": "Lists",
        "title": "RACI 责任矩阵",
        "id": "编号",
        "activity": "活动",
        "count_a": "A数",
        "count_r": "R数",
        "role": "岗位",
        "department": "部门",
        "manager": "直属上级",
        "headcount": "编制",
        "load": "R+A 负荷",
        "problem": "问题",
        "roles": "相关岗位",
        "no_a": "没有负责人（A）",
        "many_a": "有 {n} 个负责人（A），应恰好一个",
        "no_r": "没有执行人（R）",
        "all_well": "所有活动都恰好有一个 A，且至少有一个 R。",
        "letter": "字母",
        "meaning": "含义",
        "explanation": "说明",
        "error_title": "无效的值",
        "error": "请从下拉列表选择：{values}",
        "prompt_title": "RACI",
        "prompt": "R 执行 · A 负责 · C 咨询 · I 知会",
        "subject": "RACI 责任分配矩阵",
        "none": "（无）",
        "checks_note": "生成时的检查结果；矩阵右侧的 A数/R数 会随编辑实时更新。",
        "process_none": "（未分流程）",
    },
    "en": {
        "matrix": "RACI matrix",
        "workload": "Workload",
        "checks": "Checks",
        "legend": "Legend",
        "lists": "Lists",
        "title": "RACI matrix",
        "id": "ID",
        "activity": "Activity",
        "count_a": "A count",
        "count_r": "R count",
        "role": "Role",
        "department": "Department",
        "manager": "Manager",
        "headcount": "Headcount",
        "load": "R+A load",
        "problem": "Problem",
        "roles": "Roles involved",
        "no_a": "No one is Accountable (A)",
        "many_a": "{n} roles are Accountable (A); exactly one is expected",
        "no_r": "No one is Responsible (R)",
        "all_well": "Every activity has exactly one A and at least one R.",
        "letter": "Letter",
        "meaning": "Meaning",
        "explanation": "Explanation",
        "error_title": "Invalid value",
        "error": "Choose from the list: {values}",
        "prompt_title": "RACI",
        "prompt": "R Responsible · A Accountable · C Consulted · I Informed",
        "subject": "RACI responsibility matrix",
        "none": "(none)",
        "checks_note": "Findings when the workbook was generated; the A/R counts beside the matrix "
        "update live as you edit.",
        "process_none": "(no process)",
    },
}
