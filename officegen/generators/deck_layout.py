"""Tidy tree layout and the split of a large chart into slide-sized pages. Pure geometry, no pptx.

Layout is Reingold-Tilford style: each subtree is laid out once, children are placed left to
right as close as their contours (left/right extent per level) allow, and a parent is centred
over its first and last child. Merging contours costs the depth of the shallower one, so a
page costs O(boxes x depth). Leaves of a parent with many of them are stacked in two columns
either side of a vertical spine (the usual org-chart way), which keeps a span of 20 or more
reports on the slide.

Pages: a page shows a root and as many levels below it as fit; a subtree cut off is drawn as
a marker that links to the page where that subtree starts (and which links back).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

STACK_FROM = 3  # a parent with this many leaf children (or more) hangs them in two columns


@dataclass
class Box:
    """One box on a page. ``kind``: role (a real chart box), more (a link to a continued subtree),
    cont (the parent repeated on a continuation page), or root (invisible root of a forest)."""

    key: str
    kind: str
    item: str | None
    w: float
    h: float
    children: list["Box"] = field(default_factory=list)
    stacked: bool = False
    grid: bool = False  # a forest of single boxes, wrapped into rows
    side: int = 0  # for stacked leaves: -1 left of the spine, +1 right
    x: float = 0.0  # top-left, after layout
    y: float = 0.0
    target: int | None = None  # for 'more': the page it links to

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    def walk(self):
        stack = [self]
        while stack:
            box = stack.pop()
            yield box
            stack.extend(reversed(box.children))


@dataclass(frozen=True)
class Metrics:
    box_w: float
    box_h: float
    h_gap: float
    v_gap: float
    stack_gap: float  # vertical gap between stacked leaves
    spine_gap: float  # horizontal distance from the spine to a stacked leaf
    max_cols: int = 6  # boxes side by side in the grid of a forest of single boxes


# -- layout -------------------------------------------------------------------------------------


def layout(root: Box, m: Metrics) -> tuple[float, float]:
    """Position every box (root at y=0, leftmost extent at x=0); returns (width, height)."""
    offsets: dict[int, float] = {}
    _contour(root, m, offsets)
    _place(root, 0.0, 0.0, m, offsets)
    boxes = [b for b in root.walk() if b.kind != "root"]
    left = min(b.x for b in boxes)
    top = min(b.y for b in boxes)
    for b in root.walk():
        b.x -= left
        b.y -= top
    return max(b.x + b.w for b in boxes), max(b.y + b.h for b in boxes)


def _stack(box: Box, m: Metrics) -> None:
    leaves = box.children
    all_leaves = all(not c.children for c in leaves)
    box.stacked = len(leaves) >= STACK_FROM and box.kind != "root" and all_leaves
    box.grid = box.kind == "root" and all_leaves and len(leaves) > m.max_cols
    if box.stacked:
        for i, child in enumerate(leaves):
            child.side = -1 if i % 2 == 0 else 1


def _contour(box: Box, m: Metrics, offsets: dict[int, float]) -> list[tuple[float, float]]:
    """Left/right extents per level of ``box``'s subtree, relative to the box's centre.

    Levels are rows of height box_h + v_gap; a stacked group fills as many rows as it needs.
    Children's centres relative to the parent's centre are stored in ``offsets``.
    """
    _stack(box, m)
    own = (-box.w / 2, box.w / 2)
    if not box.children:
        return [own]
    if box.stacked:
        rows = (len(box.children) + 1) // 2
        height = rows * m.box_h + (rows - 1) * m.stack_gap
        half = m.spine_gap + max(c.w for c in box.children)
        levels = max(1, int(-(-(height + m.v_gap) // (m.box_h + m.v_gap))))
        for child in box.children:
            offsets[id(child)] = child.side * (m.spine_gap + child.w / 2)
        return [own] + [(-half, half)] * levels
    if box.grid:
        cols = m.max_cols
        rows = -(-len(box.children) // cols)
        half = (cols * m.box_w + (cols - 1) * m.h_gap) / 2
        for i, child in enumerate(box.children):
            offsets[id(child)] = -half + m.box_w / 2 + (i % cols) * (m.box_w + m.h_gap)
        return [(0.0, 0.0)] + [(-half, half)] * rows
    contours = [_contour(child, m, offsets) for child in box.children]
    merged: list[tuple[float, float]] = list(contours[0])
    positions = [0.0]
    for contour in contours[1:]:
        shift = max(merged[i][1] + m.h_gap - contour[i][0] for i in range(min(len(merged), len(contour))))
        positions.append(shift)
        for i, (lo, hi) in enumerate(contour):
            if i < len(merged):
                merged[i] = (min(merged[i][0], lo + shift), max(merged[i][1], hi + shift))
            else:
                merged.append((lo + shift, hi + shift))
    centre = (positions[0] + positions[-1]) / 2
    for child, pos in zip(box.children, positions):
        offsets[id(child)] = pos - centre
    if box.kind == "root":  # an invisible forest root takes no room
        return [(0.0, 0.0)] + [(lo - centre, hi - centre) for lo, hi in merged]
    return [own] + [(lo - centre, hi - centre) for lo, hi in merged]


def _place(box: Box, cx: float, y: float, m: Metrics, offsets: dict[int, float]) -> None:
    """Top-down: absolute positions from the relative offsets (iterative, any depth)."""
    stack = [(box, cx, y)]
    while stack:
        node, centre, top = stack.pop()
        node.x, node.y = centre - node.w / 2, top
        if node.kind == "root":
            child_top = top
        else:
            child_top = top + node.h + m.v_gap
        if node.stacked:
            for i, child in enumerate(node.children):
                row = i // 2
                stack.append((child, centre + offsets[id(child)], child_top + row * (m.box_h + m.stack_gap)))
        elif node.grid:
            for i, child in enumerate(node.children):
                row = i // m.max_cols
                stack.append((child, centre + offsets[id(child)], child_top + row * (m.box_h + m.v_gap)))
        else:
            for child in node.children:
                stack.append((child, centre + offsets[id(child)], child_top))


# -- pages --------------------------------------------------------------------------------------


@dataclass
class Page:
    """One slide's chart: ``root`` is a role box, a 'cont' box (a manager repeated above the
    reports continued here) or an invisible forest root."""

    root: Box
    width: float
    height: float
    parent_page: int | None
    continues: str | None = None  # the manager whose reports this page continues
    next_page: int | None = None  # where the rest of those reports continue, when they did not fit


def paginate(
    roots: Sequence[str],
    children: Callable[[str], Sequence[str]],
    size: Callable[[str], tuple[float, float]],
    m: Metrics,
    avail_w: float,
    avail_h: float,
) -> list[Page]:
    """Split the forest ``roots`` into pages that fit ``avail_w`` x ``avail_h``; every item appears
    as a 'role' box on exactly one page. A box whose reports did not fit carries ``target``: the
    page where they continue, under a 'cont' copy of the box."""
    pages: list[Page | None] = []
    queue: list[tuple[list[str], str | None, int | None]] = [(list(roots), None, None)]
    head = 0
    while head < len(queue):
        tops, parent, parent_page = queue[head]
        head += 1
        index = len(pages)
        pages.append(None)

        def reserve(items: list[str], manager: str) -> int:
            queue.append((items, manager, index))
            return len(queue) - 1

        pages[index] = _fit_page(tops, parent, children, size, m, avail_w, avail_h, reserve)
        pages[index].parent_page = parent_page
    return pages  # type: ignore[return-value]


def _fit_page(tops, parent, children, size, m, avail_w, avail_h, reserve) -> Page:
    """The deepest drawing of ``tops`` (under ``parent``) that fits; what is cut off is reserved."""
    def fits(depth: int, expanded: set[str]):
        cut: list[tuple[Box, str]] = []
        root = _build(tops, parent, children, size, depth, cut, expanded)
        width, height = layout(root, m)
        ok = width <= avail_w + 1e-6 and height <= avail_h + 1e-6
        return ok, (root, width, height, cut)

    for depth in range(12, 0, -1):
        ok, best = fits(depth, set())
        if not ok:
            continue
        if depth == 1 and len(tops) == 1 and children(tops[0]):
            break  # a lone box pointing elsewhere says nothing: show it with as many reports as fit
        # then open up, one by one, the cut-off boxes whose next level still fits (widest use of the slide)
        expanded: set[str] = set()
        for _ in range(3):
            changed = False
            for _, item in list(best[3]):
                trial = expanded | {item}
                ok, attempt = fits(depth, trial)
                if ok:
                    expanded, best, changed = trial, attempt, True
            if not changed:
                break
        root, width, height, cut = best
        return _finish(root, width, height, parent, cut, children, reserve)
    if len(tops) == 1 and children(tops[0]):
        return _split_reports(tops[0], parent, children, size, m, avail_w, avail_h, reserve)
    # even the tops alone do not fit: as many as fit here, the rest on a continuation page
    if parent is not None:
        rows = int((avail_h - m.box_h - m.v_gap + m.stack_gap) // (m.box_h + m.stack_gap))
        per_page = max(2, rows * 2)
    else:
        rows = max(1, int((avail_h + m.v_gap) // (m.box_h + m.v_gap)))
        per_page = max(1, rows * m.max_cols)
    cut = []
    root = _build(tops[:per_page], parent, children, size, 1, cut)
    width, height = layout(root, m)
    page = _finish(root, width, height, parent, cut, children, reserve)
    page.next_page = reserve(list(tops[per_page:]), parent)
    return page


def _split_reports(top, parent, children, size, m, avail_w, avail_h, reserve) -> Page:
    """``top`` with the most of its direct reports that fit (each a marker when it has reports of
    its own); the other reports continue on a page of their own under a copy of ``top``."""
    kids = list(children(top))

    def attempt(n: int):
        shown = kids[:n]
        cut: list[tuple[Box, str]] = []
        root = _subtree(top, lambda item: shown if item == top else children(item), size, 2, cut)
        width, height = layout(root, m)
        return width <= avail_w + 1e-6 and height <= avail_h + 1e-6, (root, width, height, cut)

    lo, hi = 1, len(kids) - 1  # the largest n that fits, by bisection (fitting shrinks as n grows)
    best = attempt(1)[1]
    while lo <= hi:
        mid = (lo + hi) // 2
        ok, result = attempt(mid)
        if ok:
            best, lo = result, mid + 1
        else:
            hi = mid - 1
    root, width, height, cut = best
    shown = len(root.children)
    page = _finish(root, width, height, parent, cut, children, reserve)
    page.next_page = reserve(kids[shown:], top)
    return page


def _finish(root, width, height, parent, cut, children, reserve) -> Page:
    for box, item in cut:
        box.target = reserve(list(children(item)), item)
    return Page(root, width, height, None, continues=parent)


def _box(item: str, kind: str, size) -> Box:
    w, h = size(item)
    return Box(f"{kind}:{item}", kind, item, w, h)


def _build(tops, parent, children, size, depth, cut, expanded=frozenset()) -> Box:
    """``tops`` and ``depth`` - 1 levels below them; boxes whose reports are cut off go in ``cut``."""
    if parent is not None:
        root = _box(parent, "cont", size)
    elif len(tops) == 1:
        return _subtree(tops[0], children, size, depth, cut, expanded)
    else:
        root = Box("root", "root", None, 0.0, 0.0)
    for top in tops:
        root.children.append(_subtree(top, children, size, depth, cut, expanded))
    return root


def _subtree(top, children, size, depth, cut, expanded=frozenset()) -> Box:
    """Depth-first, in order, so cut-off subtrees are numbered in reading order."""
    root = _box(top, "role", size)
    stack = [(root, top, 1)]
    while stack:
        box, item, level = stack.pop()
        kids = list(children(item))
        if not kids:
            continue
        if level >= depth and item not in expanded:
            cut.append((box, item))
            continue
        boxes = [_box(kid, "role", size) for kid in kids]
        box.children.extend(boxes)
        stack.extend((child, kid, level + 1) for child, kid in reversed(list(zip(boxes, kids))))
    return root
