// sitroom's only script: draws actor graphs and lights up evidence in an article.
// It builds every node with createElement/textContent: no untrusted string becomes markup.
"use strict";

const SVG = "http://www.w3.org/2000/svg";

function svgEl(name, attrs) {
  const el = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attrs || {})) el.setAttribute(key, String(value));
  return el;
}

// A small force layout: repulsion between all nodes, springs along edges, a pull to the
// centre; deterministic start positions on a circle so the same graph looks the same.
function layout(nodes, edges, width, height) {
  const n = nodes.length;
  nodes.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / Math.max(n, 1);
    node.x = width / 2 + (Math.min(width, height) / 3) * Math.cos(angle);
    node.y = height / 2 + (Math.min(width, height) / 3) * Math.sin(angle);
  });
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const links = edges.map((e) => [index.get(e.source), index.get(e.target)])
    .filter(([a, b]) => a !== undefined && b !== undefined);
  const ideal = Math.sqrt((width * height) / Math.max(n, 1)) * 0.7;
  for (let step = 0; step < 300; step++) {
    const heat = 1 - step / 300;
    const dx = new Float64Array(n), dy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let x = nodes[i].x - nodes[j].x, y = nodes[i].y - nodes[j].y;
        const d2 = Math.max(x * x + y * y, 1);
        const force = (ideal * ideal) / d2;
        dx[i] += x * force; dy[i] += y * force; dx[j] -= x * force; dy[j] -= y * force;
      }
    }
    for (const [a, b] of links) {
      const x = nodes[a].x - nodes[b].x, y = nodes[a].y - nodes[b].y;
      const d = Math.max(Math.sqrt(x * x + y * y), 1);
      const force = d / ideal;
      dx[a] -= x * force; dy[a] -= y * force; dx[b] += x * force; dy[b] += y * force;
    }
    for (let i = 0; i < n; i++) {
      dx[i] += (width / 2 - nodes[i].x) * 0.05; dy[i] += (height / 2 - nodes[i].y) * 0.05;
      const d = Math.max(Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]), 1);
      const move = Math.min(d, 12 * heat + 0.5);
      nodes[i].x = Math.min(width - 40, Math.max(40, nodes[i].x + (dx[i] / d) * move));
      nodes[i].y = Math.min(height - 20, Math.max(20, nodes[i].y + (dy[i] / d) * move));
    }
  }
}

function drawGraph(container, data) {
  const width = container.clientWidth || 600, height = container.clientHeight || 400;
  const nodes = data.nodes.map((node) => Object.assign({}, node));
  layout(nodes, data.edges, width, height);
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const svg = svgEl("svg", { viewBox: `0 0 ${width} ${height}` });
  const defs = svgEl("defs");
  for (const kind of ["cooperation", "conflict", "mixed"]) {
    const marker = svgEl("marker", { id: `arrow-${kind}`, viewBox: "0 0 10 10", refX: 18,
      refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" });
    marker.appendChild(svgEl("path", { d: "M 0 0 L 10 5 L 0 10 z", class: `arrow ${kind}`,
      fill: kind === "cooperation" ? "#1a7f4b" : kind === "conflict" ? "#b3261e" : "#8a6d00" }));
    defs.appendChild(marker);
  }
  svg.appendChild(defs);
  for (const edge of data.edges) {
    const a = byId.get(edge.source), b = byId.get(edge.target);
    if (!a || !b) continue;
    const line = svgEl("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y,
      class: `edge ${edge.relation}`, "stroke-width": Math.min(1 + edge.count, 8),
      "marker-end": `url(#arrow-${edge.relation})`, "data-source": edge.source,
      "data-target": edge.target });
    const title = svgEl("title");
    const codes = Object.entries(edge.codes || {}).map(([k, v]) => `${k} ${v}`).join(", ");
    title.textContent = `${a.name} → ${b.name}: ${edge.count} events, mean Goldstein ` +
      `${edge.goldstein > 0 ? "+" : ""}${edge.goldstein} (${codes}); ` +
      `${edge.first_seen || "?"} – ${edge.last_seen || "?"}`;
    line.appendChild(title);
    svg.appendChild(line);
  }
  for (const node of nodes) {
    const group = svgEl("g", { class: "node", "data-id": node.id,
      transform: `translate(${node.x},${node.y})` });
    const circle = svgEl("circle", { r: Math.min(5 + Math.sqrt(node.events || 1) * 2, 16) });
    const label = svgEl("text", { x: 10, y: 4 });
    label.textContent = node.name;
    const title = svgEl("title");
    title.textContent = `${node.name} (${node.events} events)`;
    group.append(circle, label, title);
    group.addEventListener("click", () => {
      window.location.href = "/actors/" + encodeURIComponent(node.id);
    });
    svg.appendChild(group);
  }
  container.replaceChildren(svg);
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
