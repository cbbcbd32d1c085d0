"""Routes for dotted reporting lines: an elbow (down or up, across, up or down) between two boxes
that crosses no other box. Pure geometry in inches, no pptx.

A route leaves its first box at the top or bottom centre, runs across in a free channel (a
height where nothing stands between the two ends) and enters the second box at its top or
bottom centre; of the routes that cross nothing the shortest is taken. When none exists the
caller marks both ends instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1
CLEAR = 0.05  # how far a route keeps from any box it passes


@dataclass(frozen=True)
class Route:
    begin_site: int  # 0 top, 2 bottom of the first box
    end_site: int  # of the second box
    channel: float  # the height of the part across
    points: tuple[tuple[float, float], ...]  # the four corners, first box to second

    @property
    def level(self) -> bool:
        """Both ends at one height (a U): no connector can bend so; drawn as a line of its own."""
        return abs(self.points[0][1] - self.points[-1][1]) < 0.05

    @property
    def length(self) -> float:
        return sum(abs(a[0] - b[0]) + abs(a[1] - b[1]) for a, b in zip(self.points, self.points[1:]))


def _site(rect: Rect, site: int) -> tuple[float, float]:
    x0, y0, x1, y1 = rect
    return ((x0 + x1) / 2, y0 if site == 0 else y1)


def _hits(a: tuple[float, float], b: tuple[float, float], rect: Rect, clear: float) -> bool:
    """Whether the axis-aligned segment a-b passes through ``rect`` grown by ``clear``."""
    x0, y0, x1, y1 = rect[0] - clear, rect[1] - clear, rect[2] + clear, rect[3] + clear
    lo_x, hi_x = min(a[0], b[0]), max(a[0], b[0])
    lo_y, hi_y = min(a[1], b[1]), max(a[1], b[1])
    return lo_x < x1 and hi_x > x0 and lo_y < y1 and hi_y > y0


def route(first: Rect, second: Rect, obstacles: Sequence[Rect], *, clear: float = CLEAR) -> Route | None:
    """The shortest elbow from ``first`` to ``second`` crossing none of ``obstacles`` (nor the two
    boxes themselves), or None."""
    edges = sorted({y for r in obstacles for y in (r[1], r[3])} | {first[1], first[3], second[1], second[3]})
    candidates = set()
    for lo, hi in zip(edges, edges[1:]):
        if hi - lo > 2 * clear + 0.02:
            candidates.add(round((lo + hi) / 2, 4))
    best: Route | None = None
    everything = [*obstacles, first, second]
    for begin_site in (2, 0):
        for end_site in (0, 2):
            a = _site(first, begin_site)
            d = _site(second, end_site)
            for y in candidates:
                if (y > a[1]) != (begin_site == 2) or (y < d[1]) != (end_site == 0):
                    continue  # each end leaves its box outwards
                b, c = (a[0], y), (d[0], y)
                segments = ((a, b, first), (b, c, None), (c, d, second))
                ok = True
                for p, q, own in segments:
                    for rect in everything:
                        if rect is own:
                            continue
                        if _hits(p, q, rect, clear):
                            ok = False
                            break
                    if not ok:
                        break
                if ok:
                    found = Route(begin_site, end_site, y, (a, b, c, d))
                    if best is None or (found.length, found.channel) < (best.length, best.channel):
                        best = found
    return best
