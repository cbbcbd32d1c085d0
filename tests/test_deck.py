"""The org-chart deck, read back with python-pptx and its XML: boxes, connectors, links, sizes, fonts."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pytest
from conftest import load
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu

from officegen.generators.deck import write_deck
from officegen.generators.deck.layout import Box, Metrics, layout, paginate

SLIDE_W, SLIDE_H = 12192000, 6858000


def deck_of(org, tmp_path, name="deck.pptx", **kw):
    return Presentation(write_deck(org, tmp_path / name, **kw))


def role_boxes(prs):
    """(slide index, role id, shape) for every chart box of a role."""
    out = []
    for i, slide in enumerate(prs.slides):
        for shape in slide.shapes:
            if shape.name.startswith("role:"):
                out.append((i, shape.name[5:], shape))
    return out


@pytest.fixture(scope="module")
def zh_deck(tmp_path_factory, org_zh):
    return deck_of(org_zh, tmp_path_factory.mktemp("deck"))


@pytest.fixture(scope="module")
def big(tmp_path_factory, synthetic_path):
    org = load(synthetic_path(10000))
    return org, deck_of(org, tmp_path_factory.mktemp("big"))


@pytest.fixture(scope="module")
def company(tmp_path_factory, real_paths):
    org = load(real_paths[0])
    return org, deck_of(org, tmp_path_factory.mktemp("company"))


def test_slides_are_16_9(zh_deck):
    assert (zh_deck.slide_width, zh_deck.slide_height) == (SLIDE_W, SLIDE_H)
    assert zh_deck.part._element.find(qn("p:sldSz")).get("type") is None


@pytest.mark.slow
@pytest.mark.parametrize("which", ["zh", "en", "company", "big", "csa"])
def test_every_role_has_exactly_one_box_with_its_title(which, request, tmp_path, org_zh, org_en):
    if which == "zh":
        org, prs = org_zh, request.getfixturevalue("zh_deck")
    elif which == "en":
        org, prs = org_en, deck_of(org_en, tmp_path)
    elif which == "csa":
        org = load(request.getfixturevalue("real_paths")[1])
        prs = deck_of(org, tmp_path)
    else:
        org, prs = request.getfixturevalue("big" if which == "big" else "company")
    boxes = role_boxes(prs)
    ids = [role_id for _, role_id, _ in boxes]
    assert sorted(ids) == sorted(org.roles)
    for _, role_id, shape in boxes:
        text = shape.text_frame.text.replace("\n", "")
        title = org.roles[role_id].title
        assert text.startswith(title[:6]), (role_id, text)


@pytest.mark.slow
def test_a_large_organisation_splits_over_several_slides(big):
    org, prs = big
    slides = {i for i, _, _ in role_boxes(prs)}
    assert len(slides) > 20
    per_slide = {}
    for i, _, _ in role_boxes(prs):
        per_slide[i] = per_slide.get(i, 0) + 1
    assert max(per_slide.values()) <= 60


def _connector_ends(shape):
    """Stored begin and end points of a connector, honouring rotation and flips."""
    xfrm = shape._element.spPr.find(qn("a:xfrm"))
    off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    x, y, w, h = int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy"))
    flip_h, flip_v = xfrm.get("flipH") == "1", xfrm.get("flipV") == "1"
    sx, sy, ex, ey = (-w / 2, -h / 2, w / 2, h / 2)
    if flip_h:
        sx, ex = ex, sx
    if flip_v:
        sy, ey = ey, sy
    angle = math.radians(int(xfrm.get("rot", "0")) / 60000)
    cx, cy = x + w / 2, y + h / 2

    def turn(px, py):
        return (cx + px * math.cos(angle) - py * math.sin(angle), cy + px * math.sin(angle) + py * math.cos(angle))

    return turn(sx, sy), turn(ex, ey)


def _site(shape, idx):
    x, y, w, h = shape.left, shape.top, shape.width, shape.height
    return {0: (x + w / 2, y), 1: (x, y + h / 2), 2: (x + w / 2, y + h), 3: (x + w, y + h / 2)}[idx]


@pytest.mark.slow
@pytest.mark.parametrize("which", ["zh_deck", "company", "wide"])
def test_connectors_are_attached_and_their_stored_ends_match(which, request):
    prs = request.getfixturevalue(which)
    prs = prs[1] if isinstance(prs, tuple) else prs
    checked = 0
    for slide in prs.slides:
        by_id = {s.shape_id: s for s in slide.shapes}
        for shape in slide.shapes:
            if shape._element.tag != qn("p:cxnSp"):
                continue
            c_nv = shape._element.find(qn("p:nvCxnSpPr")).find(qn("p:cNvCxnSpPr"))
            st, end = c_nv.find(qn("a:stCxn")), c_nv.find(qn("a:endCxn"))
            assert st is not None and end is not None, shape.name
            begin_shape, end_shape = by_id[int(st.get("id"))], by_id[int(end.get("id"))]
            begin, finish = _connector_ends(shape)
            for got, want in (
                (begin, _site(begin_shape, int(st.get("idx")))),
                (finish, _site(end_shape, int(end.get("idx")))),
            ):
                assert abs(got[0] - want[0]) <= 2 and abs(got[1] - want[1]) <= 2, (shape.name, got, want)
            if shape.name.startswith("line:"):
                assert begin_shape.top + begin_shape.height <= end_shape.top  # parent above child
            checked += 1
    assert checked > 10


@pytest.mark.slow
@pytest.mark.parametrize("which", ["zh_deck", "company", "big", "wide"])
def test_no_boxes_overlap_and_everything_is_on_the_slide(which, request):
    prs = request.getfixturevalue(which)
    prs = prs[1] if isinstance(prs, tuple) else prs
    for slide in prs.slides:
        boxes = []
        for shape in slide.shapes:
            if shape._element.tag == qn("p:cxnSp"):  # rotated: its drawn extent is between its ends
                for x, y in _connector_ends(shape):
                    assert 0 <= x <= SLIDE_W and 0 <= y <= SLIDE_H, shape.name
                continue
            assert 0 <= shape.left and shape.left + shape.width <= SLIDE_W, shape.name
            assert 0 <= shape.top and shape.top + shape.height <= SLIDE_H, shape.name
            if shape.name.split(":")[0] in ("role", "cont", "dept", "more"):
                boxes.append(shape)
        boxes.sort(key=lambda s: s.left)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                if b.left >= a.left + a.width:
                    break
                overlap = a.top < b.top + b.height and b.top < a.top + a.height
                # a "Reports on slide N" badge sits on its own box's corner, and on nothing else
                (kind_a, item_a), (kind_b, item_b) = a.name.split(":", 1), b.name.split(":", 1)
                own_badge = item_a == item_b and (kind_a == "more") != (kind_b == "more")
                assert not overlap or own_badge, (a.name, b.name)


@pytest.mark.parametrize("which", ["zh_deck", "big"])
def test_no_text_below_9_points_and_chinese_runs_carry_ea(which, request):
    prs = request.getfixturevalue(which)
    prs = prs[1] if isinstance(prs, tuple) else prs
    runs = 0
    for slide in prs.slides:
        for r_pr in slide.shapes._spTree.iter(qn("a:rPr")):
            size = r_pr.get("sz")
            assert size is not None and int(size) >= 900
            ea = r_pr.find(qn("a:ea"))
            latin = r_pr.find(qn("a:latin"))
            assert ea is not None and latin is not None
            assert list(r_pr).index(ea) == list(r_pr).index(latin) + 1
            runs += 1
    assert runs > 100


def test_markers_link_to_the_continuation_and_back(company):
    org, prs = company
    slides = list(prs.slides)
    links = 0
    for i, slide in enumerate(slides):
        for shape in slide.shapes:
            if shape.name.startswith("more:"):
                role_id = shape.name[5:]
                target = shape.click_action.target_slide
                assert slides.index(target) > i  # continuations come after the slide that points to them
                names = {s.name for s in target.shapes}
                assert f"cont:{role_id}" in names
                back = [s for s in target.shapes if s.name.startswith("back:")]
                assert back and back[0].click_action.target_slide == slide
                links += 1
    assert links >= 5


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    """A manager with 250 direct reports, every tenth of them with one report of their own."""
    from officegen.definition import load_organization

    team = tmp_path_factory.mktemp("wide") / "wide.yaml"
    lines = [
        "version: 1",
        "organization: {name: Wide, locale: en}",
        "departments: [{id: d, name: D}]",
        "roles:",
        "  - {id: boss, title: Boss, department: d}",
    ]
    lines += [f"  - {{id: r{i}, title: Report {i}, department: d, reports_to: boss}}" for i in range(250)]
    lines += [f"  - {{id: s{i}, title: Sub {i}, department: d, reports_to: r{i * 10}}}" for i in range(25)]
    team.write_text("\n".join(lines) + "\n", encoding="utf-8")
    org, _ = load_organization(team)
    return org, deck_of(org, team.parent)


def test_wide_spans_wrap_into_rows_inside_a_frame(wide):
    org, prs = wide
    assert sorted(r for _, r, _ in role_boxes(prs)) == sorted(org.roles)
    first = next(slide for slide in prs.slides if any(s.name == "role:boss" for s in slide.shapes))
    reports = [s for s in first.shapes if s.name.startswith("role:r")]
    rows = {s.top for s in reports}
    assert len(rows) >= 3 and len(reports) >= 6 * len(rows) - 6  # rows, not two tall columns
    team = next(s for s in first.shapes if s.name == "team:boss")
    assert all(
        team.left < s.left
        and s.left + s.width < team.left + team.width
        and team.top < s.top
        and s.top + s.height < team.top + team.height
        for s in reports
    )
    line = next(s for s in first.shapes if s.name == "line:role:boss>team")
    c_nv = line._element.find(qn("p:nvCxnSpPr")).find(qn("p:cNvCxnSpPr"))
    assert int(c_nv.find(qn("a:endCxn")).get("id")) == team.shape_id
    continued = [s for s in first.shapes if s.name.startswith("next:")]
    assert continued, "250 reports do not fit one slide: the rest continue on another"
    chart_slides = [slide for slide in prs.slides if any(s.name.startswith("role:") for s in slide.shapes)]
    # 30+ reports a slide, and the small teams cut off on a slide sharing one page (a slide each: 44)
    assert len(chart_slides) <= 2 * math.ceil(250 / 30) + 1


def test_dotted_lines_are_dashed_and_vacancies_differ(zh_deck, org_zh):
    chart = next(s for s in zh_deck.slides if any(x.name == "role:data-lead" for x in s.shapes))
    dotted = [s for s in chart.shapes if s.name.startswith("dotted:")]
    assert {s.name for s in dotted} >= {"dotted:data-lead>store-manager"}
    assert all(s._element.spPr.find(qn("a:ln")).find(qn("a:prstDash")).get("val") == "dash" for s in dotted)
    vacant = next(s for s in chart.shapes if s.name == "role:ops-planner")  # nobody holds it
    filled = next(s for s in chart.shapes if s.name == "role:ops-director")
    assert vacant._element.spPr.find(qn("a:ln")).find(qn("a:prstDash")) is not None
    assert filled._element.spPr.find(qn("a:ln")).find(qn("a:prstDash")) is None
    legend = [s for s in chart.shapes if s.name.startswith("legend:")]
    assert legend


def test_headcount_shows_on_multi_person_roles(zh_deck):
    texts = {s.name: s.text_frame.text for slide in zh_deck.slides for s in slide.shapes if s.name.startswith("role:")}
    assert "售前客服 ×6" in texts["role:cs-presales"]
    assert "3/6" in texts["role:cs-presales"]


def test_native_table_and_chart_on_the_summary(zh_deck, org_zh):
    summary = next(slide for slide in zh_deck.slides if any(s.name == "heatmap" for s in slide.shapes))
    table = next(s for s in summary.shapes if s.name == "heatmap")
    assert table.has_table
    header = [c.text for c in table.table.rows[0].cells]
    assert header[1:] == ["R", "A", "C", "I"]
    chart = next(s for s in summary.shapes if s.name == "headcount-chart")
    assert chart.has_chart
    categories = list(chart.chart.plots[0].categories)
    assert set(categories) == {d.name for d in org_zh.departments.values() if d.role_ids}
    planned = chart.chart.plots[0].series[0].values
    assert sum(planned) == org_zh.total_headcount.planned
    # axis ids are unsigned in the schema, and every axis crosses one that exists
    space = chart.chart._chartSpace
    ids = {int(e.get("val")) for e in space.iter(qn("c:axId"))}
    crossed = {int(e.get("val")) for e in space.iter(qn("c:crossAx"))}
    assert len(ids) == 2 and min(ids) >= 0 and crossed == ids


def test_one_slide_per_department_and_notes(zh_deck, org_zh):
    titles = [next((s.text_frame.text for s in slide.shapes if s.name == "title"), "") for slide in zh_deck.slides]
    for dept in org_zh.departments.values():
        assert dept.name in titles
    sales = zh_deck.slides[titles.index(org_zh.departments["promo"].name)]
    text = "\n".join(s.text_frame.text for s in sales.shapes if s.has_text_frame)
    assert org_zh.departments["promo"].description[:10] in text
    assert "月度流量目标与推广预算" not in text  # A is the director's, not the department's
    assert "直通车关键词与出价优化" in text
    for slide in zh_deck.slides:
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()


@pytest.mark.slow
def test_reproducible_and_atomic(org_zh, tmp_path, monkeypatch):
    import time

    a = write_deck(org_zh, tmp_path / "a.pptx").read_bytes()
    time.sleep(1.1)  # the chart's embedded workbook once carried the clock's second
    assert write_deck(org_zh, tmp_path / "b.pptx").read_bytes() == a
    import officegen.generators.deck.slides as deck

    def half_then_full(package, tmp):  # the disk fills up half way through the package
        Path(tmp).write_bytes(a[: len(a) // 2])
        raise OSError("disk full")

    monkeypatch.setattr(deck, "write_opc_package", half_then_full)
    from officegen.errors import OutputError

    with pytest.raises(OutputError, match="disk full"):
        write_deck(org_zh, tmp_path / "a.pptx")
    assert (tmp_path / "a.pptx").read_bytes() == a


def test_a_reference_deck_master_is_used(org_en, tmp_path):
    ref = Presentation()
    ref.slide_masters[0].name = "ACME master"
    ref.slides.add_slide(ref.slide_layouts[0]).shapes.title.text = "old slide to drop"
    ref.save(tmp_path / "ref.pptx")
    prs = deck_of(org_en, tmp_path, reference_deck=tmp_path / "ref.pptx")
    assert prs.slide_masters[0].name == "ACME master"
    texts = [s.text_frame.text for slide in prs.slides for s in slide.shapes if s.has_text_frame]
    assert "old slide to drop" not in texts
    r_pr = next(prs.slides[1].shapes._spTree.iter(qn("a:rPr")))
    assert r_pr.find(qn("a:latin")).get("typeface") == "+mn-lt"  # the user's theme fonts


@pytest.mark.slow
def test_the_title_slide_shows_the_date_only_when_given(org_zh, tmp_path):
    plain = deck_of(org_zh, tmp_path, "a.pptx")
    dated = deck_of(org_zh, tmp_path, "b.pptx", date_text="2026年11月")
    text = lambda prs: " ".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)  # noqa: E731
    assert "2026年11月" in text(dated) and "2026" not in text(plain)
    assert org_zh.name in text(plain)


def test_tidy_layout_centres_parents_and_spaces_siblings_evenly():
    m = Metrics(box_w=1.0, box_h=0.5, h_gap=0.2, v_gap=0.3, stack_gap=0.1, spine_gap=0.1, max_cols=6)
    leaves = [Box(f"l{i}", "role", f"l{i}", 1.0, 0.5) for i in range(2)]
    mids = [Box("a", "role", "a", 1.0, 0.5, children=leaves), Box("b", "role", "b", 1.0, 0.5)]
    root = Box("r", "role", "r", 1.0, 0.5, children=mids)
    layout(root, m)
    a, b = mids
    assert math.isclose(a.cx, (leaves[0].cx + leaves[1].cx) / 2)
    assert math.isclose(root.cx, (a.cx + b.cx) / 2)
    assert math.isclose(leaves[1].x - (leaves[0].x + leaves[0].w), 0.2)
    assert b.x >= a.x + a.w + 0.2 - 1e-9
    assert a.y == b.y == root.y + 0.8


def test_pagination_draws_every_item_once():
    children = {"r": [f"c{i}" for i in range(30)], **{f"c{i}": [f"g{i}{j}" for j in range(4)] for i in range(30)}}
    m = Metrics(box_w=1.4, box_h=0.6, h_gap=0.15, v_gap=0.3, stack_gap=0.1, spine_gap=0.1, max_cols=7)
    pages = paginate(["r"], lambda k: children.get(k, []), lambda k: (1.4, 0.6), m, 12.5, 5.9)
    drawn = [b.item for p in pages for b in p.root.walk() if b.kind == "role"]
    assert sorted(drawn) == sorted({"r", *children["r"], *[g for k, v in children.items() if k != "r" for g in v]})
    for p in pages:
        assert p.width <= 12.5 + 1e-6 and p.height <= 5.9 + 1e-6


def test_a_manager_whose_reports_do_not_fit_is_shown_with_as_many_as_fit():
    """Never a page holding one lone box: the manager appears with the reports that fit, the rest
    continue on a page under a copy of the manager, linked from 'next'."""
    children = {"r": [f"c{i}" for i in range(12)], **{f"c{i}": [f"g{i}"] if i % 2 else [] for i in range(12)}}
    m = Metrics(box_w=1.4, box_h=0.6, h_gap=0.15, v_gap=0.3, stack_gap=0.1, spine_gap=0.1, max_cols=7)
    pages = paginate(["r"], lambda k: children.get(k, []), lambda k: (1.4, 0.6), m, 12.5, 3.0)
    first = pages[0]
    assert first.root.item == "r" and 2 <= len(first.root.children) < 12
    assert first.next_page is not None
    cont = pages[first.next_page]
    assert cont.root.kind == "cont" and cont.root.item == "r"
    drawn = [b.item for p in pages for b in p.root.walk() if b.kind == "role"]
    assert sorted(drawn) == sorted(["r", *children["r"], *[f"g{i}" for i in range(1, 12, 2)]])
    for p in pages:
        assert p.width <= 12.5 + 1e-6 and p.height <= 3.0 + 1e-6


def test_small_cut_off_teams_share_a_page():
    """Ten managers with one report each, cut off below the first page: their teams are drawn
    side by side, as many as fit on a page, each under a copy of its manager."""
    children = {"r": [f"c{i}" for i in range(10)], **{f"c{i}": [f"g{i}"] for i in range(10)}}
    m = Metrics(box_w=1.4, box_h=0.6, h_gap=0.15, v_gap=0.3, stack_gap=0.1, spine_gap=0.1, max_cols=8)
    pages = paginate(["r"], lambda k: children.get(k, []), lambda k: (1.4, 0.6), m, 12.5, 4.5)
    assert len(pages) == 3
    first = {b.item: b.target for b in pages[0].root.walk() if b.kind == "role" and b.item != "r"}
    assert first == {**{f"c{i}": 1 for i in range(8)}, "c8": 2, "c9": 2}
    shared = pages[1].root
    assert shared.kind == "root" and [c.kind for c in shared.children] == ["cont"] * 8
    assert [c.children[0].item for c in shared.children] == [f"g{i}" for i in range(8)]
    assert pages[1].parent_page == pages[2].parent_page == 0
    drawn = [b.item for p in pages for b in p.root.walk() if b.kind == "role"]
    assert sorted(drawn) == sorted(["r", *children["r"], *[f"g{i}" for i in range(10)]])


def test_a_team_too_tall_for_two_columns_is_laid_out_in_rows_inside_a_frame():
    from officegen.generators.deck.layout import frame

    m = Metrics(box_w=1.4, box_h=0.6, h_gap=0.15, v_gap=0.3, stack_gap=0.1, spine_gap=0.1, max_cols=8, max_stack_rows=4)
    kids = [Box(f"k{i}", "role", f"k{i}", 1.4, 0.6) for i in range(20)]
    boss = Box("b", "role", "b", 1.4, 0.6, children=kids)
    width, height = layout(boss, m)
    assert boss.grid and not boss.stacked
    rows = sorted({k.y for k in kids})
    assert len(rows) == 3 and all(sum(k.y == y for k in kids) <= 8 for y in rows)
    for a in kids:  # no overlaps
        for b in kids:
            if a is not b:
                assert a.x + a.w <= b.x + 1e-9 or b.x + b.w <= a.x + 1e-9 or a.y != b.y
    x, y, w, h = frame(boss, m)
    assert y > boss.y + boss.h and all(x < k.x and k.x + k.w < x + w and y < k.y and k.y + k.h < y + h for k in kids)
    assert width >= w - 1e-9 and height >= y + h - 1e-9


def test_libreoffice_renders_the_deck(zh_deck, org_zh, soffice, tmp_path):
    from conftest import pdftotext

    from officegen.office.libreoffice import convert

    source = tmp_path / "deck.pptx"
    zh_deck.save(source)
    (pdf,) = convert([source], tmp_path / "pdf", "pdf")
    text = pdftotext(pdf).replace(" ", "")
    assert org_zh.name in text and "运营总监" in text


def test_a_chart_slightly_too_wide_closes_its_gaps_instead_of_splitting(org_en, tmp_path):
    """The English sample is 0.1 in wider than the slide with the usual gaps between siblings:
    it stays on one slide, siblings still apart."""
    prs = deck_of(org_en, tmp_path)
    slides = {i for i, _, _ in role_boxes(prs)}
    assert len(slides) == 1
    boxes = [s for _, _, s in role_boxes(prs)]
    rows: dict[int, list] = {}
    for box in boxes:
        rows.setdefault(box.top, []).append(box)
    for row in rows.values():
        row.sort(key=lambda s: s.left)
        assert all(b.left - (a.left + a.width) >= Emu(int(0.05 * 914400)) for a, b in zip(row, row[1:]))


def test_the_heat_map_of_many_departments_is_spread_evenly(big):
    org, prs = big
    tables = [s.table for slide in prs.slides for s in slide.shapes if s.name == "heatmap"]
    sizes = [len(t.rows) - 1 for t in tables]
    names = [t.cell(r, 0).text for t in tables for r in range(1, len(t.rows))]
    assert sorted(names) == sorted(d.name for d in org.departments.values() if d.role_ids)
    assert len(tables) > 1 and max(sizes) <= 12 and max(sizes) - min(sizes) <= 1


# -- the designed default: theme, layouts, footer, the story -----------------------------------


def _slide_kinds(prs):
    """Per slide: its layout's name and the sorted kinds of its named shapes (text before ':')."""
    out = []
    for slide in prs.slides:
        kinds = sorted({s.name.split(":")[0] for s in slide.shapes})
        out.append((slide.slide_layout.name, kinds))
    return out


def test_the_default_theme_has_a_colour_scheme_east_asian_fonts_and_five_layouts(zh_deck):
    from officegen.generators.deck.theme import SCHEME

    theme = next(p for p in zh_deck.part.package.iter_parts() if str(p.partname).startswith("/ppt/theme/"))
    root = etree.fromstring(theme.blob)
    scheme = root.find(f".//{qn('a:clrScheme')}")
    assert scheme.get("name") == "officegen"
    for slot, value in SCHEME.items():
        assert scheme.find(qn(f"a:{slot}")).find(qn("a:srgbClr")).get("val") == value
    for kind in ("a:majorFont", "a:minorFont"):
        font = root.find(f".//{qn(kind)}")
        assert font.find(qn("a:ea")).get("typeface") == "Microsoft YaHei"
        assert font.find(qn("a:latin")).get("typeface") == "Calibri"
    layouts = [layout.name for layout in zh_deck.slide_layouts]
    assert layouts == ["title", "agenda", "section", "content", "chart"]
    used = {slide.slide_layout.name for slide in zh_deck.slides}
    assert used == set(layouts)
    content = next(layout for layout in zh_deck.slide_layouts if layout.name == "content")
    xml = etree.tostring(content._element, encoding="unicode")
    assert 'type="slidenum"' in xml and "电商运营团队" in xml  # the footer: slide number, organisation


def test_the_story_runs_title_agenda_sections_cards_departments_raci_spans(zh_deck, org_zh):
    kinds = _slide_kinds(zh_deck)
    layouts = [layout for layout, _ in kinds]
    assert layouts[:3] == ["title", "agenda", "section"]
    sections = [i for i, layout in enumerate(layouts) if layout == "section"]
    assert len(sections) == 4
    numbers = [
        next(s.text_frame.text for s in zh_deck.slides[i].shapes if s.name == "section-number") for i in sections
    ]
    assert numbers == ["01", "02", "03", "04"]
    # 01: one numbered card per top-level department (below the one root), with its function
    cards = zh_deck.slides[sections[0] + 1]
    tops = org_zh.departments[org_zh.root_departments[0].id].child_ids
    names = [s.name[5:] for s in cards.shapes if s.name.startswith("card:")]
    assert names == list(tops)
    for i, dept_id in enumerate(tops):
        text = {s.name: s.text_frame.text for s in cards.shapes if s.has_text_frame}
        assert text[f"card-number:{dept_id}"] == f"{i + 1:02d}"
        assert text[f"card-name:{dept_id}"] == org_zh.departments[dept_id].name
        assert text[f"card-text:{dept_id}"].replace("\n", "") == org_zh.departments[dept_id].description
    # 02: the overview, then the chart; 03: a slide per department; 04: heat map, then spans
    assert any("dept" in k for k in kinds[sections[1] + 1][1])
    dept_slides = kinds[sections[2] + 1 : sections[3]]
    assert len(dept_slides) == len(org_zh.departments)
    assert all({"figure", "function", "activities", "load-chip"} <= set(k) for _, k in dept_slides)
    assert "heatmap" in kinds[sections[3] + 1][1]
    assert "span-chart" in kinds[-1][1]


def test_department_figures_are_planned_filled_vacant(zh_deck, org_zh):
    for slide in zh_deck.slides:
        title = next((s.text_frame.text for s in slide.shapes if s.name == "title"), "")
        dept = next((d for d in org_zh.departments.values() if d.name == title), None)
        if dept is None or not any(s.name.startswith("figure") for s in slide.shapes):
            continue
        roles = [org_zh.roles[r] for r in dept.role_ids]
        planned = sum(r.headcount for r in roles)
        filled = sum(1 for p in org_zh.people if org_zh.roles[p.role_id].department_id == dept.id)
        values = [s.text_frame.text for s in slide.shapes if s.name.startswith("figure-value:")]
        assert values == [str(planned), str(filled), str(planned - filled)], dept.id
        chips = {s.name: s.text_frame.text for s in slide.shapes if s.name.startswith("load-chip:")}
        r_count = sum(a.letters_of(r.id).count("R") for a in org_zh.activities for r in roles)
        assert chips["load-chip:R"] == f"R {r_count}"


def test_spans_and_layers_are_counted_from_the_reporting_lines(zh_deck, org_zh):
    slide = zh_deck.slides[-1]
    values = [s.text_frame.text for s in slide.shapes if s.name.startswith("figure-value:")]
    depth = {}
    for role in org_zh.roles.values():
        n, r = 1, role
        while r.reports_to_id:
            n, r = n + 1, org_zh.roles[r.reports_to_id]
        depth[role.id] = n
    managers = {m for m in (r.reports_to_id for r in org_zh.roles.values()) if m}
    spans = {m: sum(r.headcount for r in org_zh.roles.values() if r.reports_to_id == m) for m in managers}
    assert values[0] == f"{max(depth.values())} 层"
    assert values[1] == str(len(managers))
    assert values[2] == f"{sum(spans.values()) / len(spans):.1f}"
    assert values[3] == str(sum(1 for s in spans.values() if s == 1))
    chart = next(s for s in slide.shapes if s.name == "span-chart").chart
    plotted = dict(zip(chart.plots[0].categories, chart.plots[0].series[0].values))
    assert plotted == {org_zh.roles[m].title: s for m, s in spans.items()}


@pytest.mark.slow
def test_the_same_content_in_chinese_and_english(tmp_path):
    from conftest import SAMPLE_ZH

    zh = deck_of(load(SAMPLE_ZH, "zh-CN"), tmp_path, "zh.pptx")
    en = deck_of(load(SAMPLE_ZH, "en"), tmp_path, "en.pptx")
    # the same slides with the same kinds of shape; a department's list of roles under its chart
    # is there when the chart leaves room for it (English titles take more)
    strip = lambda kinds: [(layout, [k for k in ks if k != "roles"]) for layout, ks in kinds]  # noqa: E731
    assert strip(_slide_kinds(zh)) == strip(_slide_kinds(en))
    texts = lambda prs: [s.text_frame.text for s in prs.slides[1].shapes if s.has_text_frame]  # noqa: E731
    assert "目录" in texts(zh) and "Contents" in texts(en)


def test_every_slide_of_a_reference_deck_uses_its_master(org_en, tmp_path):
    ref = Presentation()
    ref.slide_masters[0].name = "ACME master"
    ref.save(tmp_path / "ref.pptx")
    prs = deck_of(org_en, tmp_path, reference_deck=tmp_path / "ref.pptx")
    assert len(prs.slide_masters) == 1
    assert {slide.slide_layout.slide_master.name for slide in prs.slides} == {"ACME master"}
    assert [layout.name for layout in prs.slide_layouts][0] == "Title Slide"  # theirs, not ours


# -- defects of issue 15 -----------------------------------------------------------------------


@pytest.mark.slow
def test_with_load_each_chart_box_shows_its_a_and_r_counts_below_its_text(org_zh, tmp_path):
    prs = deck_of(org_zh, tmp_path, load=True)
    seen = set()
    for _, role_id, box in role_boxes(prs):
        slide = next(s for s in prs.slides if any(x.shape_id == box.shape_id and x.name == box.name for x in s.shapes))
        marker = next(s for s in slide.shapes if s.name == f"load:{role_id}")
        a = sum(1 for act in org_zh.activities if "A" in act.letters_of(role_id))
        r = sum(1 for act in org_zh.activities if "R" in act.letters_of(role_id))
        assert marker.text_frame.text == f"A{a} R{r}"
        assert marker.top >= box.top + box.height  # under the box's text, never over it
        assert marker.left + marker.width <= box.left + box.width / 2  # left of the line down
        seen.add(role_id)
    assert seen == set(org_zh.roles)
    plain = deck_of(org_zh, tmp_path, "plain.pptx")
    assert not [s for slide in plain.slides for s in slide.shapes if s.name.startswith("load:")]


@pytest.mark.slow
def test_load_is_an_option_of_deck_and_build(tmp_path):
    from click.testing import CliRunner

    from officegen.cli import cli

    result = CliRunner().invoke(cli, ["deck", "data/ecommerce-team.yaml", "--load", "-o", str(tmp_path / "d.pptx")])
    assert result.exit_code == 0, result.output
    prs = Presentation(tmp_path / "d.pptx")
    assert any(s.name.startswith("load:") for slide in prs.slides for s in slide.shapes)
    result = CliRunner().invoke(
        cli, ["build", "data/software-team.yaml", "--only", "deck", "--load", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    prs = Presentation(tmp_path / "org-chart.pptx")
    assert any(s.name.startswith("load:") for slide in prs.slides for s in slide.shapes)


def _segments(points):
    return list(zip(points, points[1:]))


def test_dotted_lines_on_one_slide_are_routed_round_every_box(zh_deck, org_zh):
    from officegen.generators.deck.route import _hits

    checked = 0
    for slide in zh_deck.slides:
        for line in [s for s in slide.shapes if s.name.startswith("dotted:")]:
            source, target = line.name[7:].split(">")
            assert target in org_zh.roles[source].dotted_line_to
            if line._element.tag == qn("p:cxnSp"):
                (x1, y1), (x2, y2) = _connector_ends(line)
                adj = int(line._element.spPr.prstGeom.find(qn("a:avLst"))[0].get("fmla").split()[1])
                yc = y1 + (y2 - y1) * adj / 100000
                points = [(x1, y1), (x1, yc), (x2, yc), (x2, y2)]
            else:  # a U between two boxes at one height: a line of its own
                path = line._element.find(f".//{qn('a:path')}")
                x0, y0 = line.left, line.top
                points = [(x0 + int(pt.get("x")), y0 + int(pt.get("y"))) for pt in path.iter(qn("a:pt"))]
            points = [(x / 914400, y / 914400) for x, y in points]
            for shape in slide.shapes:
                if shape._element.tag == qn("p:cxnSp") or shape.name.startswith(("team:", "dotted:")):
                    continue
                rect = (
                    shape.left / 914400,
                    shape.top / 914400,
                    (shape.left + shape.width) / 914400,
                    (shape.top + shape.height) / 914400,
                )
                for a, b in _segments(points):
                    assert not _hits(a, b, rect, -0.01), (line.name, shape.name)
            checked += 1
    assert checked >= 1


def test_dotted_lines_across_slides_are_marked_at_both_ends(company):
    org, prs = company
    from deckcheck import _check_dotted

    assert _check_dotted(prs, org) == []
    zh = Presentation(write_deck(load(__import__("conftest").SAMPLE_ZH), Path(tempfile.mkdtemp()) / "zh.pptx"))
    marks = [s for slide in zh.slides for s in slide.shapes if s.name.startswith("dotted-mark:")]
    assert marks and all(s.click_action.target_slide is not None for s in marks)
    assert all("虚线" in s.text_frame.text for s in marks)


def test_route_finds_a_channel_or_says_there_is_none():
    from officegen.generators.deck.route import route

    a, b = (0.0, 0.0, 1.0, 0.6), (3.0, 1.0, 4.0, 1.6)
    wall = (1.5, -5.0, 2.5, 5.0)  # nothing passes it
    assert route(a, b, [wall]) is None
    found = route(a, b, [])
    assert found is not None and found.points[0] == (0.5, 0.6) and found.points[-1] == (3.5, 1.0)
    beam = (0.0, 0.7, 4.0, 0.9)  # across the way between the rows: the route goes round it
    found = route(a, b, [beam])
    assert found is None or all(not (0.7 < y < 0.9) for _, y in found.points)


def test_long_titles_wrap_then_shrink_and_never_lose_the_headcount():
    from officegen.generators.deck.shapes import fit_block, fit_lines

    lines, size = fit_block("检验员（IQC/IPQC/OQC）", 1.35, 0.6, (10.5, 10, 9), max_lines=3, keep=" ×8")
    assert "".join(lines).replace(" ", "") == "检验员（IQC/IPQC/OQC）×8"
    lines, _ = fit_lines("很长的岗位名称" * 6, 1.35, (9,), 2, keep=" ×8")
    assert len(lines) == 2 and lines[-1].endswith("… ×8")


def test_activities_are_real_bullets_whatever_script_they_start_with(zh_deck):
    for slide in zh_deck.slides:
        box = next((s for s in slide.shapes if s.name == "activities"), None)
        if box is None:
            continue
        for p in box.text_frame._txBody.findall(qn("a:p"))[1:]:
            p_pr = p.find(qn("a:pPr"))
            text = "".join(t.text for t in p.iter(qn("a:t")))
            if p_pr.find(qn("a:buChar")) is None:
                assert not text.startswith("•")
                continue
            assert p_pr.find(qn("a:buChar")).get("char") == "•"
            assert p_pr.find(qn("a:buFont")).get("typeface") == "Arial"
            assert (p_pr.get("marL"), p_pr.get("indent")) == ("182880", "-182880")
            assert not text.startswith("•")  # the glyph is the paragraph's, not typed


@pytest.mark.slow
def test_fourteen_departments_fit_one_overview_slide(synthetic_path):
    org = load(synthetic_path(1400))
    assert len(org.departments) == 14
    prs = deck_of(org, Path(tempfile.mkdtemp()))
    slides = {i for i, slide in enumerate(prs.slides) for s in slide.shapes if s.name.startswith("dept:")}
    assert len(slides) == 1


def test_the_department_box_names_its_head(zh_deck, org_zh):
    boxes = {s.name[5:]: s for slide in zh_deck.slides for s in slide.shapes if s.name.startswith("dept:")}
    for dept in org_zh.departments.values():
        head = org_zh.roles[dept.head_id]
        text = boxes[dept.id].text_frame.text.replace("\n", "")
        if head.people:
            assert f"负责人: {head.people[0].name}（{head.title}）" in text
        else:  # nobody holds it: its title
            assert f"负责人: {head.title}" in text


def test_the_legend_shows_the_last_department_rather_than_one_more(org_zh):
    import re

    from officegen.generators.deck.layout import Box, Page
    from officegen.generators.deck.slides import _Deck

    deck = _Deck(org_zh, None, None)
    depts = list(org_zh.departments) * 4
    overflowed = []
    for n in range(1, len(depts)):
        root = Box("root", "root", None, 0.0, 0.0)
        root.children = [Box(f"role:{d}", "role", d, 1.0, 1.0) for d in depts[:n]]
        slide = deck.bare_slide("chart", "")
        deck.legend(slide, Page(root, 1.0, 1.0, None), "dept")
        shown = sum(1 for s in slide.shapes if s.name.startswith("legend-text:"))
        more = [int(re.search(r"\d+", s.text).group()) for s in slide.shapes if s.name == "legend:more"]
        assert shown + sum(more) == n
        assert all(m >= 2 for m in more), (n, more)  # "等 1 个部门" never: that one is shown
        overflowed.append(bool(more))
    assert any(overflowed) and not all(overflowed)


@pytest.mark.parametrize("which", ["zh", "en"])
def test_a_small_chart_page_is_drawn_larger_and_in_the_middle(which, zh_deck, org_en, tmp_path):
    """Every chart page uses the slide: as wide or as tall as the room for it, or drawn at the
    largest scale; and it sits in the middle of that room, not at the top of an empty slide."""
    from officegen.generators.deck.slides import AVAIL_W, CHART_H, CHART_TOP, MAX_SCALE

    prs = zh_deck if which == "zh" else deck_of(org_en, tmp_path)
    emu = 914400
    pages = 0
    for slide in prs.slides:
        boxes = [s for s in slide.shapes if s.name.split(":")[0] in ("role", "cont", "dept")]
        if not boxes:
            continue
        pages += 1
        left = min(s.left for s in boxes) / emu
        right = max(s.left + s.width for s in boxes) / emu
        top = min(s.top for s in boxes) / emu
        bottom = max(s.top + s.height for s in boxes) / emu
        base_w = 1.45 if boxes[0].name.startswith(("role", "cont")) else None
        at_most = base_w is not None and max(s.width for s in boxes) / emu >= base_w * MAX_SCALE - 0.01
        assert right - left >= AVAIL_W * 0.85 or bottom - top >= CHART_H * 0.8 or at_most, (
            slide.slide_id,
            left,
            right,
            top,
            bottom,
        )
        room_top = CHART_TOP + 0.05
        assert abs((top + bottom) / 2 - (room_top + CHART_H / 2)) < 0.35, (top, bottom)
    assert pages >= 2


def test_a_department_deck_is_titled_and_counted_as_the_department(org_zh, tmp_path):
    """``deck --department merch``: the title slide names 商品部 (the organisation under it) and
    its figures are the department's own, not the managers above it shown as context."""
    from officegen.definition.model import subtree

    view = subtree(org_zh, "merch")
    prs = deck_of(view, tmp_path)
    shapes = {s.name: s.text_frame.text for s in prs.slides[0].shapes}
    assert shapes["title"] == org_zh.departments["merch"].name
    sub = shapes["subtitle"].splitlines()
    assert sub[0] == org_zh.name
    below = {d.id for d in org_zh.walk_departments() if d.id == "merch" or _under(org_zh, d.id, "merch")}
    roles = [r for r in org_zh.roles.values() if r.department_id in below]
    hc = org_zh.headcount("merch")
    assert f"{len(below)} 个部门 · {len(roles)} 个岗位 · 编制 {hc.planned} 人 · 在岗 {hc.filled} 人" == sub[1]
    assert len(view.roles) > len(roles)  # the context above is there, and not counted
    assert prs.core_properties.title == f"{org_zh.name} — {org_zh.departments['merch'].name}"


def _under(org, dept_id: str, top: str) -> bool:
    parent = org.departments[dept_id].parent_id
    while parent is not None:
        if parent == top:
            return True
        parent = org.departments[parent].parent_id
    return False


def test_a_team_without_activities_yet_is_told_what_to_do_instead_of_zeros(tmp_path):
    """A definition from a roster has no activities: the department slides and the RACI slide say
    how to fill the RACI in (the workbook, then import-raci) instead of rows and chips of zeros."""
    from officegen.definition import load_organization

    team = tmp_path / "team.yaml"
    team.write_text(
        "version: 1\norganization: {name: 星海科技, locale: zh-CN}\n"
        "departments: [{id: rd, name: 研发部}, {id: mk, name: 市场部}]\n"
        "roles:\n  - {id: cto, title: 研发总监, department: rd}\n"
        "  - {id: cmo, title: 市场经理, department: mk, reports_to: cto}\nactivities: []\n",
        encoding="utf-8",
    )
    org, _ = load_organization(team)
    prs = deck_of(org, tmp_path)
    said = [s for slide in prs.slides for s in slide.shapes if s.name == "no-raci"]
    names = [s.name for slide in prs.slides for s in slide.shapes]
    assert not [n for n in names if n.startswith("load-chip:") or n == "heatmap"]
    assert len(said) == len(org.departments) + 1  # each department slide, and the RACI slide
    assert all("import-raci" in s.text_frame.text and "raci.xlsx" in s.text_frame.text for s in said)
