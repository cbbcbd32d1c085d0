"""Unit tests of the org chart's pagination (officegen/generators/deck/layout.py) on synthetic
forests, independent of any sample's measurements."""

from __future__ import annotations

from officegen.generators.deck.layout import Measure, Metrics, paginate

#: a manager, four team leads, two reports each: 8 leaves side by side under 4 subtrees
KIDS = {"r": ["a", "b", "c", "d"], "a": ["a1", "a2"], "b": ["b1", "b2"], "c": ["c1", "c2"], "d": ["d1", "d2"]}
M = Metrics(1.0, 0.5, h_gap=0.4, v_gap=0.3, stack_gap=0.1, spine_gap=0.2)


def pages_at(avail_w: float, m: Metrics = M):
    return paginate(["r"], lambda k: KIDS.get(k, []), lambda k: (m.box_w, m.box_h), m, avail_w, 100)


def items(page) -> set[str]:
    return {b.item for b in page.root.walk() if b.kind == "role" and b.item}


def test_a_chart_slightly_too_wide_closes_its_gaps_instead_of_splitting():
    wide = pages_at(100)[0].width  # the usual gaps: 10.8 in
    (page,) = pages_at(wide - 0.4)  # too wide by less than the gaps can give
    assert page.width <= wide - 0.4 + 1e-6 and items(page) == set(KIDS) | {k for v in KIDS.values() for k in v}
    boxes = sorted((b for b in page.root.walk() if b.kind == "role" and not KIDS.get(b.item or "")), key=lambda b: b.x)
    assert all(b.x - (a.x + a.w) >= 0.06 - 1e-9 for a, b in zip(boxes, boxes[1:]))  # still apart


def test_a_chart_too_wide_even_with_tight_gaps_splits_and_every_role_is_on_one_page():
    pages = pages_at(6.0)
    assert len(pages) > 1
    seen = [item for page in pages for b in page.root.walk() if b.kind == "role" and (item := b.item)]
    assert sorted(seen) == sorted(set(KIDS) | {k for v in KIDS.values() for k in v})
    assert all(page.width <= 6.0 + 1e-6 for page in pages)


def _random_forest(rng, people: int) -> dict[str, list[str]]:
    """A reporting forest with long lines, wide spans (stacked and in rows) and single reports."""
    kids: dict[str, list[str]] = {"p0": []}
    for i in range(1, people):
        manager = f"p{rng.choice([i - 1, rng.randrange(i), rng.randrange(max(1, i // 3))])}"
        kids.setdefault(manager, []).append(f"p{i}")
        kids[f"p{i}"] = []
    kids["p0"].append("wide")  # a team too tall for two columns: in rows, inside a frame
    kids["wide"] = [f"w{i}" for i in range(20)]
    kids.update({f"w{i}": [] for i in range(20)})
    return kids


def _measured_as_laid_out(rng, kids: dict[str, list[str]], m: Metrics, tight: Metrics) -> int:
    """Random drawings of ``kids``: the measured size against the laid-out one; how many checked."""
    from officegen.generators.deck.layout import _build, layout

    levels: dict[str, int] = {}

    def level(item: str) -> int:
        if item not in levels:
            levels[item] = min(12, 1 + max((level(k) for k in kids[item]), default=0))
        return levels[item]

    def children(item: str) -> list[str]:
        return kids[item]

    def size(_item: str) -> tuple[float, float]:
        return m.box_w, m.box_h

    measure = Measure(children, lambda item, _m: size(item), level)
    managers = [k for k, v in kids.items() if v]
    loose = sorted(kids, key=lambda k: (len(kids[k]), k))[: 2 * m.max_cols]  # single boxes, in rows
    checked = 0
    for _ in range(60):
        depth = rng.randrange(1, 6)
        manager = rng.choice(managers)
        parent, tops = rng.choice([(None, [manager]), (manager, kids[manager]), (None, kids[manager]), (None, loose)])
        measure.open_up(())
        cut = measure.cut(tops, depth)
        expanded = set(rng.sample(cut, min(len(cut), rng.randrange(3))))
        for metrics in (m, tight):
            measure.open_up(expanded)
            contour, height = measure.group(parent, tops, depth, metrics)
            boxes: list = []
            width, real_height = layout(_build(tops, parent, children, size, depth, boxes, expanded), metrics)
            measured = max(hi for _, hi in contour) - min(lo for lo, _ in contour)
            assert abs(measured - width) < 1e-9 and abs(height - real_height) < 1e-9, (depth, parent, tops)
            assert [item for _, item in boxes] == measure.cut(tops, depth)
            checked += 1
    return checked


def test_measuring_a_drawing_gives_the_size_its_layout_has():
    """The paginator's trials are measured from cached contours (``Measure``) instead of being
    drawn and laid out: for every drawing it tries (depths, boxes opened up, teams side by side
    under their managers' copies, single boxes in rows) the measured size must be the laid-out one."""
    import random

    rng = random.Random(7)
    m = Metrics(1.45, 0.62, h_gap=0.16, v_gap=0.34, stack_gap=0.26, spine_gap=0.12, max_cols=7, max_stack_rows=4)
    tight = Metrics(1.45, 0.62, h_gap=0.08, v_gap=0.34, stack_gap=0.26, spine_gap=0.12, max_cols=7, max_stack_rows=4)
    assert sum(_measured_as_laid_out(rng, _random_forest(rng, people), m, tight) for people in (5, 40, 160)) == 360


def _department_measured_as_laid_out(org) -> int:
    """Each department's chart measured and laid out at each scale; how many compared."""
    from officegen.generators.deck.layout import layout
    from officegen.generators.deck.story import _tree

    checked = 0
    for dept in org.departments.values():
        ids = set(dept.role_ids)
        tops = [r for r in dept.role_ids if org.roles[r].reports_to_id not in ids]
        if not tops:
            continue

        def reports(role_id: str, ids: set[str] = ids) -> list[str]:
            return [c for c in org.roles[role_id].direct_report_ids if c in ids]

        measure = Measure(reports, lambda _r, m: (m.box_w, m.box_h), lambda _r: 1 << 20)
        for scale in (1.6, 1.35, 1.2, 1.0):
            m = Metrics(1.45 * scale, 0.62 * scale, h_gap=0.16, v_gap=0.34, stack_gap=0.14, spine_gap=0.12)
            width, height = measure.extent(tops, m)
            real = layout(_tree(org, tops, ids, m), m)
            assert abs(width - real[0]) < 1e-9 and abs(height - real[1]) < 1e-9, (dept.id, scale)
            checked += 1
    return checked


def test_a_department_chart_is_drawn_at_the_largest_size_measured_to_fit(tmp_path):
    """The department slide measures its chart at each size instead of laying it out; the size
    measured must be the laid-out one, at every scale (the boxes grow with it), for every
    department of the sample and of a synthetic organisation."""
    from pathlib import Path

    from officegen.definition import load_organization
    from officegen.definition.synthetic import write_synthetic

    teams = [Path("data/ecommerce-team.yaml"), write_synthetic(tmp_path / "org.yaml", 300)]
    assert sum(_department_measured_as_laid_out(load_organization(team)[0]) for team in teams) > 40
