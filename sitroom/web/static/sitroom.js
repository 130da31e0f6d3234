// sitroom's only script: draws actor graphs and lights up evidence in an article.
// It builds every node with createElement/textContent: no untrusted string becomes markup.
"use strict";

const SVG = "http://www.w3.org/2000/svg";

function svgEl(name, attrs) {
  const el = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attrs || {})) el.setAttribute(key, String(value));
  return el;
}

// The actor graph. A small force layout places the nodes (repulsion between all, springs
// along edges, a pull to the centre; deterministic start positions on a circle so the same
// graph looks the same); then each name goes on the side of its node (right, left, below,
// above) where it stays inside the drawing, overlaps no other name or node and crosses no
// line, nodes whose names still meet a line or a name are nudged away and the names placed
// again; lines end at the edge of a node's circle or name box, so no arrow covers a name.
const LABEL_CHARS = 28; // longer names are cut with "…" (the whole name is the tooltip)
const LABEL_H = 14, LABEL_ASCENT = 11, GAP = 3, MARGIN = 4, ARROW = 11;

function radius(node) { return Math.min(5 + Math.sqrt(node.events || 1) * 2, 16); }

function shortName(name) {
  const text = String(name || "");
  return text.length > LABEL_CHARS ? text.slice(0, LABEL_CHARS - 1) + "…" : text;
}

function layout(nodes, links, width, height) {
  const n = nodes.length;
  nodes.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / Math.max(n, 1);
    node.x = width / 2 + (Math.min(width, height) / 3) * Math.cos(angle);
    node.y = height / 2 + (Math.min(width, height) / 3) * Math.sin(angle);
  });
  const ideal = Math.sqrt((width * height) / Math.max(n, 1)) * 0.7;
  for (let step = 0; step < 300; step++) {
    const heat = 1 - step / 300;
    const dx = new Float64Array(n), dy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const x = nodes[i].x - nodes[j].x, y = nodes[i].y - nodes[j].y;
        const force = (ideal * ideal) / Math.max(x * x + y * y, 1);
        dx[i] += x * force; dy[i] += y * force; dx[j] -= x * force; dy[j] -= y * force;
      }
    }
    for (const [a, b] of links) {
      const x = nodes[a].x - nodes[b].x, y = nodes[a].y - nodes[b].y;
      const force = Math.max(Math.sqrt(x * x + y * y), 1) / ideal;
      dx[a] -= x * force; dy[a] -= y * force; dx[b] += x * force; dy[b] += y * force;
    }
    for (let i = 0; i < n; i++) {
      dx[i] += (width / 2 - nodes[i].x) * 0.05; dy[i] += (height / 2 - nodes[i].y) * 0.05;
      const d = Math.max(Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]), 1);
      const move = Math.min(d, 12 * heat + 0.5);
      keepInside(nodes[i], nodes[i].x + (dx[i] / d) * move, nodes[i].y + (dy[i] / d) * move,
        width, height);
    }
  }
}

function keepInside(node, x, y, width, height) {
  const edge = node.r + MARGIN + 2;
  node.x = Math.min(width - edge, Math.max(edge, x));
  node.y = Math.min(height - edge, Math.max(edge, y));
}

// Where a name can go beside its node: its box and how the text is anchored.
function labelSpots(node) {
  const { x, y, r, w } = node, h = LABEL_H;
  return [
    { side: "right", box: [x + r + GAP, y - h / 2, w, h], anchor: "start" },
    { side: "left", box: [x - r - GAP - w, y - h / 2, w, h], anchor: "end" },
    { side: "below", box: [x - w / 2, y + r + GAP, w, h], anchor: "middle" },
    { side: "above", box: [x - w / 2, y - r - GAP - h, w, h], anchor: "middle" },
  ];
}

// The part [t0, t1] of the segment a→b inside box [x, y, w, h], or null (Liang–Barsky).
function segmentInBox(a, b, box) {
  const [x, y, w, h] = box;
  const dx = b.x - a.x, dy = b.y - a.y;
  let t0 = 0, t1 = 1;
  for (const [p, q] of [[-dx, a.x - x], [dx, x + w - a.x], [-dy, a.y - y], [dy, y + h - a.y]]) {
    if (p === 0) { if (q < 0) return null; continue; }
    const t = q / p;
    if (p < 0) { if (t > t1) return null; t0 = Math.max(t0, t); }
    else { if (t < t0) return null; t1 = Math.min(t1, t); }
  }
  return t1 - t0 > 1e-9 ? [t0, t1] : null;
}

function overlap(a, b) {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

function circleBox(node) { return [node.x - node.r, node.y - node.r, 2 * node.r, 2 * node.r]; }

// What a name at `box` beside `node` costs: outside the drawing (never, where a side fits),
// over other names or nodes, crossed by lines (worst: lines between other nodes), and a
// slight preference for the right, then left, below, above.
function spotCost(node, spot, rank, nodes, links, width, height) {
  const [x, y, w, h] = spot.box;
  const outside = Math.max(0, MARGIN - x) + Math.max(0, x + w - (width - MARGIN)) +
    Math.max(0, MARGIN - y) + Math.max(0, y + h - (height - MARGIN));
  let cost = outside * 100000 + rank;
  for (const other of nodes) {
    if (other === node) continue;
    cost += overlap(spot.box, circleBox(other)) * 20;
    if (other.label) cost += overlap(spot.box, other.label.box) * 20;
  }
  for (const [a, b] of links) {
    if (!segmentInBox(nodes[a], nodes[b], spot.box)) continue;
    cost += nodes[a] === node || nodes[b] === node ? 300 : 800;
  }
  return cost;
}

function placeLabels(nodes, links, width, height) {
  const order = nodes.slice().sort((p, q) => q.degree - p.degree);
  for (let round = 0; round < 2; round++) {
    for (const node of order) {
      node.label = null;
      let best = null, bestCost = Infinity;
      labelSpots(node).forEach((spot, rank) => {
        const cost = spotCost(node, spot, rank, nodes, links, width, height);
        if (cost < bestCost) { best = spot; bestCost = cost; }
      });
      node.label = best;
      node.labelCost = bestCost;
    }
  }
}

// Nodes whose name still meets a line or another name move a little away from it.
function nudge(nodes, links, width, height) {
  let moved = false;
  for (const node of nodes) {
    if (node.labelCost < 10) continue;
    const [x, y, w, h] = node.label.box, cx = x + w / 2, cy = y + h / 2;
    let px = 0, py = 0;
    for (const [a, b] of links) {
      const p = nodes[a], q = nodes[b];
      if (p === node || q === node || !segmentInBox(p, q, node.label.box)) continue;
      const ex = q.x - p.x, ey = q.y - p.y, len = Math.max(Math.hypot(ex, ey), 1);
      const side = ((cx - p.x) * ey - (cy - p.y) * ex) >= 0 ? 1 : -1;
      px += (side * ey) / len; py += (-side * ex) / len;  // away from the line
    }
    for (const other of nodes) {
      if (other === node || !other.label) continue;
      const [ox, oy, ow, oh] = other.label.box;
      if (!overlap(node.label.box, other.label.box)) continue;
      px += Math.sign(cx - (ox + ow / 2)) || 1; py += Math.sign(cy - (oy + oh / 2)) || 1;
    }
    const len = Math.hypot(px, py);
    if (len === 0) continue;
    keepInside(node, node.x + (px / len) * 12, node.y + (py / len) * 12, width, height);
    moved = true;
  }
  return moved;
}

// The segment a→b less the parts inside either end's circle or name box; the end is left
// ARROW short of the box so that the arrow head, drawn beyond it, just reaches it.
function clipped(a, b) {
  const len = Math.max(Math.hypot(b.x - a.x, b.y - a.y), 1);
  let start = a.r / len, end = 1 - b.r / len;
  const own = a.label && segmentInBox(a, b, a.label.box);
  if (own) start = Math.max(start, own[1]);
  const theirs = b.label && segmentInBox(a, b, b.label.box);
  if (theirs) end = Math.min(end, theirs[0]);
  // no room for a line and its head between the two (names almost touching): no head
  const headed = end - start >= (ARROW + 2) / len;
  end = headed ? end - ARROW / len : Math.max(start, end);
  const at = (t) => [a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t];
  const [x1, y1] = at(start), [x2, y2] = at(end);
  return { x1, y1, x2, y2, headed };
}

function edgeTitle(edge, a, b) {
  const codes = Object.entries(edge.codes || {}).map(([k, v]) => `${k} ${v}`).join(", ");
  return `${a.name} → ${b.name}: ${edge.count} events, mean Goldstein ` +
    `${edge.goldstein > 0 ? "+" : ""}${edge.goldstein} (${codes}); ` +
    `${edge.first_seen || "?"} – ${edge.last_seen || "?"}`;
}

function arrowDefs() {
  const defs = svgEl("defs");
  for (const kind of ["cooperation", "conflict", "mixed"]) {
    const marker = svgEl("marker", { id: `arrow-${kind}`, viewBox: "0 0 10 10", refX: 0,
      refY: 5, markerWidth: ARROW, markerHeight: ARROW, markerUnits: "userSpaceOnUse",
      orient: "auto-start-reverse" });
    marker.appendChild(svgEl("path", { d: "M 0 0 L 10 5 L 0 10 z", class: `arrow ${kind}`,
      fill: kind === "cooperation" ? "#1a7f4b" : kind === "conflict" ? "#b3261e" : "#8a6d00" }));
    defs.appendChild(marker);
  }
  return defs;
}

function nodeGroup(node) {
  const group = svgEl("g", { class: "node", "data-id": node.id });
  const label = svgEl("text", { class: "label" });
  label.textContent = shortName(node.name);
  const title = svgEl("title");
  title.textContent = `${node.name} (${node.events} events)`;
  group.append(svgEl("circle", { r: node.r }), label, title);
  group.addEventListener("click", () => {
    window.location.href = "/actors/" + encodeURIComponent(node.id);
  });
  return group;
}

// A drawing with many names grows taller than its box (up to 1000 px) to give each room.
function heightFor(nodes, width, height) {
  const room = nodes.reduce((sum, node) => sum + (node.w + 2 * node.r + 30) * (LABEL_H + 30), 0);
  return Math.max(height, Math.min(1000, Math.ceil((room * 1.3) / width)));
}

function drawGraph(container, data) {
  const width = container.clientWidth || 600;
  let height = container.clientHeight || 400;
  const nodes = data.nodes.map((node) => Object.assign({}, node, { r: radius(node), degree: 0 }));
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const edges = data.edges.filter((e) => index.has(e.source) && index.has(e.target));
  const links = edges.map((e) => [index.get(e.source), index.get(e.target)]);
  for (const [a, b] of links) { nodes[a].degree++; nodes[b].degree++; }
  const svg = svgEl("svg", { viewBox: `0 0 ${width} ${height}` });
  const lines = svgEl("g", { class: "edges" });
  svg.append(arrowDefs(), lines);
  const groups = nodes.map((node) => svg.appendChild(nodeGroup(node)));
  container.replaceChildren(svg);
  // names are measured as drawn (an estimate where the page lays nothing out)
  groups.forEach((group, i) => {
    const text = group.querySelector("text");
    const measured = text.getComputedTextLength ? text.getComputedTextLength() : 0;
    nodes[i].w = Math.ceil(measured || text.textContent.length * 6.5) + 2;
  });
  if (heightFor(nodes, width, height) > height) {
    height = heightFor(nodes, width, height);
    container.style.height = `${height}px`;
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  }
  layout(nodes, links, width, height);
  placeLabels(nodes, links, width, height);
  for (let round = 0; round < 40 && nudge(nodes, links, width, height); round++) {
    placeLabels(nodes, links, width, height);
  }
  groups.forEach((group, i) => {
    const node = nodes[i], [x, y, w] = node.label.box;
    group.setAttribute("transform", `translate(${node.x},${node.y})`);
    const textX = node.label.anchor === "start" ? x : node.label.anchor === "end" ? x + w : x + w / 2;
    const text = group.querySelector("text");
    text.setAttribute("x", textX - node.x);
    text.setAttribute("y", y + LABEL_ASCENT - node.y);
    text.setAttribute("text-anchor", node.label.anchor);
    group.dataset.side = node.label.side;
  });
  edges.forEach((edge, k) => {
    const a = nodes[links[k][0]], b = nodes[links[k][1]];
    const { x1, y1, x2, y2, headed } = clipped(a, b);
    const line = svgEl("line", { x1, y1, x2, y2, class: `edge ${edge.relation}`,
      "stroke-width": Math.min(1 + edge.count, 8), "data-source": edge.source,
      "data-target": edge.target });
    if (headed) line.setAttribute("marker-end", `url(#arrow-${edge.relation})`);
    const title = svgEl("title");
    title.textContent = edgeTitle(edge, a, b);
    line.appendChild(title);
    lines.appendChild(line);
  });
}

// Evidence: `spans` is [[role, {start, end}], …] in code points of the article text.
function highlight(textEl, original, spans) {
  const chars = Array.from(original);
  const cuts = new Set([0, chars.length]);
  const clean = spans.filter(([, s]) => s && s.end > s.start)
    .map(([role, s]) => [role, Math.max(0, s.start), Math.min(chars.length, s.end)]);
  for (const [, start, end] of clean) { cuts.add(start); cuts.add(end); }
  const points = Array.from(cuts).sort((a, b) => a - b);
  const fragment = document.createDocumentFragment();
  let first = null;
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i], end = points[i + 1];
    const piece = chars.slice(start, end).join("");
    const roles = clean.filter(([, s, e]) => s <= start && e >= end).map(([role]) => role);
    if (!roles.length) { fragment.appendChild(document.createTextNode(piece)); continue; }
    // the innermost (shortest, listed last) role shows
    const mark = document.createElement("mark");
    mark.className = roles[roles.length - 1];
    mark.dataset.roles = roles.join(" ");
    mark.textContent = piece;
    fragment.appendChild(mark);
    if (!first) first = mark;
  }
  textEl.replaceChildren(fragment);
  if (first && first.scrollIntoView) first.scrollIntoView({ block: "center" });
}

function setUpArticle() {
  const textEl = document.getElementById("text");
  if (!textEl) return;
  const original = textEl.textContent;
  const buttons = Array.from(document.querySelectorAll("button.finding"));
  const activate = (button) => {
    buttons.forEach((b) => b.classList.remove("active"));
    button.classList.add("active");
    highlight(textEl, original, JSON.parse(button.dataset.spans));
  };
  buttons.forEach((button) => button.addEventListener("click", () => activate(button)));
  const params = new URLSearchParams(window.location.search);
  for (const kind of ["event", "quote", "claim", "causal"]) {
    const wanted = params.get(kind);
    const button = wanted !== null && document.getElementById(`${kind}-${wanted}`);
    if (button) { activate(button); return; }
  }
  const marks = params.getAll("mark").map((value) => value.split("-").map(Number))
    .filter(([s, e]) => Number.isInteger(s) && Number.isInteger(e))
    .map(([start, end]) => ["mark", { start, end }]);
  if (marks.length) highlight(textEl, original, marks);
}

document.addEventListener("DOMContentLoaded", () => {
  const container = document.getElementById("graph");
  const data = document.getElementById("graph-data");
  if (container && data) drawGraph(container, JSON.parse(data.textContent));
  setUpArticle();
});
