"""Tidy tree layout and the split of a large chart into slide-sized pages. Pure geometry, no pptx.

Layout is Reingold-Tilford style: each subtree is laid out once, children are placed left to
right as close as their contours (left/right extent per level) allow, and a parent is centred
over its first and last child. Merging contours costs the depth of the shallower one, so a
page costs O(boxes x depth). Leaves of a parent with many of them are stacked in two columns
either side of a vertical spine (the usual org-chart way); a team too tall for that is laid out
in rows inside a frame that one line joins to the manager, so a span of 20 or 200 stays readable.

Pages: a page shows a root and as many levels below it as fit; a subtree cut off is drawn as
a marker that links to the page where that subtree starts (and which links back). Small cut-off
teams that follow each other share a page; a manager whose reports do not fit is shown with as
many as do, the rest continuing on the next page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

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
    children: list[Box] = field(default_factory=list)
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
    max_cols: int = 6  # boxes side by side in a grid (a forest of single boxes, a very wide team)
    max_stack_rows: int = 1 << 30  # stacked leaves taller than this many rows become a grid instead
    frame_pad: float = 0.14  # around a team grid's frame


# -- layout -------------------------------------------------------------------------------------


def layout(root: Box, m: Metrics) -> tuple[float, float]:
    """Position every box (root at y=0, leftmost extent at x=0); returns (width, height)."""
    offsets: dict[int, float] = {}
    _contour(root, m, offsets)
    _place(root, 0.0, 0.0, m, offsets)
    boxes = [b for b in root.walk() if b.kind != "root"]
    extents = [(b.x, b.y, b.w, b.h) for b in boxes] + [frame(b, m) for b in boxes if b.grid]
    left = min(x for x, _, _, _ in extents)
    top = min(y for _, y, _, _ in extents)
    for b in root.walk():
        b.x -= left
        b.y -= top
    return max(x + w for x, _, w, _ in extents) - left, max(y + h for _, y, _, h in extents) - top


def frame(box: Box, m: Metrics) -> tuple[float, float, float, float]:
    """(x, y, w, h) of the frame around a team laid out in rows under ``box``."""
    kids = box.children
    x0, y0 = min(c.x for c in kids), min(c.y for c in kids)
    x1, y1 = max(c.x + c.w for c in kids), max(c.y + c.h for c in kids)
    pad = m.frame_pad
    return x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad


def _stack(box: Box, m: Metrics) -> None:
    leaves = box.children
    all_leaves = all(not c.children for c in leaves)
    box.stacked = len(leaves) >= STACK_FROM and box.kind != "root" and all_leaves
    box.grid = box.kind == "root" and all_leaves and len(leaves) > m.max_cols
    if box.stacked and (len(leaves) + 1) // 2 > m.max_stack_rows:  # too tall for two columns: rows
        box.stacked, box.grid = False, True
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
        cols = min(m.max_cols, len(box.children))
        rows = -(-len(box.children) // cols)
        half = (cols * m.box_w + (cols - 1) * m.h_gap) / 2
        for i, child in enumerate(box.children):
            offsets[id(child)] = -half + m.box_w / 2 + (i % cols) * (m.box_w + m.h_gap)
        if box.kind == "root":
            return [(0.0, 0.0)] + [(-half, half)] * rows
        # a team in rows, inside a frame (its padding, and the frame's own drop below the manager)
        framed = (-half - m.frame_pad, half + m.frame_pad)
        return [own, *([framed] * rows), framed]
    merged, positions = _side_by_side([_contour(child, m, offsets) for child in box.children], m.h_gap)
    centre = (positions[0] + positions[-1]) / 2
    for child, pos in zip(box.children, positions):
        offsets[id(child)] = pos - centre
    if box.kind == "root":  # an invisible forest root takes no room
        return [(0.0, 0.0)] + [(lo - centre, hi - centre) for lo, hi in merged]
    return [own] + [(lo - centre, hi - centre) for lo, hi in merged]


def _side_by_side(contours: list[list[tuple[float, float]]], h_gap: float):
    """Subtrees' contours placed left to right as close as ``h_gap`` allows at every level:
    (the merged contour, each subtree's offset from the first)."""
    merged: list[tuple[float, float]] = list(contours[0])
    positions = [0.0]
    for contour in contours[1:]:
        shift = max([a[1] + h_gap - b[0] for a, b in zip(merged, contour)])
        positions.append(shift)
        common = len(merged)
        for i, (lo, hi) in enumerate(contour):
            lo, hi = lo + shift, hi + shift
            if i < common:
                left, right = merged[i]
                merged[i] = (left if left <= lo else lo, hi if hi > right else right)  # min() and max()
            else:
                merged.append((lo, hi))
    return merged, positions


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
            if node.kind != "root":
                child_top += m.frame_pad
            for i, child in enumerate(node.children):
                row = i // m.max_cols
                stack.append((child, centre + offsets[id(child)], child_top + row * (m.box_h + m.v_gap)))
        else:
            for child in node.children:
                stack.append((child, centre + offsets[id(child)], child_top))


# -- measuring without drawing ------------------------------------------------------------------


class Measure:
    """The width and height ``layout`` would give the drawing ``_build`` would make, without
    making it: a page's trial layouts (how deep, which cut-off boxes opened up, which small teams
    share) differ in a box or two, so the contour of every subtree no opened-up box lies in is
    worked out once per (item, levels below it) and metrics and then only looked up.

    The contours are ``_contour``'s, merged the same way; the height follows ``_place``'s rows.
    The figures can differ from ``layout``'s in the last bits of a float (summed in another order),
    far below the 1e-6 that fitting allows; a page keeps ``layout``'s own figures."""

    LIMIT = 400_000  # contours kept at most (then forgotten): a 100,000-person chart's stay small

    def __init__(self, children, size, levels) -> None:
        """``children(item)``: its reports; ``size(item, metrics)``: its box's (width, height);
        ``levels(item)``: its subtree's levels (1: no reports), or more (any upper bound)."""
        self.children, self.box, self.levels = children, size, levels
        self.memo: dict[tuple[str, int, int], tuple[list[tuple[float, float]], float]] = {}
        self.groups: dict[tuple, tuple[list[tuple[float, float]], float]] = {}
        self._alive: dict[int, Metrics] = {}
        self.parent: dict[str, str] = {}
        self.expanded: frozenset[str] = frozenset()
        self.dirty: set[str] = set()  # the opened-up boxes and everything above them

    def open_up(self, expanded) -> None:
        self.expanded = frozenset(expanded)
        dirty: set[str] = set()
        for item in self.expanded:
            above: str | None = item
            while above is not None and above not in dirty:
                dirty.add(above)
                above = self.parent.get(above)
        self.dirty = dirty

    def group(self, parent: str | None, tops, depth: int, m: Metrics):
        """Contour and height of ``_build(tops, parent, ..., depth, ...)`` with ``m``."""
        self._alive.setdefault(id(m), m)  # kept, so that no other metrics take its id in the keys
        if parent is None and len(tops) == 1:
            return self._contour(tops[0], depth, m)
        key = (parent, tuple(tops), depth, id(m))  # a team under its manager's copy, as packed
        if not self.dirty and key in self.groups:
            return self.groups[key]
        result = self._merge(parent, tops, [self._contour(top, depth, m) for top in tops], m)
        if not self.dirty:
            if len(self.groups) >= self.LIMIT:
                self.groups.clear()
            self.groups[key] = result
        return result

    def extent(self, tops, m: Metrics) -> tuple[float, float]:
        """(width, height) ``layout`` gives the whole forest under ``tops`` (every level drawn)."""
        return self.size([(None, tops)], 1 << 20, m)

    def size(self, groups: list[Group], depth: int, m: Metrics) -> tuple[float, float]:
        """(width, height) of the drawing of ``groups`` (side by side when several, as
        ``_Paginator._forest`` draws them; one is ``_build``'s drawing) with ``depth`` levels."""
        if len(groups) == 1:
            contour, height = self.group(*groups[0], depth, m)
        else:
            kids = [self.group(parent, tops, depth, m) for parent, tops in groups]
            contour, height = self._merge(None, groups, kids, m)
        return max(hi for _, hi in contour) - min(lo for lo, _ in contour), height

    def cut(self, tops, depth: int) -> list[str]:
        """The items whose reports ``_build`` would cut off, in its (reading) order: the boxes
        that can be opened up (``open_up`` finds what lies above them from here)."""
        found: list[str] = []
        expanded, children, parent = self.expanded, self.children, self.parent
        for top in tops:
            stack = [(top, 1)]
            while stack:
                item, level = stack.pop()
                kids = children(item)
                if not kids:
                    continue
                if level >= depth and item not in expanded:
                    found.append(item)
                    continue
                for kid in kids:
                    parent[kid] = item
                stack.extend((kid, level + 1) for kid in reversed(kids))
        return found

    def _contour(self, item: str, depth: int, m: Metrics) -> tuple[list[tuple[float, float]], float]:
        """``item``'s contour and height with ``depth`` levels (itself the first) drawn."""
        clean = item not in self.dirty
        if clean:  # more levels than the team has, or fewer than one, draw the same
            key = (item, max(1, min(depth, self.levels(item))), id(m))
            if key in self.memo:
                return self.memo[key]
        kids = self.children(item)
        if kids and (depth > 1 or item in self.expanded):
            for kid in kids:
                self.parent[kid] = item
            result = self._merge(item, kids, [self._contour(kid, depth - 1, m) for kid in kids], m)
        else:
            w, h = self.box(item, m)
            result = [(-w / 2, w / 2)], h
        if clean:
            if len(self.memo) >= self.LIMIT:
                self.memo.clear()
            self.memo[key] = result
        return result

    def _merge(self, item: str | None, kids, contours, m: Metrics) -> tuple[list[tuple[float, float]], float]:
        """The contour and height of ``item`` (None: an invisible forest root) over its drawn
        reports ``kids``, whose contours and heights are ``contours``: ``_contour`` and ``_place``."""
        leaves = all(len(c) == 1 for c, _ in contours)
        n = len(kids)
        if item is None:
            if leaves and n > m.max_cols:  # a forest of single boxes in rows
                cols = m.max_cols
                half = (cols * m.box_w + (cols - 1) * m.h_gap) / 2
                rows = -(-n // cols)
                return [(0.0, 0.0)] + [(-half, half)] * rows, ((n - 1) // cols) * (m.box_h + m.v_gap) + m.box_h
            own: tuple[float, float] = (0.0, 0.0)
            below = 0.0
        else:
            w, h = self.box(item, m)
            own, below = (-w / 2, w / 2), h + m.v_gap
            if leaves and n >= STACK_FROM:
                rows = (n + 1) // 2
                if rows <= m.max_stack_rows:  # two columns either side of a spine
                    widths = [c[0][1] - c[0][0] for c, _ in contours]
                    half = m.spine_gap + max(widths)
                    height = rows * m.box_h + (rows - 1) * m.stack_gap
                    levels = max(1, int(-(-(height + m.v_gap) // (m.box_h + m.v_gap))))
                    last = max(hk for _, hk in contours)
                    return [own] + [(-half, half)] * levels, below + ((n - 1) // 2) * (m.box_h + m.stack_gap) + last
                cols = min(m.max_cols, n)  # too tall for two columns: in rows, inside a frame
                half = (cols * m.box_w + (cols - 1) * m.h_gap) / 2
                framed = (-half - m.frame_pad, half + m.frame_pad)
                rows = -(-n // cols)
                bottom = below + m.frame_pad + ((n - 1) // cols) * (m.box_h + m.v_gap) + m.box_h + m.frame_pad
                return [own, *([framed] * rows), framed], bottom
        merged, positions = _side_by_side([c for c, _ in contours], m.h_gap)
        centre = (positions[0] + positions[-1]) / 2
        height = below + max(hk for _, hk in contours)
        return [own] + [(lo - centre, hi - centre) for lo, hi in merged], height


# -- pages --------------------------------------------------------------------------------------


@dataclass
class Page:
    """One slide's chart: ``root`` is a role box, a 'cont' box (a manager repeated above the
    reports continued here) or an invisible forest root."""

    root: Box
    width: float
    height: float
    parent_page: int | None
    next_page: int | None = None  # where the rest of those reports continue, when they did not fit
    metrics: Metrics | None = None  # what it was laid out with (a team frame's padding)


#: a (manager, reports) pair: the reports drawn under a 'cont' copy of the manager; manager None
#: for the roots of the chart
Group = tuple["str | None", list[str]]
FULL_DEPTH = 12  # levels tried first on a page
SMALL = 120  # a subtree with more boxes than this never fits a slide whole: not worth a trial


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
    page where they continue, under a 'cont' copy of the box. Small cut-off teams that follow each
    other share one page (side by side, each under its manager's copy), so that a wide span of
    managers with a report or two does not turn into a slide apiece."""
    return _Paginator(children, size, m, avail_w, avail_h).run([(None, list(roots))])


class _Paginator:
    def __init__(self, children, size, m: Metrics, avail_w: float, avail_h: float):
        self.children, self.size, self.m = children, size, m
        self.tight = replace(m, h_gap=max(0.06, m.h_gap / 2))
        self.avail_w, self.avail_h = avail_w, avail_h
        self.queue: list[tuple[list[Group], int | None]] = []
        self.current = 0  # the page being made: the parent of what it reserves
        self._memo: dict[tuple[str, int], float] = {}  # _tall's
        self._level_memo: dict[str, int] = {}  # _levels'
        self.measure = Measure(children, lambda item, _m: size(item), self._levels)

    def run(self, first: list[Group]) -> list[Page]:
        pages: list[Page] = []
        self.queue = [(first, None)]
        while len(pages) < len(self.queue):
            groups, parent_page = self.queue[len(pages)]
            self.current = len(pages)
            page = self._fit_page(*groups[0]) if len(groups) == 1 else self._packed_page(groups)
            page.parent_page, page.metrics = parent_page, self.m
            pages.append(page)
        return pages

    def _levels(self, item: str) -> int:
        """Levels of ``item``'s subtree (1: no reports), at most FULL_DEPTH."""
        memo = self._level_memo
        if item in memo:
            return memo[item]
        order, stack = [], [item]  # iterative: a chain of reports can be long
        while stack:
            node = stack.pop()
            order.append(node)
            stack.extend(kid for kid in self.children(node) if kid not in memo)
        for node in reversed(order):  # every report is worked out before its manager
            memo[node] = min(FULL_DEPTH, 1 + max((memo[kid] for kid in self.children(node)), default=0))
        return memo[item]

    def _tall(self, item: str, depth: int) -> float:
        """The height of the longest line of reports below ``item`` (``depth`` levels at most):
        no layout of that subtree is less tall."""
        memo = self._memo
        key = (item, min(depth, self._levels(item)))  # more levels than the team has: the same line
        if key in memo:
            return memo[key]
        order, stack = [], [key]
        while stack:
            node, d = stack.pop()
            order.append((node, d))
            if d > 1:
                for kid in self.children(node):
                    kid_key = (kid, min(d - 1, self._levels(kid)))
                    if kid_key not in memo:
                        stack.append(kid_key)
        for node, d in reversed(order):  # every report is worked out before its manager
            own = self.size(node)[1]
            if d > 1 and self.children(node):
                below = max(memo[(kid, min(d - 1, self._levels(kid)))] for kid in self.children(node))
                memo[(node, d)] = own + self.m.v_gap + below
            else:
                memo[(node, d)] = own
        return memo[key]

    def reserve(self, groups: list[Group]) -> int:
        self.queue.append((groups, self.current))
        return len(self.queue) - 1

    def _fits(self, groups: list[Group], depth: int, expanded=()) -> bool:
        """``fits`` for the drawing ``_forest`` (or ``_build``, for one group) would make, measured
        without making it."""
        self.measure.open_up(expanded)
        return self._fitting(lambda m: self.measure.size(groups, depth, m))[0]

    def fits(self, root: Box) -> tuple[bool, float, float]:
        """Lay ``root`` out, and whether it fits (``_fitting``)."""
        return self._fitting(lambda m: layout(root, m))

    def _fitting(self, size: Callable[[Metrics], tuple[float, float]]) -> tuple[bool, float, float]:
        """Whether a drawing of ``size(metrics)`` fits the slide: one a little too wide gets a second
        try with half the gaps between siblings (a chart on one slide reads better than one box
        more on the next)."""
        width, height = size(self.m)
        if width > self.avail_w + 1e-6 and height <= self.avail_h + 1e-6:
            width, height = size(self.tight)
        return width <= self.avail_w + 1e-6 and height <= self.avail_h + 1e-6, width, height

    # -- one group: the deepest drawing that fits ---------------------------------------------
    def _fit_page(self, parent: str | None, tops: list[str]) -> Page:
        def attempt(depth: int, expanded: set[str]) -> tuple[bool, tuple[Box, float, float, list[tuple[Box, str]]]]:
            cut: list[tuple[Box, str]] = []
            root = _build(tops, parent, self.children, self.size, depth, cut, expanded)
            ok, width, height = self.fits(root)
            return ok, (root, width, height, cut)

        # deeper than the deepest team is the same drawing; taller than the slide along one line
        # of reports cannot fit, whatever the layout does across: neither is drawn to be tried
        deepest = max(self._levels(top) for top in tops)
        above = self.size(parent)[1] + self.m.v_gap if parent is not None else 0.0
        for depth in range(min(FULL_DEPTH, deepest), 0, -1):
            if above + max(self._tall(top, depth) for top in tops) > self.avail_h + 1e-6:
                continue
            if not self._fits([(parent, tops)], depth):
                continue
            if depth == 1 and len(tops) == 1 and self.children(tops[0]):
                break  # a lone box pointing elsewhere says nothing: show it with as many reports as fit
            # open up, one by one, the cut-off boxes whose next level still fits (widest use of the slide)
            expanded: set[str] = set()
            for _ in range(3):
                changed = False
                self.measure.open_up(expanded)
                for item in self.measure.cut(tops, depth):
                    trial = expanded | {item}
                    if self._fits([(parent, tops)], depth, trial):
                        expanded, changed = trial, True
                if not changed:
                    break
            _, (root, width, height, cut) = attempt(depth, expanded)
            return self._finish(root, width, height, cut)
        if len(tops) == 1 and self.children(tops[0]):
            return self._split_reports(tops[0], parent)
        # even the tops alone do not fit: as many as fit here, the rest on a continuation page
        (root, width, height, cut), shown = self._most_that_fit(
            len(tops), lambda n, cut: _build(tops[:n], parent, self.children, self.size, 1, cut)
        )
        page = self._finish(root, width, height, cut)
        page.next_page = self.reserve([(parent, list(tops[shown:]))])
        return page

    def _split_reports(self, top: str, parent: str | None) -> Page:
        """``top`` with the most of its direct reports that fit (each a marker when it has reports of
        its own); the other reports continue on a page of their own under a copy of ``top``."""
        kids = list(self.children(top))
        (root, width, height, cut), shown = self._most_that_fit(
            len(kids),
            lambda n, cut: _subtree(
                top, lambda item: kids[:n] if item == top else self.children(item), self.size, 2, cut
            ),
        )
        page = self._finish(root, width, height, cut)
        page.next_page = self.reserve([(top, kids[shown:])])
        return page

    def _most_that_fit(self, total: int, build) -> tuple[tuple, int]:
        """The drawing ``build(n, cut)`` for the largest ``n`` < ``total`` that fits (at least 1),
        by bisection: fitting only gets harder as ``n`` grows."""

        def attempt(n: int):
            cut: list[tuple[Box, str]] = []
            root = build(n, cut)
            ok, width, height = self.fits(root)
            return ok, (root, width, height, cut)

        lo, hi = 2, total - 1
        best, shown = attempt(1)[1], 1
        while lo <= hi:
            mid = (lo + hi) // 2
            ok, result = attempt(mid)
            if ok:
                best, shown, lo = result, mid, mid + 1
            else:
                hi = mid - 1
        return best, shown

    # -- several small groups side by side ------------------------------------------------------
    def _forest(self, groups: list[Group]) -> tuple[Box, list[tuple[Box, str]]]:
        root = Box("root", "root", None, 0.0, 0.0)
        cut: list[tuple[Box, str]] = []
        for parent, tops in groups:
            root.children.append(_build(tops, parent, self.children, self.size, FULL_DEPTH, cut))
        return root, cut

    def _packed_page(self, groups: list[Group]) -> Page:
        root, cut = self._forest(groups)
        _, width, height = self.fits(root)
        return self._finish(root, width, height, cut)

    def _whole(self, item: str) -> bool:
        """Whether ``item``'s reports, all of them, fit on one page under its copy."""
        count, stack = 0, list(self.children(item))
        while stack:
            count += 1
            if count > SMALL:
                return False
            stack.extend(self.children(stack.pop()))
        group: list[Group] = [(item, list(self.children(item)))]
        self.measure.open_up(())
        return not self.measure.cut(group[0][1], FULL_DEPTH) and self._fits(group, FULL_DEPTH)

    def _finish(self, root: Box, width: float, height: float, cut: list[tuple[Box, str]]) -> Page:
        """Reserve pages for the cut-off teams, in reading order; consecutive small ones share."""
        pack: list[tuple[Box, str]] = []

        def flush() -> None:
            if pack:
                target = self.reserve([(item, list(self.children(item))) for _, item in pack])
                for box, _ in pack:
                    box.target = target
                pack.clear()

        for box, item in cut:
            if not self._whole(item):
                flush()
                box.target = self.reserve([(item, list(self.children(item)))])
                continue
            # every team packed is whole (nothing of it cut off), so together they only need to fit
            if pack and not self._fits([(i, list(self.children(i))) for _, i in pack + [(box, item)]], FULL_DEPTH):
                flush()
            pack.append((box, item))
        flush()
        return Page(root, width, height, None)


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
