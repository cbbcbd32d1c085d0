"""The language officegen's messages are said in: ``--lang``, else the user's locale (LC_ALL,
LC_MESSAGES, LANG), else the definition's own locale, so that a Chinese team's HR staff read
Chinese problems on a machine whose locale says nothing (C.UTF-8, Windows)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from officegen.cli import cli
from officegen.i18n import user_lang

CHINESE_TEAM = """\
version: 1
organization: {name: 测试团队, locale: zh-CN}
departments:
  - {id: ops, name: 运营部}
roles:
  - {id: boss, title: 总监, department: opz}
activities: []
"""
ENGLISH_TEAM = CHINESE_TEAM.replace("locale: zh-CN", "locale: en").replace("name: 测试团队", "name: Test team")


@pytest.fixture
def locale(monkeypatch):
    def set_locale(**values: str) -> None:
        for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
            monkeypatch.delenv(var, raising=False)
        for var, value in values.items():
            monkeypatch.setenv(var, value)

    return set_locale


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh-CN"),
        ({"LANG": "zh_TW.Big5"}, "zh-CN"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "POSIX"}, None),
        ({"LANG": "de_DE.UTF-8"}, None),
        ({}, None),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh-CN"),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),  # LC_ALL overrides, as in gettext
    ],
)
def test_the_users_locale_names_the_language_of_messages(locale, values, expected):
    locale(**values)
    assert user_lang() == expected


def _validate(tmp_path, text: str, *args: str):
    team = tmp_path / "team.yaml"
    team.write_text(text, encoding="utf-8")
    return CliRunner().invoke(cli, [*args, "validate", str(team)]), team


def test_a_chinese_team_on_a_machine_without_a_language_is_told_in_chinese(tmp_path, locale):
    locale(LANG="C.UTF-8")
    result, team = _validate(tmp_path, CHINESE_TEAM)
    assert result.exit_code == 1
    assert f"{team}:4:10: warning: 部门“ops”下面没有岗位" in result.stderr
    assert "error: 没有这个部门：“opz”（是不是“ops”？）" in result.stderr
    assert result.stderr.splitlines()[-1] == f"{team}：1 个错误，1 个警告"


def test_the_users_locale_wins_over_the_definitions(tmp_path, locale):
    locale(LANG="en_US.UTF-8")
    result, team = _validate(tmp_path, CHINESE_TEAM)
    assert "error: unknown department 'opz' (did you mean 'ops'?)" in result.stderr
    locale(LANG="zh_CN.UTF-8")
    result, team = _validate(tmp_path, ENGLISH_TEAM)
    assert "error: 没有这个部门：“opz”" in result.stderr


def test_lang_wins_over_the_locale(tmp_path, locale):
    locale(LANG="zh_CN.UTF-8")
    result, _ = _validate(tmp_path, CHINESE_TEAM, "--lang", "en")
    assert "error: unknown department 'opz'" in result.stderr and "1 error, 1 warning" in result.stderr


def test_a_build_of_a_broken_chinese_team_lists_its_problems_in_chinese(tmp_path, locale):
    locale(LANG="C.UTF-8")
    team = tmp_path / "team.yaml"
    team.write_text(CHINESE_TEAM, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(team), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "没有这个部门：“opz”" in result.stderr
    assert result.stderr.splitlines()[-1] == f"{team}：1 个错误，1 个警告"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_syntax_error_in_a_chinese_team_is_said_in_chinese(tmp_path, locale):
    locale(LANG="C.UTF-8")
    result, team = _validate(tmp_path, CHINESE_TEAM + "  - {id: x, name: [unclosed\n")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(f"{team}：")


def test_a_chinese_teams_build_reports_what_it_wrote_in_chinese(tmp_path, locale, monkeypatch):
    from conftest import SAMPLE_ZH

    monkeypatch.chdir(tmp_path)
    locale(LANG="C.UTF-8")
    result = CliRunner().invoke(cli, ["build", str(SAMPLE_ZH), "-o", "out", "--only", "raci,jd", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    written = (tmp_path / "out" / "raci.xlsx").stat().st_size
    assert f"已写入 out/raci.xlsx（{written / 1024:.1f} KB）" in result.stdout
    assert "份岗位说明书" in result.stdout and "wrote" not in result.stdout
    assert result.stderr.splitlines()[-1].startswith(f"{SAMPLE_ZH}：已生成 raci、jd，")
    locale(LANG="en_US.UTF-8")
    result = CliRunner().invoke(cli, ["raci", str(SAMPLE_ZH), "-o", "r.xlsx"])
    assert result.stdout.startswith("wrote r.xlsx (")


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("a: [1, 2", "YAML 语法错误：解析 [ ] 列表时，缺少“,”或“]”"),
        ("a: b: c", "YAML 语法错误：这里不能写“键: 值”"),
        ("a: 'x", "YAML 语法错误：读取带引号的文字时，文件意外结束"),
    ],
)
def test_the_yaml_parsers_own_words_are_said_in_chinese(tmp_path, locale, line, said):
    locale(LANG="C.UTF-8")
    result, team = _validate(tmp_path, f"version: 1\norganization: {{name: 测试, locale: zh-CN}}\n{line}\n")
    assert said in result.stderr, result.stderr
    locale(LANG="en_US.UTF-8")
    result, team = _validate(tmp_path, f"version: 1\norganization: {{name: 测试, locale: zh-CN}}\n{line}\n")
    assert "YAML syntax: " in result.stderr and "语法" not in result.stderr


def test_json_syntax_errors_are_said_in_chinese(tmp_path, locale):
    locale(LANG="C.UTF-8")
    team = tmp_path / "team.json"
    team.write_text('{"version": 1, "organization": {"name": "x", "locale": "zh-CN"},}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(team)])
    assert "JSON 格式错误：键要用双引号括起来" in result.stderr


def test_import_raci_with_its_arguments_the_other_way_round_says_so(tmp_path, locale):
    from conftest import SAMPLE_ZH

    locale(LANG="zh_CN.UTF-8")
    book = tmp_path / "raci.xlsx"
    book.write_bytes(b"PK")  # never opened: the order is checked first
    result = CliRunner().invoke(cli, ["import-raci", str(SAMPLE_ZH), str(book)])
    assert result.exit_code == 2
    assert f"工作簿在前：officegen import-raci {book} {SAMPLE_ZH}" in result.stderr
