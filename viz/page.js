// The graph page: reads the embedded JSON, draws it with vis-network, and wires the search,
// filters, language switch, time control, detail panel, timeline and expand/collapse.
// Every piece of data reaches the page through textContent, never as HTML.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const kinds = new Map(data.legend.map((k) => [k.kind, k]));
  const state = { lang: "en", hiddenKinds: new Set(), asOf: null, collapsed: new Set(), selected: null };

  const fold = (text) => text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
  const label = (n) => (state.lang === "vi" && n.short_vi) ? n.short_vi : n.short_en;
  const fullLabel = (n) => (state.lang === "vi" && n.vi) ? n.vi : n.en;
  const tooltip = (n) => { const d = el("div"); d.appendChild(el("strong", fullLabel(n))); d.appendChild(el("div", n.type)); return d; };

  // --- drawing ------------------------------------------------------------------------------
  const visNodes = new vis.DataSet(data.nodes.map((n) => ({
    id: n.id, label: label(n), title: tooltip(n), x: n.x, y: n.y,
    color: kinds.get(n.kind).color, shape: kinds.get(n.kind).shape, size: n.kind === "organization" ? 14 : 10,
    font: { size: n.kind === "organization" || n.kind === "document" ? 18 : 14 },
  })));
  const visEdges = new vis.DataSet(data.edges.map((e, i) => ({
    id: i, from: e.from, to: e.to, title: e.label, arrows: "to", color: { color: "#b8c2d0", highlight: "#12355b" },
  })));
  const big = data.nodes.length > 1500;
  const network = new vis.Network(document.getElementById("graph"), { nodes: visNodes, edges: visEdges }, {
    physics: false,
    layout: { improvedLayout: false },
    interaction: { hover: !big, tooltipDelay: 200, hideEdgesOnDrag: big, hideEdgesOnZoom: big },
    edges: { smooth: false, width: 1 },
    // labels of a small graph stay readable at the whole-graph zoom; a big one shows them on zoom-in
    nodes: { borderWidth: 1, scaling: { label: { drawThreshold: big ? 6 : 3 } } },
  });
  window.kgNetwork = network;  // for the tests and the curious
  const core = data.nodes.filter((n) => n.core).map((n) => n.id);
  if (core.length && core.length < data.nodes.length && !data.focus) network.fit({ nodes: core, animation: false });
  network.once("afterDrawing", () => { document.body.dataset.drawn = "true"; });

  // --- visibility: kind filters, time, collapsed neighbourhoods ----------------------------------
  const neighbours = new Map(data.nodes.map((n) => [n.id, new Set()]));
  data.edges.forEach((e) => { neighbours.get(e.from).add(e.to); neighbours.get(e.to).add(e.from); });
  const existsAt = (n, date) => (!n.from || n.from <= date) && (!n.to || n.to > date);
  // Collapsing a node hides its smaller neighbours (fewer links than it has): its tasks, units,
  // figures' subjects, not the bodies it hangs from.
  function hiddenByCollapse() {
    const hidden = new Set();
    state.collapsed.forEach((id) => neighbours.get(id).forEach((m) => {
      if (neighbours.get(m).size < neighbours.get(id).size && !state.collapsed.has(m)) hidden.add(m);
    }));
    return hidden;
  }
  function isVisible(n, collapsedAway) {
    return !state.hiddenKinds.has(n.kind) && (!state.asOf || existsAt(n, state.asOf)) && !collapsedAway.has(n.id);
  }
  function refresh() {
    const away = hiddenByCollapse();
    const updates = data.nodes.map((n) => ({ id: n.id, hidden: !isVisible(n, away), label: label(n), title: tooltip(n) }));
    visNodes.update(updates);
    const shown = updates.filter((u) => !u.hidden).length;
    document.getElementById("status").textContent =
      `${shown} of ${data.nodes.length} entities shown, ${data.edges.length} links` + (state.asOf ? `, as of ${state.asOf}` : "");
    document.querySelectorAll("#timeline li").forEach((li) => {
      li.classList.toggle("hidden-by-time", !!state.asOf && li.dataset.date > state.asOf);
    });
  }

  // --- legend and filters ---------------------------------------------------------------------------
  const legend = document.getElementById("legend");
  data.legend.forEach((k) => {
    const li = el("li"); const box = el("input"); box.type = "checkbox"; box.checked = true; box.dataset.kind = k.kind;
    box.addEventListener("change", () => { box.checked ? state.hiddenKinds.delete(k.kind) : state.hiddenKinds.add(k.kind); refresh(); });
    const swatch = el("span", undefined, "swatch"); swatch.style.background = k.color;
    const name = el("span", k.en); name.dataset.en = k.en; name.dataset.vi = k.vi;
    li.append(box, swatch, name); legend.appendChild(li);
  });

  // --- language -----------------------------------------------------------------------------------
  document.getElementById("lang").addEventListener("change", (ev) => {
    state.lang = ev.target.value;
    legend.querySelectorAll("span[data-en]").forEach((s) => { s.textContent = s.dataset[state.lang]; });
    refresh(); renderTimeline(); if (state.selected) showDetails(state.selected);
  });

  // --- time control -----------------------------------------------------------------------------------
  const dates = data.nodes.flatMap((n) => [n.from, n.to]).filter(Boolean).sort();
  const first = dates[0] || "2000-01-01", last = dates[dates.length - 1] || "2030-12-31";
  const dayMs = 86400000, t0 = Date.parse(first), t1 = Date.parse(last);
  const asOf = document.getElementById("asof"), asOfOn = document.getElementById("asof-on"), range = document.getElementById("asof-range");
  range.max = String(Math.max(1, Math.round((t1 - t0) / dayMs)));
  const syncRange = () => { range.value = String(Math.round((Date.parse(asOf.value) - t0) / dayMs)); };
  syncRange();
  const applyTime = () => { state.asOf = asOfOn.checked && asOf.value ? asOf.value : null; refresh(); };
  asOf.addEventListener("change", () => { syncRange(); asOfOn.checked = true; applyTime(); });
  range.addEventListener("input", () => { asOf.value = new Date(t0 + Number(range.value) * dayMs).toISOString().slice(0, 10); asOfOn.checked = true; applyTime(); });
  asOfOn.addEventListener("change", applyTime);

  // --- search --------------------------------------------------------------------------------------------
  const results = document.getElementById("results");
  document.getElementById("search").addEventListener("input", (ev) => {
    const wanted = fold(ev.target.value);
    results.replaceChildren();
    if (!wanted) return;
    const hits = data.nodes.filter((n) => n.search.includes(wanted))
      .sort((a, b) => (a.search.startsWith(wanted) ? 0 : 1) - (b.search.startsWith(wanted) ? 0 : 1) || a.en.length - b.en.length).slice(0, 30);
    hits.forEach((n) => { const li = el("li", fullLabel(n)); li.dataset.id = n.id; li.addEventListener("click", () => select(n.id, true)); results.appendChild(li); });
    if (!hits.length) results.appendChild(el("li", "No match"));
  });

  // --- timeline --------------------------------------------------------------------------------------------
  const timeline = document.getElementById("timeline");
  function renderTimeline() {
    timeline.replaceChildren();
    data.timeline.forEach((item) => {
      const n = byId.get(item.id); const li = el("li"); li.dataset.id = item.id; li.dataset.date = item.date;
      li.append(el("span", item.date, "date"), el("span", fullLabel(n)));
      li.addEventListener("click", () => select(item.id, true));
      timeline.appendChild(li);
    });
    markSelected();
  }
  function markSelected() {
    document.querySelectorAll("#timeline li, #results li").forEach((li) => li.classList.toggle("selected", li.dataset.id === state.selected));
    const item = timeline.querySelector(`li[data-id="${CSS.escape(state.selected || "")}"]`);
    if (item) item.scrollIntoView({ block: "nearest" });
  }

  // --- details ----------------------------------------------------------------------------------------------
  const details = document.getElementById("details");
  function sourceList(graphs) {
    const cell = el("td", undefined, "src");
    graphs.forEach((g) => {
      const s = data.sources[g];
      // only http(s) addresses become links; anything else (javascript:, data:) stays text
      if (s && s.url && /^https?:\/\/[^\s]*$/i.test(s.url)) { const a = el("a", s.label); a.href = s.url; a.rel = "noopener noreferrer"; a.target = "_blank"; cell.appendChild(a); }
      else cell.appendChild(el("span", s ? s.label : g));
    });
    return cell;
  }
  function showDetails(id) {
    const n = byId.get(id), d = data.details[id];
    details.replaceChildren(el("h3", fullLabel(n)), el("p", n.type + (n.notation ? ` · ${n.notation}` : ""), "type"));
    if (n.from || n.to) details.appendChild(el("p", `${n.from ? "from " + n.from : ""} ${n.to ? "until " + n.to : ""}`.trim()));
    if (d.figures.length) {
      details.appendChild(el("h2", "Key figures"));
      const t = el("table");
      d.figures.forEach(([what, value, period, g]) => { const tr = el("tr"); tr.append(el("td", what, "p"), el("td", `${value} (${period})`), sourceList([g])); t.appendChild(tr); });
      details.appendChild(t);
    }
    details.appendChild(el("h2", "Statements and their sources"));
    const t = el("table");
    d.statements.forEach(([p, v, graphs]) => { const tr = el("tr"); tr.append(el("td", p, "p"), el("td", v), sourceList(graphs)); t.appendChild(tr); });
    details.appendChild(t);
  }
  function select(id, focus) {
    state.selected = id;
    network.selectNodes([id]);
    if (focus) network.focus(id, { scale: 1.2, animation: false });
    showDetails(id); markSelected();
  }
  network.on("click", (p) => { if (p.nodes.length) select(p.nodes[0], false); });
  network.on("doubleClick", (p) => {
    if (!p.nodes.length) return;
    const id = p.nodes[0];
    state.collapsed.has(id) ? state.collapsed.delete(id) : state.collapsed.add(id);
    refresh();
  });

  renderTimeline(); refresh();
  if (data.focus && byId.has(data.focus)) select(data.focus, false);
})();
