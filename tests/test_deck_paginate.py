"""Unit tests of the org chart's pagination (officegen/generators/deck/layout.py) on synthetic
forests, independent of any sample's measurements."""

from __future__ import annotations

from officegen.generators.deck.layout import Metrics, paginate

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
