"""A small team used by the diff tests, to be edited one change at a time."""

from __future__ import annotations

BASE = {
    "version": 1,
    "organization": {"name": {"zh-CN": "测试团队", "en": "Test Team"}, "locale": "zh-CN"},
    "departments": [
        {"id": "hq", "name": {"zh-CN": "总部", "en": "HQ"}, "description": "统筹全局"},
        {"id": "sales", "name": {"zh-CN": "销售部", "en": "Sales"}, "parent": "hq"},
        {"id": "cs", "name": {"zh-CN": "客服部", "en": "Service"}, "parent": "hq"},
    ],
    "roles": [
        {"id": "ceo", "title": {"zh-CN": "总经理", "en": "CEO"}, "department": "hq"},
        {
            "id": "sales-lead",
            "title": "销售主管",
            "department": "sales",
            "reports_to": "ceo",
            "responsibilities": ["带领团队", "制定目标"],
        },
        {
            "id": "rep",
            "title": "销售代表",
            "department": "sales",
            "reports_to": "sales-lead",
            "headcount": 3,
            "grade": "P3",
        },
        {
            "id": "cs-lead",
            "title": "客服主管",
            "department": "cs",
            "reports_to": "ceo",
            "dotted_line_to": ["sales-lead"],
        },
        {"id": "agent", "title": "客服专员", "department": "cs", "reports_to": "cs-lead", "headcount": 4},
    ],
    "people": [
        {"name": "张伟", "role": "ceo", "email": "zw@example.com"},
        {"name": "李娜", "role": "sales-lead"},
        {"name": "王芳", "role": "rep"},
        {"name": "王芳", "role": "agent"},
        {"name": "赵强", "role": "agent"},
    ],
    "activities": [
        {"id": "a1", "name": "制定目标", "process": "计划", "raci": {"ceo": "A", "sales-lead": "R", "cs-lead": "C"}},
        {"id": "a2", "name": "拜访客户", "process": "销售", "raci": {"sales-lead": "A", "rep": "R"}},
        {"id": "a3", "name": "处理投诉", "process": "服务", "raci": {"cs-lead": "A", "agent": "R", "rep": "I"}},
    ],
}
