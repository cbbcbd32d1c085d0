"""The loader: one node tree from YAML or JSON (a file, a folder, or text in memory); plain data and
the FILE:LINE:COL of every value come from it, and so do the editor's spans; the traps refused."""

from __future__ import annotations

import json
import time
import tracemalloc

import pytest
from click.testing import CliRunner
from test_validator import BASE, run  # the small definition and its runner, shared

from officegen.cli import cli
from officegen.definition import check, check_edited, check_text, check_texts, load_organization
from officegen.definition.loader import MAX_DIGITS, SourceText, decode, load_text, parse


@pytest.mark.parametrize(
    "text, expected",
    [
        ("version: 1\norganization: [a\n", "YAML syntax:"),
        ("   \n", "1:1: error: the file is empty"),
        ("- a\n- b\n", "1:1: error: the top level must be a mapping"),
        ("version: 1\n---\nversion: 1\n", "2:1: error: more than one YAML document"),
    ],
)
def test_unreadable_files_are_one_clear_error(tmp_path, text, expected):
    problems = run(tmp_path, text)
    assert len(problems) == 1
    assert expected in problems[0]
    assert problems[0].startswith(str(tmp_path / "team.yaml") + ":")


def test_yaml_1_1_traps_stay_text(tmp_path):
    text = BASE.replace("name: 客服部", "name: NO").replace("title: 客服", "title: 12:30")
    text = text.replace("- id: a1", "- id: 012")
    assert run(tmp_path, text) == []

    org, _ = load_organization(tmp_path / "team.yaml")
    assert org.departments["cs"].name == "NO"
    assert org.roles["agent"].title == "12:30"
    assert org.activities[0].id == "012"


def test_duplicate_keys_are_errors(tmp_path):
    problems = run(tmp_path, BASE.replace("    title: 客服\n", "    title: 客服\n    title: 客服2\n"))
    assert problems == [f"{tmp_path}/team.yaml:17:5: error: duplicate key 'title' (first at line 16)"]


def test_alias_bomb_is_refused_fast(tmp_path):
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
        f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(8)
    )
    tracemalloc.start()
    started = time.perf_counter()
    problems = run(tmp_path, bomb)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert problems == [f"{tmp_path}/team.yaml:2:8: error: aliases (*a) are not allowed: write the value out in full"]
    assert peak < 50 * 1024 * 1024 and elapsed < 5  # bounded, not a timing benchmark


def test_self_referencing_alias_is_refused(tmp_path):
    problems = run(tmp_path, "a: &a [*a]\n")
    assert "aliases (*a) are not allowed" in problems[0]


def test_binary_and_non_utf8_input(tmp_path):
    (tmp_path / "bin.yaml").write_bytes(b"version: 1\nname: \x00\x01\x02")
    (tmp_path / "latin1.yaml").write_bytes("version: 1\nname: caf\xe9\n".encode("latin-1"))
    assert [str(p) for p in check(tmp_path / "bin.yaml").problems] == [
        f"{tmp_path}/bin.yaml:2:7: error: binary data (NUL byte): a team definition is a text file"
    ]
    assert [str(p) for p in check(tmp_path / "latin1.yaml").problems] == [
        f"{tmp_path}/latin1.yaml:2:10: error: not UTF-8 text (byte 0xe9); save the file as UTF-8"
    ]


def test_too_large_and_too_deep(tmp_path, monkeypatch):
    import officegen.definition.loader as loader

    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 100)
    problems = run(tmp_path, BASE)
    assert "the limit is 100 bytes" in problems[0]
    monkeypatch.undo()
    deep = "a: " + "[" * 200 + "]" * 200 + "\n"
    assert "nesting deeper than 64 levels" in run(tmp_path, deep)[0]


def test_control_characters_are_removed_with_a_warning(tmp_path):
    text = BASE.replace("title: 客服", 'title: "客\\x07服\\u0000"').replace("name: 运营部", "name: 运营\x0b部")
    problems = run(tmp_path, text)
    f = f"{tmp_path}/team.yaml"
    assert problems == [
        f"{f}:7:13: warning: control character U+000B removed (Office files cannot hold it)",
        f"{f}:16:12: warning: control characters U+0000, U+0007 removed (Office files cannot hold them)",
    ]

    org, _ = load_organization(tmp_path / "team.yaml")
    assert org.roles["agent"].title == "客服"
    assert org.departments["ops"].name == "运营部"


def test_json_definitions_keep_positions(tmp_path):
    data = {
        "version": 1,
        "organization": {"name": "T", "locale": "en"},
        "departments": [{"id": "d", "name": "D"}],
        "roles": [{"id": "r", "title": "R", "department": "x"}],
    }
    path = tmp_path / "team.json"
    path.write_text(json.dumps(data, indent="\t"), encoding="utf-8")
    assert [str(p) for p in check(path).problems if p.severity == "error"] == [
        f"{path}:17:18: error: unknown department 'x'; the department ids are: d (D)"
    ]
    path.write_text('{"version": 1,}', encoding="utf-8")
    assert [str(p) for p in check(path).problems] == [
        f"{path}:1:15: error: invalid JSON: Expecting property name enclosed in double quotes"
    ]


def test_a_folder_is_merged_and_ids_are_unique_across_files(tmp_path):
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "00-org.yaml").write_text(
        "version: 1\norganization: {name: T, locale: en}\ndepartments:\n  - {id: ops, name: Ops}\n"
        "roles:\n  - {id: boss, title: Boss, department: ops}\n",
        encoding="utf-8",
    )
    (folder / "10-cs.yaml").write_text(
        "departments:\n  - {id: cs, name: CS, parent: ops}\nroles:\n"
        "  - {id: agent, title: Agent, department: cs, reports_to: boss}\n"
        "  - {id: boss, title: Dup, department: cs}\n",
        encoding="utf-8",
    )
    problems = [str(p) for p in check(folder).problems]
    assert problems == [
        f"{folder}/10-cs.yaml:5:10: error: duplicate role id 'boss' (first at {folder}/00-org.yaml:6:10)"
    ]
    (folder / "10-cs.yaml").write_text(
        "departments:\n  - {id: cs, name: CS, parent: ops}\nroles:\n"
        "  - {id: agent, title: Agent, department: cs, reports_to: bos}\n",
        encoding="utf-8",
    )
    assert [str(p) for p in check(folder).problems] == [
        f"{folder}/10-cs.yaml:4:59: error: unknown role 'bos' (did you mean 'boss'?)"
    ]

    (folder / "10-cs.yaml").write_text(
        "departments:\n  - {id: cs, name: CS, parent: ops}\nroles:\n"
        "  - {id: agent, title: Agent, department: cs, reports_to: boss}\n",
        encoding="utf-8",
    )
    org, _ = load_organization(folder)
    assert list(org.roles) == ["boss", "agent"]
    assert org.manager_of("agent").id == "boss"


def test_organization_given_twice_in_a_folder(tmp_path):
    folder = tmp_path / "team"
    folder.mkdir()
    for name in ("a.yaml", "b.yaml"):
        (folder / name).write_text("version: 1\norganization: {name: T, locale: en}\n", encoding="utf-8")
    problems = [str(p) for p in check(folder).problems]
    assert (
        f"{folder}/b.yaml:2:1: error: 'organization' is already given in {folder}/a.yaml:2:1; a folder definition gives it in one file only"
        in problems
    )


# -- the node tree, shared with the editor ----------------------------------------------------------


def test_the_tree_keeps_kind_span_line_and_column_of_every_node():
    text = "version: 1\nroles:\n  - {id: boss, title: 'Boss'}\n  - id: agent\n    title: |\n      Agent\n"
    root = parse(SourceText("team.yaml", text))
    assert root.kind == "map" and not root.flow and (root.line, root.col) == (1, 1)
    key, roles = root.get("roles")
    assert (key.value, key.line, key.col) == ("roles", 2, 1) and roles.kind == "seq"
    boss, agent = roles.items
    assert boss.kind == "map" and boss.flow and text[boss.start : boss.end] == "{id: boss, title: 'Boss'}"
    title = boss.get("title")[1]
    assert (title.value, title.style, title.line, title.col) == ("Boss", "'", 3, 23)
    assert text[title.start : title.end] == "'Boss'"
    block = agent.get("title")[1]
    assert block.style == "|" and block.value == "Agent\n" and (block.line, block.col) == (5, 12)


def test_locations_and_the_editors_spans_come_from_the_same_tree(tmp_path):
    from officegen.roundtrip.edit_text import read_sources

    path = tmp_path / "team.yaml"
    path.write_text(BASE.replace("raci: {boss: A, agent: R}", "raci: {boss: A, agent: X}"), encoding="utf-8")
    (problem,) = [p for p in check(path).problems if p.severity == "error"]
    (source,), _ = read_sources(path)
    site = source.sites["a1"]
    assert problem.location == site.location("agent")
    value = dict((k.value, v) for k, v in site.node.entries)["agent"]
    assert source.text[value.start : value.end] == "X"


def test_a_definition_checked_in_memory_is_checked_as_on_disk(tmp_path):
    text = BASE.replace("reports_to: boss", "reports_to: bos")
    (tmp_path / "team.yaml").write_text(text, encoding="utf-8")
    on_disk = [str(p) for p in check(tmp_path / "team.yaml").problems]
    assert [str(p) for p in check_text(str(tmp_path / "team.yaml"), text).problems] == on_disk
    assert "unknown role 'bos' (did you mean 'boss'?)" in on_disk[0]
    as_json = json.dumps(load_text("x.yaml", BASE).data, ensure_ascii=False, indent=1)
    assert check_text("team.json", as_json).errors == ()
    assert [str(p) for p in check_text("team.json", '{"version": 1,}').problems] == [
        "team.json:1:15: error: invalid JSON: Expecting property name enclosed in double quotes"
    ]


def test_a_folder_checked_in_memory_names_each_file(tmp_path):
    org = "version: 1\norganization: {name: T, locale: en}\ndepartments:\n  - {id: ops, name: Ops}\n"
    roles = "roles:\n  - {id: boss, title: Boss, department: opz}\n"
    result = check_texts([("team/00-org.yaml", org), ("team/10-roles.yaml", roles)])
    assert [str(p) for p in result.errors] == [
        "team/10-roles.yaml:2:41: error: unknown department 'opz' (did you mean 'ops'?)"
    ]


def test_an_edit_is_checked_in_memory_with_the_files_it_leaves_alone(tmp_path, monkeypatch):
    import shutil
    import tempfile

    folder = tmp_path / "team"
    folder.mkdir()
    org = "version: 1\norganization: {name: T, locale: en}\ndepartments:\n  - {id: ops, name: Ops}\n"
    (folder / "00-org.yaml").write_text(org, encoding="utf-8")
    (folder / "10-roles.yaml").write_text("roles:\n  - {id: boss, title: Boss, department: ops}\n", encoding="utf-8")

    def nothing_on_disk(*args, **kwargs):
        raise AssertionError("an edit is validated in memory, not in a copy of the folder")

    monkeypatch.setattr(shutil, "copytree", nothing_on_disk)
    monkeypatch.setattr(tempfile, "TemporaryDirectory", nothing_on_disk)
    edited = {folder / "10-roles.yaml": "roles:\n  - {id: boss, title: Boss, department: opz}\n".encode("utf-16")}
    assert [str(p) for p in check_edited(folder, edited).errors] == [
        f"{folder}/10-roles.yaml:2:41: error: unknown department 'opz' (did you mean 'ops'?)"
    ]
    new = {folder / "20-more.yaml": "roles:\n  - {id: boss, title: Again, department: ops}\n"}
    assert [p.code for p in check_edited(folder, new).errors] == ["duplicate-id"]
    assert check_edited(tmp_path / "new.yaml", {tmp_path / "new.yaml": BASE}).errors == ()


@pytest.mark.parametrize(
    "raw, bom, encoding",
    [
        (b"version: 1\n", b"", "utf-8"),
        (b"\xef\xbb\xbfversion: 1\n", b"\xef\xbb\xbf", "utf-8"),
        ("\ufeffversion: 1\n".encode("utf-16-le"), b"\xff\xfe", "utf-16-le"),
        ("\ufeffversion: 1\n".encode("utf-16-be"), b"\xfe\xff", "utf-16-be"),
    ],
)
def test_the_byte_order_mark_says_how_to_write_the_text_back(raw, bom, encoding):
    source = decode("team.yaml", raw)
    assert (source.text, source.bom, source.encoding) == ("version: 1\n", bom, encoding)
    assert source.bom + source.text.encode(source.encoding) == raw


# -- what used to end in an internal error (exit 70) ---------------------------------------------------


@pytest.mark.parametrize("field", ["headcount", "version"])
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_number_too_long_for_python_is_a_clear_error(tmp_path, field, suffix):
    digits = "9" * 5000
    data = load_text("x.yaml", BASE).data
    if field == "version":
        data["version"] = 1
    else:
        data["roles"][1]["headcount"] = 2
    text = json.dumps(data, ensure_ascii=False, indent=1) if suffix == ".json" else BASE
    marker = '"headcount": 2' if suffix == ".json" and field == "headcount" else '"version": 1'
    if suffix == ".yaml":
        marker = "headcount: 2" if field == "headcount" else "version: 1"
    text = text.replace(marker, marker[:-1] + digits)
    path = tmp_path / f"team{suffix}"
    path.write_text(text, encoding="utf-8")
    line = text[: text.index(digits)].count("\n") + 1
    col = text.index(digits) - text.rfind("\n", 0, text.index(digits))
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{path}:{line}:{col}: error: a number of 5,000 digits is too long (at most {MAX_DIGITS:,}); "
        "if it is meant as text, put it in quotes"
    )


def test_a_folder_whose_files_disagree_in_shape_is_a_clear_error(tmp_path):
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        "version: 1\norganization: {name: T, locale: en}\ndepartments:\n  - {id: ops, name: Ops}\nroles: []\n",
        encoding="utf-8",
    )
    (folder / "b.yaml").write_text("roles: 5\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(folder)])
    assert result.exit_code == 1
    assert (
        f"{folder}/b.yaml:1:8: error: 'roles' must be a list (in a folder definition, every file that "
        "gives 'roles' gives a list of them)" in result.stderr.splitlines()
    )
    (folder / "a.yaml").write_text("version: 1\nroles: 5\n", encoding="utf-8")
    (folder / "b.yaml").write_text("roles: []\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(folder)])
    assert result.exit_code == 1 and f"{folder}/a.yaml:2:8: error: 'roles' must be a list" in result.stderr
    (folder / "b.yaml").unlink()
    result = CliRunner().invoke(cli, ["validate", str(folder)])  # one file: the validator's own words
    assert result.exit_code == 1 and f"{folder}/a.yaml:2:8: error: 'roles' must be a list" in result.stderr
