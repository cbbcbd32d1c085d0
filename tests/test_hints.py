"""Messages a Chinese keyboard needs: the character named and pointed at, and what to type instead."""

from __future__ import annotations

import pytest

from officegen.definition import check
from officegen.definition.hints import syntax_hint, value_hint

HEAD = """\
version: 1
organization: {name: 测试, locale: zh-CN}
departments:
  - {id: fin, name: 财务部}
  - {id: hr, name: 人力资源部}
roles:
  - {id: hr-mgr, title: 人力资源经理, department: hr}
  - {id: fin-mgr, title: 财务经理, department: fin}
"""


def problems(tmp_path, tail: str, name="team.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(HEAD + tail, encoding="utf-8")
    return [str(p).replace(f"{path}:", "") for p in check(path).problems if p.code != "role-unused"]


def at(tail: str, needle: str, nth: int = 1) -> str:
    """``LINE:COL`` of the nth ``needle`` in the definition: where the message must point."""
    text = HEAD + tail
    index = -1
    for _ in range(nth):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    return f"{line}:{index - text.rfind(chr(10), 0, index)}"


def test_a_full_width_colon_is_pointed_at_on_its_own_line(tmp_path):
    # the parser gives up on the next line with "could not find expected ':'"
    tail = "  - id: acct\n    title: 会计\n    department: fin\n    headcount：22\n"
    assert problems(tmp_path, tail) == [
        f"{at(tail, '：')}: error: YAML syntax: '：' (full-width colon, U+FF1A): type a half-width ':' followed by a "
        "space: 'headcount: 22'"
    ]


def test_a_full_width_comma_in_a_flow_mapping_is_pointed_at(tmp_path):
    tail = "  - {id: acct， title: 会计, department: fin}\n"
    assert problems(tmp_path, tail) == [
        f"{at(tail, '，')}: error: YAML syntax: '，' (full-width comma, U+FF0C) inside {{...}} or [...]: separate the "
        "entries with a half-width ',': '- {id: acct, title: 会计, department: fin}'"
    ]


def test_full_width_quotes_do_not_quote(tmp_path):
    tail = "  - {id: acct, title: 会计, department: fin, summary: “负责: 记账”}\n"
    assert problems(tmp_path, tail) == [
        f"{at(tail, '“')}: error: YAML syntax: '“' (full-width quotation mark, U+201C) does not quote text: put the text "
        'in half-width quotes, "..." (full-width quotation marks may stay inside them)'
    ]


def test_full_width_brackets_where_a_list_belongs(tmp_path):
    tail = "  - {id: acct, title: 会计, department: fin, kpis: 【准确率】}\n"
    assert problems(tmp_path, tail) == [
        f"{at(tail, '【')}: error: kpis must be a list: '【' (full-width bracket, U+3010) is not YAML syntax: type a "
        "half-width '['"
    ]


def test_full_width_colon_and_comma_that_parse_but_come_out_wrong(tmp_path):
    tail = "  - {id: acct, title: 会计, department: fin, dotted_line_to: [fin-mgr，hr]}\n  - id：clerk\n"
    assert problems(tmp_path, tail) == [
        f"{at(tail, 'fin-mgr，')}: error: dotted_line_to.0: invalid id 'fin-mgr，hr': use letters, digits, '-', "
        "'_' and '.', starting with a letter or digit: '，' (full-width comma, U+FF0C) is not YAML syntax: type a "
        "half-width ','",
        f"{at(tail, 'id：')}: error: each role must be a mapping (key: value pairs): '：' (full-width colon, U+FF1A) is not "
        "YAML's colon: type a half-width ':' and a space (e.g. id: clerk)",
    ]


def test_a_tab_says_use_spaces(tmp_path):
    tail = "  - id: acct\n\ttitle: 会计\n    department: fin\n"
    assert problems(tmp_path, tail) == [
        f"{at(tail, chr(9))}: error: YAML syntax: a tab character: YAML indents with spaces only; replace the tab with spaces"
    ]


def test_json_too(tmp_path):
    assert problems(tmp_path, "", "team.json") and True  # the head is YAML: a JSON syntax error
    path = tmp_path / "t.json"
    path.write_text('{"version": 1, "organization"：{"name": "x"}}', encoding="utf-8")
    assert [str(p) for p in check(path).problems] == [
        f"{path}:1:30: error: invalid JSON: '：' (full-width colon, U+FF1A): type a half-width ':' followed by a "
        'space: \'{"version": 1, "organization": {"name": "x"}}\''
    ]


def test_an_unknown_department_lists_the_known_ones_or_suggests_one(tmp_path):
    tail = (
        "  - {id: a, title: 会计, department: finance}\n  - {id: b, title: 出纳, department: 行政部}\n"
        "  - {id: c, title: 专员, department: 人力资源部}\n"
    )
    assert problems(tmp_path, tail) == [
        f"{at(tail, 'finance')}: error: unknown department 'finance' (did you mean 'fin'?)",
        f"{at(tail, '行政部')}: error: unknown department '行政部'; the department ids are: fin (财务部), hr (人力资源部)",
        f"{at(tail, '人力资源部', 2)}: error: unknown department '人力资源部': '人力资源部' is the name of department 'hr'; write its id (hr)",
    ]


def test_a_title_where_an_id_belongs_names_whose_title_it_is(tmp_path):
    tail = (
        "  - {id: acct, title: {zh-CN: 会计, en: Accountant}, department: fin, reports_to: 财务经理}\n"
        "people:\n  - {name: 张三, role: Accountant}\n"
        "activities:\n  - {id: a1, name: 记账, raci: {财务经理: A, acct: R}}\n"
    )
    assert problems(tmp_path, tail) == [
        f"{at(tail, '财务经理', 2)}: error: unknown role '财务经理': '财务经理' is the title of role 'fin-mgr'; write its "
        "id (fin-mgr)",
        f"{at(tail, 'Accountant', 2)}: error: unknown role 'Accountant': 'Accountant' is the title of role 'acct'; "
        "write its id (acct)",
        f"{at(tail, '财务经理', 3)}: error: unknown role '财务经理': '财务经理' is the title of role 'fin-mgr'; write its id (fin-mgr)",
    ]


def test_two_accountable_roles_are_both_named(tmp_path):
    tail = "  - {id: acct, title: 会计, department: fin}\nactivities:\n  - {id: a1, name: 记账, raci: {fin-mgr: A, acct: AR}}\n"
    assert problems(tmp_path, tail) == [
        f"{at(tail, 'a1')}: warning: activity 'a1' has 2 roles Accountable (A): 'fin-mgr' and 'acct'; exactly "
        "one is expected (keep A for one of them; the others R or C)"
    ]


def test_a_headcount_with_a_unit_is_one_clear_error(tmp_path):
    tail = "  - {id: acct, title: 会计, department: fin, headcount: 35人}\npeople:\n  - {name: 甲, role: acct}\n  - {name: 乙, role: acct}\n"
    assert problems(tmp_path, tail) == [
        f"{at(tail, '35人')}: error: headcount must be a whole number, not '35人' (write headcount: 35, without a unit)"
    ]  # and no "2 people but a headcount of 1" on top of it


def test_an_unquoted_comma_in_flow_mapping_text_says_to_quote_it(tmp_path):
    tail = "  - {id: acct, title: 会计, department: fin, summary: {zh-CN: 记账, en: Keeps the books, close to quality and price.}}\n"
    assert problems(tmp_path, tail) == [
        f"{at(tail, 'close')}: error: summary: 'close to quality and price.' is not a locale code: the comma before it ends "
        'the text in a {...} mapping; put the whole text in quotes (en: "Keeps the books, close to quality '
        'and price.")'
    ]


@pytest.mark.parametrize(
    "value,expected",
    [
        (
            "id：x",
            "'：' (full-width colon, U+FF1A) is not YAML's colon: type a half-width ':' and a space (e.g. id: x)",
        ),
        ("a、b", "'、' (ideographic comma, U+3001) is not YAML syntax: type a half-width ','"),
        ("“x”", "'“' (full-width quotation mark, U+201C) does not quote in YAML: use half-width \"...\""),
        ("会计（总账）", ""),  # brackets in a title are just text
        ("plain", ""),
    ],
)
def test_value_hints(value, expected):
    assert value_hint(value) == expected


def test_no_hint_for_a_mistake_of_another_kind():
    assert syntax_hint("a: [1, 2\n", 2, 1, "did not find expected ',' or ']'") is None
    assert syntax_hint("a: 1\n  b: 会计：总账\n", 2, 4, "mapping values are not allowed here") is None


def test_the_syntax_hints_in_chinese(tmp_path):
    """What import-roster says (in a Chinese roster's language) of a definition a Chinese keyboard
    mistyped: the character, its name and what to type, in Chinese; the parser's own words stay."""
    from officegen.definition import check

    cases = {
        "colon.yaml": "version: 1\norganization:\n  name: x\nroles:\n  - id：a\n    title: b\n",
        "tab.yaml": "version: 1\norganization:\n\tname: x\n",
        "comma.yaml": "version: 1\nroles: [a]\norganization: {name: x， locale: zh-CN}\n",
        "quote.yaml": "version: 1\norganization:\n  name: “a: b”\n",
        "plain.yaml": "version: 1\n  bad: [\n",
        "twice.yaml": "version: 1\nversion: 1\n",
        "empty.yaml": "\n",
        "comma.json": '{"version": 1,}',
    }
    said = {}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        (problem,) = check(tmp_path / name, say="zh-CN").problems
        said[name] = str(problem).removeprefix(f"{tmp_path}/")
    assert said == {
        "colon.yaml": "colon.yaml:5:7: error: YAML 语法错误：“：”（全角冒号，U+FF1A）：请输入半角“:”并在后面加一个空格："
        "'- id: a'",
        "tab.yaml": "tab.yaml:3:1: error: YAML 语法错误：制表符（Tab）：YAML 只能用空格缩进；请把 Tab 换成空格",
        "comma.yaml": "comma.yaml:3:23: error: YAML 语法错误：“，”（全角逗号，U+FF0C）在 {...} 或 [...] 里："
        "请用半角“,”分隔各项：'organization: {name: x, locale: zh-CN}'",
        "quote.yaml": "quote.yaml:3:9: error: YAML 语法错误：「“」（中文引号，U+201C）不能给文本加引号："
        '请用半角引号 "..." 把文本括起来（中文引号可以留在里面）',
        "plain.yaml": "plain.yaml:2:6: error: YAML 语法错误：这里不能写“键: 值”（文字里的“: ”请加引号）",
        "twice.yaml": "twice.yaml:2:1: error: 键“version”重复（第一次在第 1 行）",
        "empty.yaml": "empty.yaml:1:1: error: 文件是空的",
        "comma.json": "comma.json:1:15: error: JSON 格式错误：键要用双引号括起来（或多了一个“,”）",
    }
    english = str(check(tmp_path / "colon.yaml").problems[0])
    assert english.endswith(
        "error: YAML syntax: '：' (full-width colon, U+FF1A): type a half-width ':' followed by a space: '- id: a'"
    )
