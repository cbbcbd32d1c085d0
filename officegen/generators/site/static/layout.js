/* officegen: the chart's tidy-tree layout, a line-by-line port of
   officegen/generators/deck/layout.py's layout() and frame() (one geometry for the deck and
   the page; tests/test_site.py checks that both place every box at the same point).
   A box: {kind: 'role'|'root', w, h, children: [box]}; layout() sets x, y (top-left), stacked,
   grid and side on every box and returns [width, height]. */
const OfficegenLayout = (function () {
  'use strict';

  // Python's float floor division (CPython float_floor_div), so that rounding matches exactly.
  function floordiv(vx, wx) {
    let mod = vx % wx;
    let div = (vx - mod) / wx;
    if (mod) {
      if ((wx < 0) !== (mod < 0)) { mod += wx; div -= 1.0; }
    }
    if (div) {
      let fl = Math.floor(div);
      if (div - fl > 0.5) fl += 1.0;
      return fl;
    }
    return 0 * (vx / wx);
  }

  function stack(box, m) {
    const leaves = box.children;
    let allLeaves = true;
    for (const c of leaves) { if (c.children.length) { allLeaves = false; break; } }
    box.stacked = leaves.length >= m.stack_from && box.kind !== 'root' && allLeaves;
    box.grid = box.kind === 'root' && allLeaves && leaves.length > m.max_cols;
    if (box.stacked && Math.floor((leaves.length + 1) / 2) > m.max_stack_rows) {
      box.stacked = false; box.grid = true;
    }
    if (box.stacked) {
      for (let i = 0; i < leaves.length; i++) leaves[i].side = i % 2 === 0 ? -1 : 1;
    }
  }

  // Left/right extents per level of a box's subtree, relative to its centre (Python's _contour);
  // children's contours are ready in box.children[i].contour (post-order).
  function contour(box, m) {
    const own = [-box.w / 2, box.w / 2];
    const kids = box.children;
    if (!kids.length) return [own];
    if (box.stacked) {
      const rows = Math.floor((kids.length + 1) / 2);
      const height = rows * m.box_h + (rows - 1) * m.stack_gap;
      let widest = -Infinity;
      for (const c of kids) widest = Math.max(widest, c.w);
      const half = m.spine_gap + widest;
      const levels = Math.max(1, Math.trunc(-floordiv(-(height + m.v_gap), m.box_h + m.v_gap)));
      for (const c of kids) c.off = c.side * (m.spine_gap + c.w / 2);
      const out = [own];
      for (let i = 0; i < levels; i++) out.push([-half, half]);
      return out;
    }
    if (box.grid) {
      const cols = Math.min(m.max_cols, kids.length);
      const rows = Math.ceil(kids.length / cols);
      const half = (cols * m.box_w + (cols - 1) * m.h_gap) / 2;
      for (let i = 0; i < kids.length; i++) kids[i].off = -half + m.box_w / 2 + (i % cols) * (m.box_w + m.h_gap);
      if (box.kind === 'root') {
        const out = [[0.0, 0.0]];
        for (let i = 0; i < rows; i++) out.push([-half, half]);
        return out;
      }
      const framed = [-half - m.frame_pad, half + m.frame_pad];
      const out = [own];
      for (let i = 0; i < rows; i++) out.push(framed);
      out.push(framed);
      return out;
    }
    const merged = kids[0].contour.slice();
    const positions = [0.0];
    for (let k = 1; k < kids.length; k++) {
      const c = kids[k].contour;
      const n = Math.min(merged.length, c.length);
      let shift = -Infinity;
      for (let i = 0; i < n; i++) shift = Math.max(shift, merged[i][1] + m.h_gap - c[i][0]);
      positions.push(shift);
      for (let i = 0; i < c.length; i++) {
        const lo = c[i][0], hi = c[i][1];
        if (i < merged.length) merged[i] = [Math.min(merged[i][0], lo + shift), Math.max(merged[i][1], hi + shift)];
        else merged.push([lo + shift, hi + shift]);
      }
    }
    const centre = (positions[0] + positions[positions.length - 1]) / 2;
    for (let k = 0; k < kids.length; k++) kids[k].off = positions[k] - centre;
    const out = [box.kind === 'root' ? [0.0, 0.0] : own];
    for (const [lo, hi] of merged) out.push([lo - centre, hi - centre]);
    return out;
  }

  function place(root, m) {
    const todo = [[root, 0.0, 0.0]];
    while (todo.length) {
      const [node, centre, top] = todo.pop();
      node.x = centre - node.w / 2; node.y = top;
      let childTop = node.kind === 'root' ? top : top + node.h + m.v_gap;
      const kids = node.children;
      if (node.stacked) {
        for (let i = 0; i < kids.length; i++) {
          const row = Math.floor(i / 2);
          todo.push([kids[i], centre + kids[i].off, childTop + row * (m.box_h + m.stack_gap)]);
        }
      } else if (node.grid) {
        if (node.kind !== 'root') childTop += m.frame_pad;
        for (let i = 0; i < kids.length; i++) {
          const row = Math.floor(i / m.max_cols);
          todo.push([kids[i], centre + kids[i].off, childTop + row * (m.box_h + m.v_gap)]);
        }
      } else {
        for (const kid of kids) todo.push([kid, centre + kid.off, childTop]);
      }
    }
  }

  function frame(box, m) {
    const kids = box.children;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const c of kids) {
      x0 = Math.min(x0, c.x); y0 = Math.min(y0, c.y);
      x1 = Math.max(x1, c.x + c.w); y1 = Math.max(y1, c.y + c.h);
    }
    const pad = m.frame_pad;
    return [x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad];
  }

  function walk(root) {
    const out = [], todo = [root];
    while (todo.length) {
      const b = todo.pop();
      out.push(b);
      for (let i = b.children.length - 1; i >= 0; i--) todo.push(b.children[i]);
    }
    return out;
  }

  function layout(root, m) {
    const order = walk(root);  // pre-order: every box before its children
    for (const b of order) b.side = 0;
    for (const b of order) stack(b, m);
    for (let k = order.length - 1; k >= 0; k--) {
      const b = order[k];
      b.contour = contour(b, m);
      for (const c of b.children) c.contour = null;
    }
    root.contour = null;
    place(root, m);
    let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
    const extend = (x, y, w, h) => {
      left = Math.min(left, x); top = Math.min(top, y);
      right = Math.max(right, x + w); bottom = Math.max(bottom, y + h);
    };
    for (const b of order) {
      if (b.kind === 'root') continue;
      extend(b.x, b.y, b.w, b.h);
      if (b.grid) { const f = frame(b, m); extend(f[0], f[1], f[2], f[3]); }
    }
    for (const b of order) { b.x -= left; b.y -= top; }
    return [right - left, bottom - top];
  }

  return { layout: layout, frame: frame, walk: walk };
})();
