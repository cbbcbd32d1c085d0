"""The web page (``officegen site``): read back as HTML and JSON, and opened in headless Chromium."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import HOSTILE, REAL_COMPANY, REAL_RACI, SAMPLE_EN, SAMPLE_ZH, load, pdftotext

from officegen.cli import cli
from officegen.definition.model import subtree, without_names
from officegen.generators.deck.layout import Box, layout
from officegen.generators.site import render_site, write_site
from officegen.generators.site.data import LETTER_COLOURS, METRICS, PAD, SCALE, page_data, palette, tint

HOSTILE_HTML = """\
version: 1
organization: {name: "</script><script>window.__pwned = 1</script> & <!-- co", locale: en}
departments:
  - {id: d1, name: "<img src=x onerror=\\"window.__pwned = 2\\">", description: "<svg onload=window.__pwned=3>"}
roles:
  - id: boss
    title: "<img src=x onerror=\\"window.__pwned = 4\\">"
    department: d1
    summary: "</SCRIPT><script>window.__pwned = 5</script>"
    responsibilities: ["<a href=javascript:window.__pwned=6>click</a>", "${window.__pwned = 7}"]
  - {id: x.b, title: "<b>bold</b> \\u2028 line sep <!--", department: d1, reports_to: boss}
people:
  - {name: "<iframe src=javascript:window.__pwned=8>", role: boss}
activities:
  - {id: a1, name: "<script>window.__pwned = 9</script>", raci: {boss: A, x.b: R}}
"""


def _json_block(text: str) -> str:
    return re.search(r'<script type="application/json" id="officegen-data">(.*?)</script>', text, re.S).group(1)


# -- the file -----------------------------------------------------------------------------------


def test_the_same_definition_gives_the_same_bytes(org_zh, tmp_path):
    a = write_site(org_zh, tmp_path / "a.html").read_bytes()
    b = write_site(load(SAMPLE_ZH), tmp_path / "b.html").read_bytes()
    assert a == b


def test_the_data_block_is_the_model_and_holds_no_markup(tmp_path):
    team = tmp_path / "hostile.yaml"
    team.write_text(HOSTILE_HTML, encoding="utf-8")
    org = load(team)
    text = render_site(org)
    block = _json_block(text)
    assert "<" not in block and ">" not in block and "&" not in block and "\u2028" not in block
    assert json.loads(block) == json.loads(json.dumps(page_data(org)))
    assert text.count("</script>") == 2 and text.count("<script") == 2  # the data and the page's one script
    assert json.loads(block)["roles"][0]["title"] == '<img src=x onerror="window.__pwned = 4">'
    title = re.search(r"<title>(.*?)</title>", text).group(1)
    assert html.unescape(title).startswith(org.name) and "<" not in title


def test_the_policy_allows_exactly_the_inline_script_and_style(org_zh):
    text = render_site(org_zh)
    policy = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text).group(1))
    script = re.search(r"<script>(.*?)</script>", text, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", text, re.S).group(1)

    def digest(s: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"

    rules = dict(rule.strip().split(" ", 1) for rule in policy.split(";"))
    assert rules == {
        "default-src": "'none'",
        "script-src": digest(script),
        "style-src": digest(style),
        "base-uri": "'none'",
        "form-action": "'none'",
    }
    assert "unsafe" not in policy


def test_nothing_is_fetched(org_zh):
    text = render_site(org_zh)
    assert not re.search(r"\b(src|href|srcset|action)\s*=", text)
    assert "@import" not in text and "url(" not in text and "fetch(" not in text and "XMLHttpRequest" not in text
    assert set(re.findall(r"https?://[^\s'\"<>)]+", text)) == {"http://www.w3.org/2000/svg"}  # a name, not a link


def test_colours_are_the_decks_and_the_workbooks(org_zh, tmp_path):
    from pptx import Presentation

    from officegen.generators.deck import write_deck
    from officegen.generators.raci.workbook import COLOURS

    deck = Presentation(write_deck(org_zh, tmp_path / "deck.pptx"))
    theme = next(p for p in deck.part.package.iter_parts() if str(p.partname).startswith("/ppt/theme/")).blob
    accents = [
        re.search(rf"<a:accent{i}>.*?val=\"(\w+)\"".encode(), theme, re.S).group(1).decode() for i in range(1, 7)
    ]
    assert [line for _, line in palette()[:6]] == accents, "site/data.py ACCENTS must be the deck theme's accents"
    assert tint("4F81BD", 0.6) == "B9CDE5"  # Office's accent 1 at brightness 0.6, as PowerPoint shows it
    assert palette()[0][0] == tint(accents[0], 0.6)  # the deck's accent 1 at its first tint
    assert LETTER_COLOURS == COLOURS


def test_department_view_keeps_the_subtree_and_its_managers_as_context(org_zh):
    data = page_data(subtree(org_zh, "sales"))
    below = {"sales", *(d for d in org_zh.departments if org_zh.departments[d].parent_id == "sales")}
    inside = {
        r.id
        for r in org_zh.roles.values()
        if r.department_id in below or (org_zh.departments[r.department_id].parent_id in below)
    }
    shown = {r["id"] for r in data["roles"]}
    context = {r["id"] for r in data["roles"] if r.get("context")}
    assert shown - context == inside
    assert context == {m.id for r in inside for m in org_zh.manager_chain(r)} - inside
    assert data["totals"]["planned"] == org_zh.headcount("sales").planned
    assert all(any(data["roles"][i]["id"] in inside for i, _ in a["raci"]) for a in data["activities"])


def test_no_names_leaves_every_name_out_and_keeps_the_counts(org_zh):
    text = render_site(org_zh, names=False)
    assert org_zh.people and not any(p.name in text for p in org_zh.people)
    data = page_data(without_names(org_zh))
    assert [r["filled"] for r in data["roles"]] == [r.filled for r in org_zh.roles.values()]
    assert data["totals"]["vacant"] == org_zh.total_headcount.vacant


def test_a_large_chart_opens_a_few_levels_deep(synthetic_path):
    org = load(synthetic_path(1000))
    data = page_data(org)
    depth = max(r.depth for r in org.roles.values())
    assert 2 <= data["open"] <= depth
    assert sum(1 for r in org.roles.values() if r.depth < data["open"]) <= 150
    assert page_data(load(SAMPLE_ZH))["open"] > max(r.depth for r in load(SAMPLE_ZH).roles.values())


def test_the_site_command_and_build(tmp_path):
    out = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["site", str(SAMPLE_EN), "-o", str(out), "--no-names"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stdout and out.is_file()
    bad = CliRunner().invoke(cli, ["site", str(SAMPLE_ZH), "--department", "sale", "-o", str(out)])
    assert bad.exit_code == 2 and "unknown department 'sale' (did you mean 'sales'?)" in bad.stderr
    built = CliRunner().invoke(
        cli, ["build", str(SAMPLE_EN), "-o", str(tmp_path / "b"), "--only", "site,raci"], catch_exceptions=False
    )
    assert built.exit_code == 0, built.output
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["raci.xlsx", "site.html"]
    assert (tmp_path / "b" / "site.html").read_bytes() == render_site(load(SAMPLE_EN)).encode()


# -- in the browser -----------------------------------------------------------------------------


def _open(browser, path: Path, fragment: str = ""):
    browser.get(path.resolve().as_uri() + fragment)
    browser.execute_script("return document.documentElement.dataset.ready")
    for _ in range(100):
        if browser.execute_script("return document.documentElement.dataset.ready"):
            break
    assert browser.execute_script("return !!document.getElementById('view')"), "the page did not start"
    return browser


_BOXES = """return [...document.querySelectorAll('#boxes .box')].map(b => {
  const m = /translate\\(([-\\d.e]+)px,\\s*([-\\d.e]+)px\\)/.exec(b.style.transform);
  return {id: b.dataset.id, title: b.querySelector('.t').textContent, cls: b.className, x: +m[1], y: +m[2],
          letters: b.querySelector('.badge') ? b.querySelector('.badge').textContent : ''};
});"""


def _boxes(browser) -> dict[str, dict]:
    return {b["id"]: b for b in browser.execute_script(_BOXES)}


def _click_tool(browser, name: str) -> None:
    browser.find_element("css selector", f'[data-tool="{name}"]').click()


def _severe(browser) -> list:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def _page(tmp_path, path_or_org, name="site.html", **options) -> Path:
    org = load(path_or_org) if isinstance(path_or_org, Path) else path_or_org
    return write_site(org, tmp_path / name, **options)


@pytest.mark.parametrize(
    "source", [SAMPLE_ZH, SAMPLE_EN, REAL_COMPANY, REAL_RACI, HOSTILE], ids=["zh", "en", "company", "raci", "hostile"]
)
def test_every_role_is_on_the_chart_with_its_title(browser, tmp_path, source):
    org = load(source)
    _open(browser, _page(tmp_path, org))
    _click_tool(browser, "expand")
    _click_tool(browser, "fit")
    boxes = _boxes(browser)
    assert {i: b["title"] for i, b in boxes.items()} == {r.id: r.title for r in org.roles.values()}
    assert not _severe(browser)


def _python_tree(org, opened) -> Box:
    def node(role_id):
        return Box(role_id, "role", role_id, METRICS.box_w, METRICS.box_h)

    tops = [node(r.id) for r in org.root_roles]
    stack = list(tops)
    while stack:
        box = stack.pop()
        if box.item in opened:
            box.children = [node(k) for k in org.roles[box.item].direct_report_ids]
            stack.extend(box.children)
    if len(tops) == 1:
        return tops[0]
    root = Box("root", "root", None, 0.0, 0.0)
    root.children = tops
    return root


def _as_json(box: Box) -> dict:
    return {"kind": box.kind, "w": box.w, "h": box.h, "children": [_as_json(c) for c in box.children]}


@pytest.mark.parametrize(
    "source",
    [SAMPLE_ZH, SAMPLE_EN, REAL_COMPANY, REAL_RACI, 1000],
    ids=["zh", "en", "company", "raci", "synthetic-1000"],
)
def test_the_page_lays_the_chart_out_exactly_as_the_deck(browser, tmp_path, synthetic_path, source):
    org = load(synthetic_path(source) if source == 1000 else source)
    path = _page(tmp_path, org)
    _open(browser, path)
    metrics = page_data(org)["metrics"]
    everything = {r.id for r in org.roles.values() if r.direct_report_ids}
    for opened in (everything, {r.id for r in org.roles.values() if r.depth < 2}):
        tree = _python_tree(org, opened)
        width, height = layout(tree, METRICS)
        expected = [[b.x, b.y] for b in tree.walk()]
        got = browser.execute_script(
            "const t = arguments[0]; const size = OfficegenLayout.layout(t, arguments[1]);"
            "return [size, OfficegenLayout.walk(t).map(b => [b.x, b.y])];",
            _as_json(tree),
            metrics,
        )
        # the same floating-point numbers, not merely close
        assert got == [[width, height], expected], (
            "generators/deck/layout.py and generators/site/static/layout.js disagree: the page draws the "
            "chart with a line-by-line port of layout(); port the change so that deck and page keep one geometry"
        )
    # and the page draws its boxes there
    _click_tool(browser, "expand")
    tree = _python_tree(org, everything)
    layout(tree, METRICS)
    want = {b.item: (PAD + b.x * SCALE, PAD + b.y * SCALE) for b in tree.walk() if b.kind == "role"}
    browser.execute_script("document.querySelector('[data-tool=fit]').click()")
    boxes = _boxes(browser)
    assert set(boxes) == set(want)
    assert all(abs(boxes[i]["x"] - x) < 0.5 and abs(boxes[i]["y"] - y) < 0.5 for i, (x, y) in want.items())


def _type(browser, text: str) -> None:
    box = browser.find_element("id", "q")
    box.clear()
    box.send_keys(text)


def _in_view(browser, role_id: str) -> bool:
    return browser.execute_script(
        "const b = document.querySelector('#boxes .box[data-id=\"' + CSS.escape(arguments[0]) + '\"]');"
        "const r = b.getBoundingClientRect(), v = document.getElementById('view').getBoundingClientRect();"
        "return r.left >= v.left && r.right <= v.right && r.top >= v.top && r.bottom <= v.bottom;",
        role_id,
    )


def test_search_finds_a_role_and_highlights_its_chain_to_the_top(browser, tmp_path, org_zh):
    target = org_zh.roles["cs-presales"]
    chain = {m.id for m in org_zh.manager_chain(target.id)}
    assert len(chain) >= 2
    _open(browser, _page(tmp_path, org_zh))
    _type(browser, target.title)
    boxes = _boxes(browser)
    assert "sel" in boxes[target.id]["cls"].split()
    assert {i for i, b in boxes.items() if "chain" in b["cls"].split()} == chain
    assert _in_view(browser, target.id)
    first = browser.find_element("css selector", "#results .hit")
    assert target.title in first.text and first.find_element("tag name", "mark").text == target.title
    # a holder's name finds the role, a department's name its roles
    person = org_zh.people[0]
    _type(browser, person.name)
    assert "sel" in _boxes(browser)[person.role_id]["cls"].split()
    dept = org_zh.departments["sales"]
    _type(browser, dept.name)
    assert browser.find_element("css selector", "#results .hit .kind").text == "部门"
    boxes = _boxes(browser)
    assert {i for i, b in boxes.items() if "match" in b["cls"].split()} == set(dept.role_ids)


def test_a_chinese_input_method_searches_when_it_has_composed_and_arrows_move(browser, tmp_path, org_zh):
    _open(browser, _page(tmp_path, org_zh))
    composing = browser.execute_script(
        "const q = document.getElementById('q'); q.value = 'kefu';"
        "q.dispatchEvent(new InputEvent('input', {isComposing: true}));"
        "return document.getElementById('results').hidden;"
    )
    assert composing  # the pinyin being typed is not searched
    browser.execute_script(
        "const q = document.getElementById('q'); q.value = '客服';"
        "q.dispatchEvent(new CompositionEvent('compositionend', {data: '客服'}));"
    )
    hits = browser.find_elements("css selector", "#results .hit")
    assert len(hits) >= 2 and "on" in hits[0].get_attribute("class").split()
    browser.find_element("id", "q").send_keys("\ue015")  # arrow down: the second result, on the chart
    hits = browser.find_elements("css selector", "#results .hit")
    assert "on" in hits[1].get_attribute("class").split()
    second = hits[1].find_element("css selector", ".main").text
    selected = [b for b in _boxes(browser).values() if "sel" in b["cls"].split()]
    assert [b["title"] for b in selected] == [second]


def test_search_in_english_reveals_a_role_the_chart_opened_collapsed(browser, tmp_path, synthetic_path):
    org = load(synthetic_path(1000), lang="en")
    deepest = max(org.roles.values(), key=lambda r: (r.depth, r.id))
    _open(browser, _page(tmp_path, org))
    assert deepest.id not in _boxes(browser)  # collapsed when the page opens
    _type(browser, deepest.title.upper())
    assert "sel" in _boxes(browser)[deepest.id]["cls"].split() and _in_view(browser, deepest.id)
    _click_tool(browser, "fit")  # the top of the chain is far away: see the whole of it
    boxes = _boxes(browser)
    assert {i for i, b in boxes.items() if "chain" in b["cls"].split()} == {m.id for m in org.manager_chain(deepest.id)}
    browser.find_element("id", "q").send_keys("\ue007")  # Enter: the panel opens
    assert browser.find_element("css selector", "#panel h2").text == deepest.title


def test_collapsing_a_manager_hides_everything_below_it(browser, tmp_path, org_zh):
    manager = max((r for r in org_zh.roles.values() if r.depth > 0), key=lambda r: r.total_reports)
    below = set()
    stack = list(manager.direct_report_ids)
    while stack:
        below.add(stack[-1])
        stack.extend(org_zh.roles[stack.pop()].direct_report_ids)
    assert len(below) >= 2
    _open(browser, _page(tmp_path, org_zh))
    _click_tool(browser, "fit")
    assert below <= set(_boxes(browser))
    toggle = browser.find_element("css selector", f'#boxes .box[data-id="{manager.id}"] .tg')
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    boxes = _boxes(browser)
    assert not below & set(boxes) and manager.id in boxes
    assert set(boxes) == set(org_zh.roles) - below
    toggle = browser.find_element("css selector", f'#boxes .box[data-id="{manager.id}"] .tg')
    assert toggle.text == f"+{manager.total_reports}" and toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert below <= set(_boxes(browser))


def test_the_keyboard_moves_along_the_chart(browser, tmp_path, org_zh):
    top = org_zh.root_roles[0]
    first, second = top.direct_report_ids[:2]
    _open(browser, _page(tmp_path, org_zh))
    browser.execute_script("document.querySelector('#boxes .box[data-id=\"' + arguments[0] + '\"]').focus()", top.id)

    def focused():
        return browser.execute_script("return document.activeElement.dataset.id")

    keys = browser.switch_to.active_element
    keys.send_keys("\ue015")  # down: the first report
    assert focused() == first
    browser.switch_to.active_element.send_keys("\ue014")  # right: the next peer
    assert focused() == second
    browser.switch_to.active_element.send_keys("\ue013")  # up: the manager
    assert focused() == top.id
    browser.switch_to.active_element.send_keys("\ue007")  # Enter: its panel
    assert browser.find_element("css selector", "#panel h2").text == top.title


def test_clicking_a_role_shows_its_job_description_and_raci_letters(browser, tmp_path, org_zh):
    role = max(org_zh.roles.values(), key=lambda r: sum(1 for a in org_zh.activities if a.letters_of(r.id)))
    _open(browser, _page(tmp_path, org_zh))
    _click_tool(browser, "fit")
    browser.find_element("css selector", f'#boxes .box[data-id="{role.id}"] .t').click()
    panel = browser.find_element("id", "panel")
    assert panel.is_displayed() and panel.find_element("tag name", "h2").text == role.title
    rows = browser.execute_script(
        "return [...document.querySelectorAll('#panel table.raci tr')].slice(1)"
        ".map(tr => [tr.cells[0].textContent, tr.cells[2].textContent]);"
    )
    expected = {(a.name, a.letters_of(role.id)) for a in org_zh.activities if a.letters_of(role.id)}
    assert {tuple(r) for r in rows} == expected and len(rows) == len(expected)
    text = panel.text
    for item in (*role.responsibilities, *role.requirements, *role.kpis, role.summary):
        assert item in text
    manager = org_zh.manager_of(role.id)
    assert manager is None or manager.title in text
    for report in org_zh.direct_reports(role.id):
        assert report.title in text


def test_searching_an_activity_marks_who_does_what(browser, tmp_path, org_zh):
    activity = max(org_zh.activities, key=lambda a: len(a.assignments))
    _open(browser, _page(tmp_path, org_zh))
    _type(browser, activity.name)
    boxes = _boxes(browser)
    assert {i: b["letters"] for i, b in boxes.items() if b["letters"]} == dict(activity.assignments)
    assert all("faded" in b["cls"].split() for i, b in boxes.items() if i not in dict(activity.assignments))
    browser.find_element("id", "q").send_keys("\ue007")
    panel = browser.find_element("id", "panel").text
    accountable = org_zh.roles[activity.roles_with("A")[0]].title
    assert activity.name in panel and accountable in panel


def test_dotted_lines_and_vacancies_show_as_in_the_deck(browser, tmp_path, org_zh):
    _open(browser, _page(tmp_path, org_zh))
    _click_tool(browser, "fit")
    dotted = browser.execute_script(
        "const p = document.querySelector('#wires path.dotted');return p ? p.getAttribute('d') : '';"
    )
    pairs = [(r.id, t) for r in org_zh.roles.values() for t in r.dotted_line_to]
    assert pairs and dotted.count("M") == len(pairs)
    boxes = _boxes(browser)
    for role in org_zh.roles.values():
        cls = set(boxes[role.id]["cls"].split())
        assert ("vacant" in cls) == (role.filled == 0)
        assert ("dash" in cls) == (role.vacant > 0)
    assert browser.find_element("id", "totals").text == (
        f"{len(org_zh.roles)} 个岗位 · 编制 {org_zh.total_headcount.planned} · 在岗 {org_zh.total_headcount.filled}"
        f" · 空缺 {org_zh.total_headcount.vacant}"
    )


def test_a_department_page_greys_the_managers_above_it(browser, tmp_path, org_zh):
    _open(browser, _page(tmp_path, org_zh, department="sales", names=False))
    _click_tool(browser, "fit")
    boxes = _boxes(browser)
    data = page_data(subtree(org_zh, "sales"))
    assert set(boxes) == {r["id"] for r in data["roles"]}
    assert {i for i, b in boxes.items() if "ctx" in b["cls"].split()} == {
        r["id"] for r in data["roles"] if r.get("context")
    }
    assert not any(p.name in browser.find_element("tag name", "body").text for p in org_zh.people)
    assert browser.title.startswith(f"{org_zh.name} — {org_zh.departments['sales'].name}")


def test_a_link_to_a_role_opens_its_panel(browser, tmp_path, org_en):
    role = next(r for r in org_en.roles.values() if r.depth >= 2)
    _open(browser, _page(tmp_path, org_en), f"#role={role.id}")
    assert browser.find_element("css selector", "#panel h2").text == role.title
    assert "sel" in _boxes(browser)[role.id]["cls"].split()


@pytest.mark.parametrize("definition", ["html", "hostile.yaml"])
def test_hostile_text_stays_text_and_runs_no_script(browser, tmp_path, definition):
    if definition == "html":
        team = tmp_path / "team.yaml"
        team.write_text(HOSTILE_HTML, encoding="utf-8")
    else:
        team = HOSTILE
    org = load(team)
    _open(browser, _page(tmp_path, org))
    assert browser.execute_script("return window.__pwned === undefined")
    assert {i: b["title"] for i, b in _boxes(browser).items()} == {r.id: r.title for r in org.roles.values()}
    browser.find_element("css selector", "#boxes .box .t").click()  # the panel: summary, lists, people
    _type(browser, org.activities[0].name[:6])  # the results list
    browser.find_element("id", "q").send_keys("\ue007")
    dom = browser.execute_script(
        "const all = [...document.querySelectorAll('*')];"
        "return {tags: [...new Set(all.map(e => e.tagName.toLowerCase()))],"
        " handlers: all.flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on')),"
        " title: document.title, pwned: window.__pwned === undefined};"
    )
    assert dom["pwned"] and not dom["handlers"]
    assert not {"img", "iframe", "a", "b", "object", "embed"} & set(dom["tags"])
    assert dom["title"].startswith(org.name)
    assert not _severe(browser)


def test_print_gives_the_open_chart(browser, tmp_path, org_zh):
    from selenium.webdriver.common.print_page_options import PrintOptions

    _open(browser, _page(tmp_path, org_zh))
    options = PrintOptions()
    options.orientation = "landscape"
    pdf = tmp_path / "printed.pdf"
    pdf.write_bytes(base64.b64decode(browser.print_page(options)))
    text = re.sub(r"\s+", "", pdftotext(pdf))
    missing = [r.title for r in org_zh.roles.values() if re.sub(r"\s+", "", r.title) not in text]
    assert not missing
    assert org_zh.name in text and org_zh.departments["ops"].name in text  # the title and the legend


def test_ten_thousand_people_open_collapsed_and_expand_whole(browser, tmp_path, synthetic_path):
    org = load(synthetic_path(10_000))
    path = _page(tmp_path, org)
    assert path.stat().st_size < 30_000_000
    _open(browser, path)
    first = _boxes(browser)
    assert 0 < len(first) <= 150
    _click_tool(browser, "expand")
    _click_tool(browser, "fit")
    assert len(_boxes(browser)) == len(org.roles)
    assert not _severe(browser)


def test_screenshot_of_the_sample_for_the_readme(browser, tmp_path, org_zh):
    """docs/preview-site.png: the sample searched for 客服, the panel open (OFFICEGEN_UPDATE_PICTURES=1
    writes it)."""
    browser.set_window_size(1200, 720)
    try:
        _open(browser, _page(tmp_path, org_zh))
        _type(browser, "客服")
        browser.find_element("id", "q").send_keys("\ue007")
        boxes = _boxes(browser)
        matched = {r.id for r in org_zh.roles.values() if "客服" in r.title}
        assert matched <= {i for i, b in boxes.items() if {"match", "sel"} & set(b["cls"].split())}
        assert browser.find_element("id", "panel").is_displayed()
        png = tmp_path / "preview-site.png"
        browser.save_screenshot(str(png))
    finally:
        browser.set_window_size(1400, 900)
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and 50_000 < png.stat().st_size < 300_000
    if os.environ.get("OFFICEGEN_UPDATE_PICTURES"):
        shutil.copyfile(png, Path(__file__).resolve().parent.parent / "docs" / "preview-site.png")


@pytest.mark.slow
def test_preview_takes_a_screenshot_and_prints_the_page(tmp_path, org_zh):
    from officegen.office.browser import find_chromium

    if not find_chromium():
        if os.environ.get("OFFICEGEN_REQUIRE_BROWSER") or os.environ.get("OFFICEGEN_REQUIRE_LIBREOFFICE"):
            pytest.fail("chromium is required here but not installed")
        pytest.skip("chromium is not installed")
    page = _page(tmp_path, org_zh)
    result = CliRunner().invoke(cli, ["preview", str(page), "-o", str(tmp_path / "p")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    png = tmp_path / "p" / "site.png"
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")) == (1067, 667)
    text = re.sub(r"\s+", "", pdftotext(tmp_path / "p" / "site.pdf"))
    assert all(re.sub(r"\s+", "", r.title) in text for r in org_zh.roles.values())
