"""The model answers every lookup the generators need, in the chosen language."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from officegen.definition import load_organization
from officegen.definition.model import Headcount

SMALL = Path(__file__).parent / "data" / "small.yaml"


@pytest.fixture(scope="module")
def org():
    return load_organization(SMALL)[0]


def test_it_resolves_text_in_the_definitions_locale_by_default(org):
    assert org.lang == "zh-CN"
    assert org.name == "小团队"
    assert org.roles["ceo"].title == "总经理"


def test_it_falls_back_to_any_translation_present():
    org = load_organization(SMALL, lang="en")[0]
    assert org.name == "Small Team"
    assert org.departments["sales"].description == "Sells things"
    assert org.departments["cs"].name == "客服部"  # no English: the locale's text
    zh = load_organization(SMALL, lang="zh-CN")[0]
    assert zh.departments["sales"].description == "Sells things"  # only English exists


def test_it_knows_reporting_lines(org):
    assert [r.id for r in org.manager_chain("agent")] == ["cs-lead", "sales-mgr", "ceo"]
    assert [r.id for r in org.direct_reports("sales-mgr")] == ["rep", "cs-lead"]
    assert org.roles["ceo"].total_reports == 4
    assert org.roles["sales-mgr"].total_reports == 3
    assert org.roles["agent"].depth == 3
    assert [r.id for r in org.dotted_line_from("cs-lead")] == ["rep"]
    assert [r.id for r in org.root_roles] == ["ceo"]


def test_it_rolls_headcount_up_the_department_tree(org):
    assert org.headcount("cs") == Headcount(planned=5, filled=1)
    assert org.headcount("sales") == Headcount(planned=9, filled=3)
    assert org.headcount("hq") == Headcount(planned=10, filled=4)
    assert org.headcount("sales", subtree=False) == Headcount(planned=4, filled=2)
    assert org.total_headcount.vacant == 6
    assert org.roles["rep"].filled == 2 and org.roles["rep"].vacant == 1


def test_it_orders_departments_and_roles_like_the_org_chart(org):
    assert [d.id for d in org.walk_departments()] == ["hq", "sales", "cs"]
    assert [r.id for r in org.roles_in_org_order()] == ["ceo", "sales-mgr", "rep", "cs-lead", "agent"]
    assert org.departments["cs"].head_id == "cs-lead"
    assert org.departments["sales"].child_ids == ("cs",)


def test_it_indexes_activities_by_role_and_letter(org):
    assert [a.id for a in org.activities_for("rep", "R")] == ["deal"]
    assert [a.id for a in org.activities_for("ceo", "A")] == ["plan"]
    assert org.activities[2].letters_of("ceo") == "AR"  # canonical order, upper case
    assert org.activities[0].roles_with("I") == ("cs-lead",)
    assert [(p, [a.id for a in acts]) for p, acts in org.processes] == [
        ("销售", ["deal", "plan"]),
        ("服务", ["ticket"]),
    ]


def test_it_is_immutable(org):
    with pytest.raises(FrozenInstanceError):
        org.roles["ceo"].title = "x"
    with pytest.raises(TypeError):
        org.roles["x"] = None


def test_synthetic_organisations_have_the_benchmark_shape(synthetic_path):
    from officegen.definition import check

    path = synthetic_path(1000)
    assert [p for p in check(path).problems if p.severity != "note"] == []
    org = load_organization(path)[0]
    assert len(org.roles) == 200 and len(org.activities) == 300 and len(org.departments) == 10
    assert 6 <= max(r.depth for r in org.roles.values()) <= 8
