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


@pytest.mark.slow
def test_synthetic_organisations_have_the_benchmark_shape(synthetic_path):
    from officegen.definition import check

    path = synthetic_path(1000)
    assert [p for p in check(path).problems if p.severity != "note"] == []
    org = load_organization(path)[0]
    assert len(org.roles) == 200 and len(org.activities) == 300 and len(org.departments) == 10
    assert 6 <= max(r.depth for r in org.roles.values()) <= 8


def test_without_names_keeps_every_count_and_drops_every_name(org):
    from officegen.definition.model import without_names

    anonymous = without_names(org)
    assert [p.name for p in anonymous.people] == [""] * len(org.people)
    assert all(p.email is None for p in anonymous.people)
    for role in org.roles.values():
        same = anonymous.roles[role.id]
        assert (same.filled, same.vacant, same.headcount) == (role.filled, role.vacant, role.headcount)
    assert anonymous.total_headcount == org.total_headcount
    assert anonymous.activities == org.activities


def test_a_department_subtree_keeps_its_managers_above_as_context(org):
    from officegen.definition.model import department_role_ids, subtree

    # cs (客服部) sits under sales, under hq; its head reports to the sales manager, who reports to the ceo
    assert department_role_ids(org, "cs") == ("cs-lead", "agent")
    view = subtree(org, "cs")
    assert view.focus == "cs"
    assert list(view.roles) == ["ceo", "sales-mgr", "cs-lead", "agent"]  # the chain, then the department
    assert [d.id for d in view.walk_departments()] == ["hq", "sales", "cs"]
    assert [d for d in view.departments if view.in_focus(d)] == ["cs"]
    assert view.manager_chain("agent") == (view.roles["cs-lead"], view.roles["sales-mgr"], view.roles["ceo"])
    assert view.roles["ceo"].direct_report_ids == ("sales-mgr",)  # not its reports outside the view
    # activities the department takes part in, with the letters of the roles in the view only
    assert [a.id for a in view.activities] == ["deal", "ticket"]
    assert dict(view.activities[0].assignments) == {"sales-mgr": "A", "cs-lead": "I"}
    assert dict(view.activities[1].assignments) == {"cs-lead": "A", "agent": "R"}  # rep (C) is outside
    assert view.headcount("cs").planned == org.headcount("cs").planned


def test_a_subtree_with_partners_keeps_every_letter_of_its_activities(org):
    from officegen.definition.model import subtree

    view = subtree(org, "cs", partners=True)
    assert set(view.roles) == {"ceo", "sales-mgr", "cs-lead", "agent", "rep"}
    assert [a.assignments for a in view.activities] == [a.assignments for a in org.activities if a.id != "plan"]
    assert view.roles["rep"].reports_to_id == "sales-mgr"
    assert subtree(org, "hq").roles.keys() == org.roles.keys()  # the top department: everything
