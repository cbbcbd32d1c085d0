"""officegen/roundtrip/edit_text.py, the text editor the imports write with: each edit changes its
span and nothing else (comments, quoting, layout stay), in block and flow YAML and in JSON."""

from __future__ import annotations

import json

import yaml

from officegen.roundtrip.edit_text import TextEditor, read_sources, top_list

BLOCK = """\
version: 1   # the format
organization: {name: Team, locale: en}
departments:
  - id: ops      # operations
    name: "Ops"
roles:
  - id: lead
    title: Lead
    department: ops
  - {id: dev, title: 'Dev', department: ops}
"""


def editor_of(tmp_path, text: str, name: str = "team.yaml") -> tuple[TextEditor, object]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (source,), problems = read_sources(path)
    assert not problems
    return TextEditor(source), source


def roles(source):
    seq = top_list(source, "roles")
    assert seq is not None
    return seq.items


def test_setting_a_value_changes_that_value_only(tmp_path):
    editor, source = editor_of(tmp_path, BLOCK)
    lead, dev = roles(source)
    editor.set(lead, "title", "Team lead")
    editor.set(dev, "title", "Developer")
    out = editor.result()
    assert out == BLOCK.replace("title: Lead", "title: Team lead").replace("title: 'Dev'", "title: Developer")
    assert "# the format" in out and "# operations" in out


def test_a_new_key_goes_after_the_named_one_in_block_and_flow_style(tmp_path):
    editor, source = editor_of(tmp_path, BLOCK)
    lead, dev = roles(source)
    editor.set(lead, "headcount", 3, after=("title",))
    editor.set(dev, "headcount", 2)
    data = yaml.safe_load(editor.result())
    assert [r["headcount"] for r in data["roles"]] == [3, 2]
    lines = editor.result().splitlines()
    assert lines[lines.index("    title: Lead") + 1] == "    headcount: 3"
    assert "  - {id: dev, title: 'Dev', department: ops, headcount: 2}" in lines


def test_removing_an_item_takes_its_lines_and_leaves_valid_yaml(tmp_path):
    editor, source = editor_of(tmp_path, BLOCK)
    lead, _ = roles(source)
    editor.remove_item(top_list(source, "roles"), lead)
    out = editor.result()
    assert [r["id"] for r in yaml.safe_load(out)["roles"]] == ["dev"]
    assert "title: Lead" not in out and out.startswith("version: 1   # the format\n")


def test_json_stays_json_with_its_layout(tmp_path):
    data = {
        "version": 1,
        "organization": {"name": "T", "locale": "en"},
        "departments": [{"id": "ops", "name": "Ops"}],
        "roles": [{"id": "lead", "title": "Lead", "department": "ops"}],
    }
    text = json.dumps(data, indent=2) + "\n"
    editor, source = editor_of(tmp_path, text, "team.json")
    (lead,) = roles(source)
    editor.set(lead, "title", 'Lead "A"')
    editor.set(lead, "headcount", 2)
    out = editor.result()
    assert json.loads(out)["roles"] == [{"id": "lead", "title": 'Lead "A"', "department": "ops", "headcount": 2}]
    assert out.splitlines()[:3] == text.splitlines()[:3]


def test_no_edit_gives_the_text_back_byte_for_byte(tmp_path):
    text = BLOCK.replace("\n", "\r\n")  # Windows line ends too
    editor, _ = editor_of(tmp_path, text)
    assert editor.result() == text and not editor.changed
