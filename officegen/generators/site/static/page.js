/* officegen site: the page. Reads the JSON block, lays the chart out with OfficegenLayout and
   draws only the boxes near the visible part of it. All text from the definition is put on the
   page with textContent (never as markup); no handler is built from it. */
(function () {
  'use strict';
  const DATA = JSON.parse(document.getElementById('officegen-data').textContent);
  const L = DATA.labels, M = DATA.metrics, S = M.scale;
  const ROLES = DATA.roles, DEPTS = DATA.departments, ACTS = DATA.activities;
  const N = ROLES.length;
  const PAD = M.pad;              // px around the chart
  const BW = M.box_w * S, BH = M.box_h * S;
  const SCHEME = DATA.letters.split('');   // e.g. R A C I, the matrix's order
  const MAX_HITS = 50;

  // -- the model, derived once ------------------------------------------------------------
  const kids = Array.from({ length: N }, () => []);
  const roots = [];
  ROLES.forEach((r, i) => { if (r.manager >= 0) kids[r.manager].push(i); else roots.push(i); });
  const depth = new Int32Array(N), below = new Int32Array(N);
  const preorder = [];
  (function () {
    const todo = roots.slice().reverse();
    while (todo.length) {
      const i = todo.pop();
      preorder.push(i);
      for (let k = kids[i].length - 1; k >= 0; k--) { depth[kids[i][k]] = depth[i] + 1; todo.push(kids[i][k]); }
    }
    for (let k = preorder.length - 1; k >= 0; k--) {
      const i = preorder[k];
      for (const c of kids[i]) below[i] += 1 + below[c];
    }
  })();
  const byDept = Array.from({ length: DEPTS.length }, () => []);
  ROLES.forEach((r, i) => byDept[r.dept].push(i));
  const dottedFrom = Array.from({ length: N }, () => []);
  ROLES.forEach((r, i) => (r.dotted || []).forEach(t => dottedFrom[t].push(i)));
  let raciOf = null;  // role -> [[activity, letters]], made when first needed
  function raciIndex() {
    if (!raciOf) {
      raciOf = Array.from({ length: N }, () => []);
      ACTS.forEach((a, k) => { for (const [i, letters] of a.raci) raciOf[i].push([k, letters]); });
    }
    return raciOf;
  }

  // -- state -------------------------------------------------------------------------------
  const open = new Uint8Array(N);
  for (let i = 0; i < N; i++) open[i] = depth[i] < DATA.open - 1 && kids[i].length ? 1 : 0;
  let tx = 0, ty = 0, k = 1;
  let selected = -1;
  let chain = new Set();                  // selected role and its managers up to the top
  let matches = new Set();                // roles matching the search
  let letters = new Map();                // role -> letters of the highlighted activity
  let activeAct = -1;

  // -- the page's skeleton -----------------------------------------------------------------
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function setChildren(parent, nodes) {  // replaceChildren, for browsers (WeChat's among them) before 2020
    parent.textContent = '';
    for (const n of nodes) parent.appendChild(n);
  }
  function plural(key, n) { return n === 1 && L[key + '_one'] ? L[key + '_one'] : L[key]; }
  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, (m, key) => (key in values ? String(values[key]) : m));
  }
  const SVGNS = 'http://www.w3.org/2000/svg';
  const body = document.body;
  const bar = el('header'); bar.id = 'bar';
  const h1 = el('h1', '', DATA.name + (DATA.department ? ' — ' + DATA.department : ''));
  h1.title = h1.textContent;
  const totals = el('div', '', fmt(plural(DATA.hasPeople ? 'totals' : 'totals_no_people', DATA.totals.roles), DATA.totals));
  totals.id = 'totals';
  const find = el('div'); find.id = 'find';
  const q = el('input'); q.id = 'q'; q.type = 'search'; q.placeholder = L.search; q.autocomplete = 'off';
  q.spellcheck = false; q.setAttribute('aria-label', L.search); q.setAttribute('role', 'combobox');
  q.setAttribute('aria-controls', 'results'); q.setAttribute('aria-expanded', 'false');
  const results = el('div'); results.id = 'results'; results.hidden = true; results.setAttribute('role', 'listbox');
  find.append(q, results);
  const tools = el('div', 'tools');
  function tool(name, text, title) {
    const b = el('button', '', text); b.type = 'button'; b.dataset.tool = name; b.title = title;
    b.setAttribute('aria-label', title); tools.append(b); return b;
  }
  tool('in', '+', L.zoom_in); tool('out', '−', L.zoom_out); tool('fit', '⤢', L.fit);
  tool('expand', L.expand_all, L.expand_all); tool('collapse', L.collapse_all, L.collapse_all);
  tool('print', L.print, L.print);
  bar.append(h1, totals, find, tools);
  const stage = el('div'); stage.id = 'stage';
  const view = el('div'); view.id = 'view'; view.tabIndex = 0;
  view.setAttribute('aria-label', L.chart);
  const world = el('div'); world.id = 'world';
  const wires = document.createElementNS(SVGNS, 'svg'); wires.id = 'wires';
  wires.setAttribute('aria-hidden', 'true');
  const boxLayer = el('div'); boxLayer.id = 'boxes';
  world.append(wires, boxLayer);
  view.append(world);
  const panel = el('aside'); panel.id = 'panel'; panel.hidden = true; panel.className = 'panel';
  panel.setAttribute('aria-live', 'polite');
  const legend = el('details'); legend.id = 'legend';
  const status = el('div'); status.id = 'status';
  stage.append(view, legend, status, panel);
  body.append(bar, stage);

  // -- layout ------------------------------------------------------------------------------
  let posX = new Float64Array(N), posY = new Float64Array(N);  // px, top-left; NaN when not shown
  let shown = [];            // roles on the chart, in reading order
  let groups = [];           // [parent, node] for every parent whose reports are shown
  let chartW = 0, chartH = 0;
  function relayout() {
    const nodes = new Map();
    const node = i => { const b = { kind: 'role', i: i, w: M.box_w, h: M.box_h, children: [] }; nodes.set(i, b); return b; };
    const tops = roots.map(node);
    const todo = tops.slice();
    while (todo.length) {
      const b = todo.pop();
      if (open[b.i]) for (const c of kids[b.i]) { const n = node(c); b.children.push(n); todo.push(n); }
    }
    const top = tops.length === 1 ? tops[0] : { kind: 'root', w: 0, h: 0, children: tops };
    const size = tops.length ? OfficegenLayout.layout(top, M) : [0, 0];
    posX.fill(NaN); posY.fill(NaN);
    shown = []; groups = [];
    for (const b of OfficegenLayout.walk(top)) {
      if (b.kind === 'root') continue;
      posX[b.i] = PAD + b.x * S; posY[b.i] = PAD + b.y * S;
      shown.push(b.i);
      if (b.children.length) groups.push(b);
    }
    chartW = size[0] * S + 2 * PAD; chartH = size[1] * S + 2 * PAD;
    world.style.width = chartW + 'px'; world.style.height = chartH + 'px';
    wires.setAttribute('width', chartW); wires.setAttribute('height', chartH);
    drawnRegion = null;
    status.textContent = fmt(L.shown, { shown: shown.length, total: N });
  }

  // -- drawing: only what is near the visible part -----------------------------------------
  const boxes = new Map();   // role -> element on the page
  let drawnRegion = null;    // [x0, y0, x1, y1] in world px that the drawn boxes cover
  function viewRect(margin) {
    const w = view.clientWidth, h = view.clientHeight;
    const mx = w * margin, my = h * margin;
    return [(-tx - mx) / k, (-ty - my) / k, (w - tx + mx) / k, (h - ty + my) / k];
  }
  function classesOf(i) {
    const r = ROLES[i];
    let c = 'box c' + DEPTS[r.dept].colour;
    if (r.context) c += ' ctx';
    else if (DATA.hasPeople && r.filled === 0) c += ' vacant dash';
    else if (DATA.hasPeople && r.filled < r.headcount) c += ' dash';
    if (i === selected) c += ' sel'; else if (chain.has(i)) c += ' chain';
    if (matches.has(i)) c += ' match';
    if (letters.size && !letters.has(i)) c += ' faded';
    return c;
  }
  function makeBox(i) {
    const r = ROLES[i];
    const b = el('div');
    b.dataset.id = r.id; b.dataset.i = i; b.tabIndex = 0; b.setAttribute('role', 'button');
    b.style.width = BW + 'px'; b.style.height = BH + 'px';
    const t = el('div', 't', r.title);
    b.title = r.title + (r.detail ? '\n' + r.detail : '');
    b.append(t);
    if (r.detail) b.append(el('div', 'd', r.detail));
    return b;
  }
  function updateBox(b, i) {
    b.className = classesOf(i);
    b.style.transform = 'translate(' + posX[i] + 'px,' + posY[i] + 'px)';
    let tg = b.querySelector('.tg');
    if (kids[i].length) {
      if (!tg) { tg = el('button', 'tg'); tg.type = 'button'; b.append(tg); }
      tg.textContent = open[i] ? '−' : '+' + below[i];
      tg.setAttribute('aria-expanded', open[i] ? 'true' : 'false');
      tg.title = open[i] ? L.collapse : fmt(plural('expand', below[i]), { n: below[i] });
      tg.setAttribute('aria-label', tg.title);
    } else if (tg) tg.remove();
    let badge = b.querySelector('.badge');
    const ls = letters.get(i);
    if (ls) {
      if (!badge) { badge = el('span', ''); b.append(badge); }
      badge.className = 'badge l' + ls[0];
      badge.textContent = ls;
    } else if (badge) badge.remove();
  }
  function draw(force) {
    world.style.transform = 'translate(' + tx + 'px,' + ty + 'px) scale(' + k + ')';
    view.classList.toggle('far', k < 0.35);
    const want = viewRect(0.15);
    if (!force && drawnRegion && want[0] >= drawnRegion[0] && want[1] >= drawnRegion[1] &&
        want[2] <= drawnRegion[2] && want[3] <= drawnRegion[3]) return;
    const region = printing ? [-Infinity, -Infinity, Infinity, Infinity] : viewRect(0.6);
    drawnRegion = region;
    const need = new Set();
    for (const i of shown) {
      const x = posX[i], y = posY[i];
      if (x + BW >= region[0] && x <= region[2] && y + BH + 12 >= region[1] && y <= region[3]) need.add(i);
    }
    for (const [i, b] of boxes) if (!need.has(i)) { b.remove(); boxes.delete(i); }
    const fresh = document.createDocumentFragment();
    for (const i of need) {
      let b = boxes.get(i);
      if (!b) { b = makeBox(i); boxes.set(i, b); fresh.append(b); }
      updateBox(b, i);
    }
    boxLayer.append(fresh);
    drawWires(region);
  }

  function drawWires(region) {
    const inR = (x0, y0, x1, y1) => x1 >= region[0] && x0 <= region[2] && y1 >= region[1] && y0 <= region[3];
    let d = '', hot = '', dots = '';
    const frames = [];
    const f = n => Math.round(n * 10) / 10;
    for (const g of groups) {
      const p = g.i;
      const px = posX[p] + BW / 2, pb = posY[p] + BH;
      const cs = g.children;
      let x0 = px, x1 = px, y1 = pb;
      for (const c of cs) {
        x0 = Math.min(x0, posX[c.i]); x1 = Math.max(x1, posX[c.i] + BW); y1 = Math.max(y1, posY[c.i] + BH);
      }
      if (!inR(x0, pb, x1, y1)) continue;
      const pHot = chain.has(p);
      if (g.stacked) {
        let last = pb;
        for (const c of cs) last = Math.max(last, posY[c.i] + BH / 2);
        d += 'M' + f(px) + ' ' + f(pb) + 'V' + f(last);
        for (const c of cs) {
          const cy = posY[c.i] + BH / 2;
          const edge = c.side < 0 ? posX[c.i] + BW : posX[c.i];
          d += 'M' + f(px) + ' ' + f(cy) + 'H' + f(edge);
          if (pHot && chain.has(c.i)) hot += 'M' + f(px) + ' ' + f(pb) + 'V' + f(cy) + 'H' + f(edge);
        }
      } else if (g.grid) {
        const fr = OfficegenLayout.frame(g, M);
        const fx = PAD + fr[0] * S, fy = PAD + fr[1] * S, fw = fr[2] * S, fh = fr[3] * S;
        frames.push([fx, fy, fw, fh]);
        const mid = (pb + fy) / 2, fcx = fx + fw / 2;
        const seg = 'M' + f(px) + ' ' + f(pb) + 'V' + f(mid) + 'H' + f(fcx) + 'V' + f(fy);
        d += seg;
        if (pHot && cs.some(c => chain.has(c.i))) hot += seg;
      } else {
        let top = Infinity;
        for (const c of cs) top = Math.min(top, posY[c.i]);
        const mid = (pb + top) / 2;
        let lo = px, hi = px;
        for (const c of cs) { const cx = posX[c.i] + BW / 2; lo = Math.min(lo, cx); hi = Math.max(hi, cx); }
        d += 'M' + f(px) + ' ' + f(pb) + 'V' + f(mid) + 'M' + f(lo) + ' ' + f(mid) + 'H' + f(hi);
        for (const c of cs) {
          const cx = posX[c.i] + BW / 2;
          d += 'M' + f(cx) + ' ' + f(mid) + 'V' + f(posY[c.i]);
          if (pHot && chain.has(c.i)) hot += 'M' + f(px) + ' ' + f(pb) + 'V' + f(mid) + 'H' + f(cx) + 'V' + f(posY[c.i]);
        }
      }
    }
    for (const i of shown) {
      const targets = ROLES[i].dotted;
      if (!targets) continue;
      for (const t of targets) {
        if (Number.isNaN(posX[t])) continue;
        const right = posX[t] > posX[i];
        const ax = right ? posX[i] + BW : posX[i], ay = posY[i] + BH / 2;
        const bx = right ? posX[t] : posX[t] + BW, by = posY[t] + BH / 2;
        if (!inR(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by))) continue;
        dots += 'M' + f(ax) + ' ' + f(ay) + 'L' + f(bx) + ' ' + f(by);
      }
    }
    const parts = [];
    for (const [fx, fy, fw, fh] of frames) {
      const r = document.createElementNS(SVGNS, 'rect');
      r.setAttribute('class', 'frame');
      r.setAttribute('x', f(fx)); r.setAttribute('y', f(fy)); r.setAttribute('width', f(fw)); r.setAttribute('height', f(fh));
      r.setAttribute('rx', '8');
      parts.push(r);
    }
    for (const [cls, path] of [['', d], ['dotted', dots], ['chainwire', hot]]) {
      if (!path) continue;
      const e = document.createElementNS(SVGNS, 'path');
      if (cls) e.setAttribute('class', cls);
      e.setAttribute('d', path);
      parts.push(e);
    }
    setChildren(wires, parts);
  }

  function refresh() {  // state changed (highlights, letters): restyle what is drawn
    for (const [i, b] of boxes) updateBox(b, i);
    drawWires(drawnRegion || viewRect(0.6));
  }
  function rebuild(later) {  // what is open changed
    relayout();
    if (!later) draw(true);
  }

  // -- view: pan, zoom, fit, jump ----------------------------------------------------------
  function fitK() { return Math.min(1, view.clientWidth / chartW, view.clientHeight / chartH); }
  function clampK(v) { return Math.min(3, Math.max(Math.min(0.05, fitK()), v)); }
  function zoomAt(factor, cx, cy) {
    const nk = clampK(k * factor);
    tx = cx - (cx - tx) * nk / k; ty = cy - (cy - ty) * nk / k; k = nk;
    draw(false);
  }
  function free() {  // [left, right]: the part of the view that the legend and the panel leave free
    const w = view.clientWidth;
    const left = legend.open && w > 900 ? legend.offsetWidth + 20 : 0;
    const right = !panel.hidden && w > 700 ? Math.min(panel.clientWidth, w / 2) : 0;
    return [left, w - right];
  }
  function fit() {  // the whole open chart in view, beside the legend when there is room for both
    const h = view.clientHeight;
    const left = free()[0];
    const w = view.clientWidth - left;
    k = Math.min(1, w / chartW, h / chartH);
    tx = left + (w - chartW * k) / 2; ty = Math.max(0, (h - chartH * k) / 2);
    draw(false);
  }
  function centreOn(i) {  // i in view, and its chain up to the top when that fits at a readable size
    if (Number.isNaN(posX[i])) return;
    const h = view.clientHeight, [left, right] = free();
    const avail = right - left, m = 40;
    if (k < 0.6) k = 1;
    let x0 = posX[i], y0 = posY[i], x1 = x0 + BW, y1 = y0 + BH;
    for (let p = ROLES[i].manager; p >= 0; p = ROLES[p].manager) {
      if (Number.isNaN(posX[p])) continue;
      x0 = Math.min(x0, posX[p]); y0 = Math.min(y0, posY[p]);
      x1 = Math.max(x1, posX[p] + BW); y1 = Math.max(y1, posY[p] + BH);
    }
    const whole = Math.min(k, avail / (x1 - x0 + 2 * m), h / (y1 - y0 + 2 * m));
    let cx = posX[i] + BW / 2, cy = posY[i] + BH / 2;
    if (whole >= 0.6) { k = whole; cx = (x0 + x1) / 2; cy = (y0 + y1) / 2; }
    tx = left + avail / 2 - cx * k; ty = h / 2 - cy * k;
    draw(false);
  }
  function fitRoles(list) {
    const pts = list.filter(i => !Number.isNaN(posX[i]));
    if (!pts.length) return;
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const i of pts) {
      x0 = Math.min(x0, posX[i]); y0 = Math.min(y0, posY[i]);
      x1 = Math.max(x1, posX[i] + BW); y1 = Math.max(y1, posY[i] + BH);
    }
    const h = view.clientHeight, [left, right] = free(), w = right - left;
    const m = 60;
    k = clampK(Math.min(1.2, (w - m) / (x1 - x0 + m), (h - m) / (y1 - y0 + m)));
    tx = left + w / 2 - (x0 + x1) / 2 * k; ty = h / 2 - (y0 + y1) / 2 * k;
    draw(false);
  }
  function reveal(i) {  // open every manager above i; true when something changed
    let changed = false;
    for (let p = ROLES[i].manager; p >= 0; p = ROLES[p].manager) if (!open[p]) { open[p] = 1; changed = true; }
    return changed;
  }

  const pointers = new Map();
  let drag = null, moved = false, pinch = null;
  view.addEventListener('pointerdown', e => {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    pointers.set(e.pointerId, [e.clientX, e.clientY]);
    moved = false;
    if (pointers.size === 1) drag = [e.clientX, e.clientY, tx, ty];
    else if (pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      pinch = [Math.hypot(a[0] - b[0], a[1] - b[1]), k, tx, ty, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      drag = null;
    }
  });
  view.addEventListener('pointermove', e => {
    if (!pointers.has(e.pointerId)) return;
    pointers.set(e.pointerId, [e.clientX, e.clientY]);
    if (pinch && pointers.size === 2) {
      const [a, b] = [...pointers.values()];
      const dist = Math.hypot(a[0] - b[0], a[1] - b[1]);
      const rect = view.getBoundingClientRect();
      const cx = pinch[4] - rect.left, cy = pinch[5] - rect.top;
      const nk = clampK(pinch[1] * dist / pinch[0]);
      tx = cx - (cx - pinch[2]) * nk / pinch[1]; ty = cy - (cy - pinch[3]) * nk / pinch[1]; k = nk;
      moved = true; draw(false);
    } else if (drag) {
      const dx = e.clientX - drag[0], dy = e.clientY - drag[1];
      if (!moved && Math.abs(dx) + Math.abs(dy) < 5) return;
      if (!moved) { moved = true; view.classList.add('panning'); view.setPointerCapture(e.pointerId); }
      tx = drag[2] + dx; ty = drag[3] + dy; draw(false);
    }
  });
  function endPointer(e) {
    pointers.delete(e.pointerId);
    if (pointers.size < 2) pinch = null;
    if (!pointers.size) { drag = null; view.classList.remove('panning'); }
  }
  view.addEventListener('pointerup', endPointer);
  view.addEventListener('pointercancel', endPointer);
  view.addEventListener('wheel', e => {
    e.preventDefault();
    const rect = view.getBoundingClientRect();
    if (e.ctrlKey || e.metaKey || Math.abs(e.deltaY) >= Math.abs(e.deltaX) && !e.shiftKey) {
      zoomAt(Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015)), e.clientX - rect.left, e.clientY - rect.top);
    } else { tx -= e.deltaX; ty -= e.deltaY; draw(false); }
  }, { passive: false });
  view.addEventListener('click', e => {
    if (moved) { moved = false; return; }
    const t = e.target.closest('.tg, .box');
    if (!t) return;
    const i = Number((t.classList.contains('tg') ? t.parentNode : t).dataset.i);
    if (t.classList.contains('tg')) toggle(i);
    else select(i, { panel: true, centre: false });
  });
  view.addEventListener('keydown', e => {
    const box = e.target.closest && e.target.closest('.box');
    if (box && (e.key === 'Enter' || e.key === ' ') && e.target === box) {
      e.preventDefault(); select(Number(box.dataset.i), { panel: true, centre: false }); return;
    }
    if (box && e.target === box && e.key.startsWith('Arrow')) {  // move along the chart: manager, reports, peers
      const i = Number(box.dataset.i), p = ROLES[i].manager;
      const peers = p >= 0 ? kids[p] : roots;
      let to = -1;
      if (e.key === 'ArrowUp') to = p;
      else if (e.key === 'ArrowDown' && kids[i].length) {
        if (!open[i]) { open[i] = 1; rebuild(); }
        to = kids[i][0];
      } else if (e.key === 'ArrowLeft') to = peers[peers.indexOf(i) - 1];
      else if (e.key === 'ArrowRight') to = peers[peers.indexOf(i) + 1];
      e.preventDefault();
      if (to === undefined || to < 0) return;
      centreOn(to);
      const next = boxes.get(to);
      if (next) next.focus({ preventScroll: true });
      return;
    }
    const w = view.clientWidth / 2, h = view.clientHeight / 2;
    const step = 80;
    const keys = {
      '+': () => zoomAt(1.25, w, h), '=': () => zoomAt(1.25, w, h), '-': () => zoomAt(0.8, w, h),
      '0': fit, ArrowLeft: () => { tx += step; draw(false); }, ArrowRight: () => { tx -= step; draw(false); },
      ArrowUp: () => { ty += step; draw(false); }, ArrowDown: () => { ty -= step; draw(false); },
    };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
  });
  tools.addEventListener('click', e => {
    const b = e.target.closest('button');
    if (!b) return;
    const w = view.clientWidth / 2, h = view.clientHeight / 2;
    const act = b.dataset.tool;
    if (act === 'in') zoomAt(1.25, w, h);
    else if (act === 'out') zoomAt(0.8, w, h);
    else if (act === 'fit') fit();
    else if (act === 'expand') { for (let i = 0; i < N; i++) open[i] = kids[i].length ? 1 : 0; rebuild(); fit(); }
    else if (act === 'collapse') {
      for (let i = 0; i < N; i++) open[i] = depth[i] === 0 && kids[i].length ? 1 : 0;
      if (selected >= 0) reveal(selected);
      rebuild(); fit();
    } else if (act === 'print') window.print();
  });
  window.addEventListener('resize', () => draw(true));

  function toggle(i) {
    const keep = [posX[i], posY[i]];
    open[i] = open[i] ? 0 : 1;
    rebuild(true);
    // keep the toggled box where it was on screen
    tx += (keep[0] - posX[i]) * k; ty += (keep[1] - posY[i]) * k;
    draw(true);
  }

  // -- selection, highlights, the side panel ------------------------------------------------
  function setChain(i) {
    chain = new Set();
    for (let p = i; p >= 0; p = ROLES[p].manager) chain.add(p);
  }
  function select(i, opts) {
    selected = i;
    setChain(i);
    letters = new Map(); activeAct = -1;
    const changed = reveal(i);
    if (changed) rebuild(); else refresh();
    if (opts.panel) showRole(i);
    if (opts.centre || changed || Number.isNaN(posX[i])) centreOn(i);
    if (opts.hash !== false) setHash('role', ROLES[i].id);
  }
  function highlightActivity(a, opts) {
    activeAct = a;
    letters = new Map(ACTS[a].raci.map(([i, ls]) => [i, ls]));
    selected = -1; chain = new Set();
    let changed = false;
    for (const i of letters.keys()) changed = reveal(i) || changed;
    if (changed) rebuild(); else refresh();
    if (opts.panel) showActivity(a);
    fitRoles([...letters.keys()]);
    if (opts.hash !== false) setHash('activity', ACTS[a].id);
  }
  function highlightDepartment(d, opts) {
    const list = byDept[d];
    matches = new Set(list);
    letters = new Map(); activeAct = -1;
    const head = list.find(i => ROLES[i].manager < 0 || ROLES[ROLES[i].manager].dept !== d);
    selected = head === undefined ? -1 : head;
    if (selected >= 0) setChain(selected); else chain = new Set();
    let changed = false;
    for (const i of list) changed = reveal(i) || changed;
    if (changed) rebuild(); else refresh();
    if (opts.panel) showDepartment(d);
    fitRoles(list);
  }
  function clearHighlights() {
    selected = -1; chain = new Set(); matches = new Set(); letters = new Map(); activeAct = -1;
    refresh();
  }
  function setHash(kind, id) {
    try { history.replaceState(null, '', '#' + kind + '=' + encodeURIComponent(id)); } catch (err) { /* file:// may refuse */ }
  }

  function roleLink(i) {
    const b = el('button', 'link', ROLES[i].title);
    b.type = 'button'; b.dataset.role = i;
    return b;
  }
  function section(title, content) {
    const frag = document.createDocumentFragment();
    frag.append(el('h3', '', title));
    if (content) frag.append(content);
    return frag;
  }
  function list(items, tag) {
    const ul = el(tag || 'ul');
    for (const it of items) { const li = el('li'); li.append(typeof it === 'string' ? document.createTextNode(it) : it); ul.append(li); }
    return ul;
  }
  function joined(nodes) {
    const span = el('span');
    nodes.forEach((n, j) => { if (j) span.append(L.sep); span.append(n); });
    return span;
  }
  function deptChip(d) {
    const s = el('span', 'chip');
    const sw = el('span', 'sw c' + DEPTS[d].colour);
    const b = el('button', 'link', DEPTS[d].name); b.type = 'button'; b.dataset.dept = d;
    s.append(sw, b);
    return s;
  }
  function openPanel(nodes) {
    const close = el('button', 'close', '×'); close.type = 'button'; close.title = L.close;
    close.setAttribute('aria-label', L.close); close.dataset.close = '1';
    setChildren(panel, [close].concat(nodes));
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  function facts(rows) {
    const dl = el('dl', 'facts');
    for (const [name, value] of rows) {
      if (value === null || value === undefined || value === '') continue;
      const dd = el('dd');
      dd.append(typeof value === 'string' || typeof value === 'number' ? document.createTextNode(String(value)) : value);
      dl.append(el('dt', '', name), dd);
    }
    return dl;
  }
  function showRole(i) {
    const r = ROLES[i];
    const out = [el('h2', '', r.title)];
    if (r.context) out.push(el('p', 'muted', L.context));
    const mgr = r.manager >= 0 ? roleLink(r.manager) : el('span', 'muted', L.top);
    const rows = [[L.department, deptChip(r.dept)], [L.manager, mgr]];
    if (r.grade) rows.push([L.grade, r.grade]);
    if (r.location) rows.push([L.location, r.location]);
    rows.push([L.headcount, String(r.headcount)]);
    if (DATA.hasPeople) {
      rows.push([L.filled, String(r.filled)]);
      rows.push([L.vacant, String(Math.max(0, r.headcount - r.filled))]);
    }
    if (r.people) rows.push([L.holders, r.people.join(L.sep)]);
    if (r.dotted) rows.push([L.dotted_to, joined(r.dotted.map(roleLink))]);
    if (dottedFrom[i].length) rows.push([L.dotted_from, joined(dottedFrom[i].map(roleLink))]);
    out.push(facts(rows));
    if (kids[i].length) {
      const reps = section(L.reports + ' (' + kids[i].length + ')', list(kids[i].map(roleLink)));
      out.push(reps);
      if (below[i] > kids[i].length) out.push(el('p', 'muted', fmt(L.total_reports, { n: below[i] })));
    }
    if (r.summary) out.push(section(L.summary, el('p', '', r.summary)));
    if (r.responsibilities) out.push(section(L.responsibilities, list(r.responsibilities, 'ol')));
    if (r.requirements) out.push(section(L.requirements, list(r.requirements)));
    if (r.kpis) out.push(section(L.kpis, list(r.kpis)));
    const mine = raciIndex()[i];
    if (mine.length || ACTS.length) {
      if (!mine.length) out.push(section(L.raci, el('p', 'muted', L.no_activity)));
      else {
        const table = el('table', 'raci');
        const head = el('tr');
        head.append(el('th', '', L.activity), el('th', '', L.process), el('th', '', 'RACI'));
        table.append(head);
        const sorted = mine.slice().sort((a, b) => ACTS[a[0]].process - ACTS[b[0]].process || a[0] - b[0]);
        for (const [a, ls] of sorted) {
          const tr = el('tr');
          const name = el('td'); const b = el('button', 'link', ACTS[a].name); b.type = 'button'; b.dataset.act = a;
          name.append(b);
          const lt = el('td'); const o = ls;
          const badge = el('span', 'letters l' + o[0], o);
          badge.title = o.split('').map(c => c + ' ' + (L.letters[c] || '')).join(', ');
          lt.append(badge);
          tr.append(name, el('td', '', DATA.processes[ACTS[a].process] || '—'), lt);
          table.append(tr);
        }
        out.push(section(L.raci + ' (' + mine.length + ')', table));
      }
    }
    openPanel(out);
    panel.dataset.role = r.id;
    delete panel.dataset.activity;
  }
  function showActivity(a) {
    const act = ACTS[a];
    const out = [el('h2', '', act.name)];
    const proc = DATA.processes[act.process];
    out.push(facts([[L.process, proc || '—'], [L.description, act.description || '']]));
    const table = el('table');
    for (const c of SCHEME) {
      const who = act.raci.filter(([, ls]) => ls.includes(c)).map(([i]) => roleLink(i));
      const tr = el('tr');
      const th = el('th'); th.append(el('span', 'letters l' + c, c), ' ' + (L.letters[c] || ''));
      const td = el('td'); td.append(who.length ? joined(who) : el('span', 'muted', L.none));
      tr.append(th, td); table.append(tr);
    }
    out.push(section(L.who, table));
    openPanel(out);
    panel.dataset.activity = act.id;
    delete panel.dataset.role;
  }
  function showDepartment(d) {
    const dep = DEPTS[d];
    const out = [el('h2', '', dep.name)];
    const rows = [];
    if (dep.parent >= 0) rows.push([L.department, deptChip(dep.parent)]);
    rows.push([L.people, dep.filled + '/' + dep.planned]);
    out.push(facts(rows));
    if (dep.description) out.push(el('p', '', dep.description));
    out.push(section(L.role + ' (' + byDept[d].length + ')', list(byDept[d].map(roleLink))));
    openPanel(out);
    delete panel.dataset.role; delete panel.dataset.activity;
  }
  panel.addEventListener('click', e => {
    const b = e.target.closest('button');
    if (!b) return;
    if (b.dataset.close) { panel.hidden = true; delete panel.dataset.role; delete panel.dataset.activity; return; }
    if (b.dataset.role !== undefined) select(Number(b.dataset.role), { panel: true, centre: true });
    else if (b.dataset.act !== undefined) highlightActivity(Number(b.dataset.act), { panel: true });
    else if (b.dataset.dept !== undefined) highlightDepartment(Number(b.dataset.dept), { panel: true });
  });

  // -- legend ------------------------------------------------------------------------------
  (function () {
    const sum = el('summary', '', L.legend + ' (' + DEPTS.filter(d => !d.context).length + ')');
    const ul = el('ul');
    DEPTS.forEach((d, j) => {
      const li = el('li', d.context ? 'ctx' : '');
      const b = el('button'); b.type = 'button'; b.dataset.dept = j;
      b.append(el('span', 'sw c' + d.colour), el('span', '', d.name));
      if (!d.context && DATA.hasPeople) b.append(el('span', 'n', d.filled + '/' + d.planned));
      else if (!d.context) b.append(el('span', 'n', String(d.planned)));
      li.append(b); ul.append(li);
    });
    legend.append(sum, ul);
    legend.open = DEPTS.length <= 12 && window.innerWidth >= 700;  // closed on a phone: the chart first
    legend.addEventListener('click', e => {
      const b = e.target.closest('button[data-dept]');
      if (b) highlightDepartment(Number(b.dataset.dept), { panel: true });
    });
  })();

  // -- search ------------------------------------------------------------------------------
  function norm(s) { return String(s).normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim(); }
  const index = [];  // [kind, target, text, normalised text, secondary]
  ROLES.forEach((r, i) => {
    index.push(['role', i, r.title, norm(r.title), DEPTS[r.dept].name]);
    if (norm(r.id) !== norm(r.title)) index.push(['role', i, r.id, norm(r.id), r.title]);
  });
  ROLES.forEach((r, i) => (r.people || []).forEach(p => index.push(['person', i, p, norm(p), r.title])));
  DEPTS.forEach((d, j) => { if (!d.context) index.push(['department', j, d.name, norm(d.name), fmt(plural('n_roles', byDept[j].length), { n: byDept[j].length })]); });
  ACTS.forEach((a, j) => {
    index.push(['activity', j, a.name, norm(a.name), DATA.processes[a.process] || '']);
    if (norm(a.id) !== norm(a.name)) index.push(['activity', j, a.id, norm(a.id), a.name]);
  });
  const KIND_ORDER = { role: 0, person: 1, department: 2, activity: 3 };
  let hits = [], active = -1;

  function search(text) {
    const needle = norm(text);
    if (!needle) return [];
    const found = [];
    const seen = new Set();
    for (let n = 0; n < index.length; n++) {
      const e = index[n];
      const at = e[3].indexOf(needle);
      if (at < 0) continue;
      const key = e[0] + ':' + e[1] + (e[0] === 'person' ? ':' + e[2] : '');
      if (seen.has(key)) continue;
      seen.add(key);
      const rank = (e[3] === needle ? 0 : at === 0 ? 1 : 2) * 4 + KIND_ORDER[e[0]];
      found.push([rank, n, e, needle]);
    }
    found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return found;
  }
  function marked(text, needle) {  // the text, its match marked where it can be found as typed
    const span = el('span', 'main');
    const at = text.toLowerCase().indexOf(needle);
    if (at >= 0 && needle) span.append(text.slice(0, at), el('mark', '', text.slice(at, at + needle.length)), text.slice(at + needle.length));
    else span.textContent = text;
    return span;
  }
  function showHits() {
    const frag = document.createDocumentFragment();
    if (!hits.length) frag.append(el('div', 'note', L.no_match));
    hits.slice(0, MAX_HITS).forEach((h, j) => {
      const e = h[2];
      const b = el('button', 'hit' + (j === active ? ' on' : ''));
      b.type = 'button'; b.dataset.hit = j; b.setAttribute('role', 'option');
      b.append(el('span', 'kind', L[e[0]]), marked(e[2], h[3]), el('span', 'sub', e[4]));
      frag.append(b);
    });
    if (hits.length > MAX_HITS) frag.append(el('div', 'note', fmt(L.more_matches, { n: hits.length - MAX_HITS })));
    else if (hits.length > 1) frag.append(el('div', 'note', fmt(L.matches, { n: hits.length })));
    setChildren(results, [frag]);
    results.hidden = false;
    q.setAttribute('aria-expanded', 'true');
  }
  function matchedRoles() {
    const set = new Set();
    for (const h of hits) {
      const e = h[2];
      if (e[0] === 'role' || e[0] === 'person') set.add(e[1]);
    }
    return set;
  }
  function go(j, opts) {
    active = j;
    for (const b of results.querySelectorAll('.hit')) b.classList.toggle('on', Number(b.dataset.hit) === j);
    const on = results.querySelector('.hit.on');
    if (on && on.scrollIntoView) on.scrollIntoView({ block: 'nearest' });
    const e = hits[j][2];
    if (e[0] === 'role' || e[0] === 'person') {
      matches = matchedRoles();
      select(e[1], { panel: opts.panel, centre: true, hash: opts.panel });
    } else if (e[0] === 'activity') { matches = new Set(); highlightActivity(e[1], { panel: opts.panel, hash: opts.panel }); }
    else highlightDepartment(e[1], { panel: opts.panel });
  }
  q.addEventListener('input', e => {
    if (e.isComposing) return;  // a Chinese input method is still composing: search when it is done
    update();
  });
  q.addEventListener('compositionend', update);
  function update() {
    hits = search(q.value);
    active = hits.length ? 0 : -1;
    if (!norm(q.value)) { results.hidden = true; q.setAttribute('aria-expanded', 'false'); clearHighlights(); return; }
    showHits();
    if (hits.length) go(0, { panel: false });
    else { matches = new Set(); refresh(); }
  }
  q.addEventListener('keydown', e => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!hits.length) return;
      e.preventDefault();
      const last = Math.min(hits.length, MAX_HITS) - 1;
      go(e.key === 'ArrowDown' ? Math.min(last, active + 1) : Math.max(0, active - 1), { panel: false });
    } else if (e.key === 'Enter') {
      if (active >= 0 && !e.isComposing && e.keyCode !== 229) { e.preventDefault(); go(active, { panel: true }); results.hidden = true; }
    } else if (e.key === 'Escape') {
      q.value = ''; hits = []; results.hidden = true; clearHighlights();
    }
  });
  q.addEventListener('focus', () => { if (hits.length) results.hidden = false; });
  results.addEventListener('mousedown', e => e.preventDefault());  // keep the focus in the box
  results.addEventListener('click', e => {
    const b = e.target.closest('.hit');
    if (!b) return;
    go(Number(b.dataset.hit), { panel: true });
    results.hidden = true;
  });
  document.addEventListener('keydown', e => {
    if (e.key === '/' && document.activeElement !== q && !(e.target instanceof HTMLInputElement)) {
      e.preventDefault(); q.focus(); q.select();
    } else if (e.key === 'Escape' && document.activeElement !== q) {
      panel.hidden = true; clearHighlights();
    }
  });
  document.addEventListener('click', e => { if (!find.contains(e.target)) results.hidden = true; });

  // -- print: the whole open chart, fitted to the page's width ------------------------------
  let printing = false, saved = null;
  function beforePrint() {
    if (printing) return;
    printing = true; saved = [tx, ty, k, legend.open];
    legend.open = true;
    const width = 1040;  // px across A4 landscape inside 10 mm margins
    k = Math.min(1, width / chartW); tx = 0; ty = 0;
    view.style.height = Math.ceil(chartH * k) + 'px';
    draw(true);
  }
  function afterPrint() {
    if (!printing) return;
    printing = false;
    [tx, ty, k, legend.open] = saved; view.style.height = '';
    draw(true);
  }
  window.addEventListener('beforeprint', beforePrint);
  window.addEventListener('afterprint', afterPrint);
  if (window.matchMedia) {
    const mq = window.matchMedia('print');
    const onChange = e => (e.matches ? beforePrint() : afterPrint());
    if (mq.addEventListener) mq.addEventListener('change', onChange); else if (mq.addListener) mq.addListener(onChange);
  }

  // -- start -------------------------------------------------------------------------------
  function start() {  // the whole chart when it reads at this size, else its top, readable
    fit();
    if (k >= 0.6 || !roots.length) return;
    k = 0.8;
    const top = roots.length === 1 ? roots[0] : roots[Math.floor(roots.length / 2)];
    const [left, right] = free();
    tx = (left + right) / 2 - (posX[top] + BW / 2) * k; ty = 20 - (posY[top] - PAD) * k;
    draw(false);
  }
  rebuild();
  start();
  (function fromHash() {
    const m = /^#(role|activity)=(.*)$/.exec(location.hash);
    if (!m) return;
    let id = m[2];
    try { id = decodeURIComponent(id); } catch (err) { return; }
    if (m[1] === 'role') {
      const i = ROLES.findIndex(r => r.id === id);
      if (i >= 0) select(i, { panel: true, centre: true, hash: false });
    } else {
      const a = ACTS.findIndex(x => x.id === id);
      if (a >= 0) highlightActivity(a, { panel: true, hash: false });
    }
  })();
  requestAnimationFrame(() => setTimeout(() => { document.documentElement.dataset.ready = String(Math.round(performance.now())); }, 0));
})();
