// The graph page: reads the embedded JSON, draws it with vis-network, and wires the views, search,
// filters, language switch, time control, detail panel, timeline and expand/collapse.
// Every piece of data reaches the page through textContent, never as HTML.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  // the language may come with the link (#lang=vi: an entity page in Vietnamese embeds this one so)
  const startLang = new URLSearchParams(location.hash.slice(1)).get("lang") === "vi" ? "vi" : "en";
  // embedded in an entity page (#embed=1): the drawing alone, as wide as its frame
  const embedded = new URLSearchParams(location.hash.slice(1)).get("embed") === "1";
  if (embedded) document.body.classList.add("embedded");
  const state = { lang: startLang, hiddenKinds: new Set(), asOf: null, collapsed: new Set(), selected: null,
                  view: "all", centre: null, allLinks: false };
  const FONT = data.font, ROW = data.row, MARGIN = 6;
  const READABLE = 12 / FONT;  // the smallest zoom at which a label is 12 px high
  const FACE = '"DejaVu Sans", "Liberation Sans", Arial, sans-serif';
  const CHART = new Set(["http://www.w3.org/ns/org#unitOf", "http://www.w3.org/ns/org#subOrganizationOf"]);

  const fold = (text) => text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
  const label = (n) => (state.lang === "vi" && n.short_vi) ? n.short_vi : n.short_en;
  const fullLabel = (n) => (state.lang === "vi" && n.vi) ? n.vi : n.en;
  const tooltip = (n) => { const d = el("div"); d.appendChild(el("strong", fullLabel(n))); d.appendChild(el("div", n.type)); return d; };

  // --- drawing: every entity a box with its label inside, where kg.layout put it --------------------
  // one vis-network group per kind: its colours set once, not on each of thousands of nodes
  const groups = {};
  data.legend.forEach((k) => {
    const light = k.kind === "place";
    groups[k.kind] = { color: { background: light ? "#eef1f5" : k.color, border: light ? "#b9c1cc" : "#22303f" },
                       font: { color: light ? "#1d2430" : "#ffffff" } };
  });
  const visNodes = new vis.DataSet(data.nodes.map((n) => ({
    id: n.id, group: n.kind, label: label(n), title: tooltip(n), x: n.x, y: n.y })));
  // In the map the chart's indentation shows who is under whom, and a body's areas and people sit
  // on its row: those links are drawn as the chart's own lines, not as edges across labels.
  const inChart = (e) => { const a = byId.get(e.from), b = byId.get(e.to);
    return a.block === "org" && b.block === "org" && (a.y === b.y || (CHART.has(e.via) && a.under === e.to)); };
  const visEdges = new vis.DataSet(data.edges.map((e, i) => ({ id: i, from: e.from, to: e.to, title: e.label, hidden: true })));
  const big = data.nodes.length > 1500;
  const network = new vis.Network(document.getElementById("graph"), { nodes: visNodes, edges: visEdges }, {
    physics: false,
    layout: { improvedLayout: false },
    interaction: { hover: !big, tooltipDelay: 200, hideEdgesOnDrag: big, hideEdgesOnZoom: big },
    edges: { smooth: false, width: 1, arrows: { to: { enabled: true, scaleFactor: 0.5 } },
             color: { color: "rgba(120,135,155,0.35)", highlight: "#12355b", hover: "#12355b" } },
    groups,
    nodes: {
      shape: "box", margin: MARGIN, borderWidth: 1, font: { size: FONT, face: FACE },
      color: { highlight: { background: "#ffe9a8", border: "#12355b" }, hover: { background: "#ffe9a8", border: "#12355b" } },
      chosen: { label: (values) => { values.color = "#12355b"; } },  // dark text on the highlight
      // labels too small to read are not drawn at all; zooming in brings them
      scaling: { label: { drawThreshold: 5 } },
    },
  });
  window.kgNetwork = network;  // for the tests and the curious
  network.once("afterDrawing", () => { document.body.dataset.drawn = "true"; });
  // vis-network keeps the visible width when its canvas is resized (a frame laid out anew): a
  // neighbourhood so shrunk below readable comes back to readable (once vis-network is done with it)
  const readable = () => {
    if (state.view === "entity" && network.getScale() < READABLE - 1e-6 && state.centre && byId.has(state.centre)) {
      network.moveTo({ position: network.getPositions([state.centre])[state.centre], scale: READABLE, animation: false });
    }
  };
  network.on("resize", () => setTimeout(readable, 0));

  // the chart's lines, the blocks' titles and the year marks, under the boxes
  const chartBottom = data.nodes.reduce((y, n) => n.block === "time" ? Math.max(y, n.y) : y, 0) + ROW;
  network.on("beforeDrawing", (ctx) => {
    if (state.view === "entity") return;
    ctx.save();
    ctx.strokeStyle = "#9aa6b5"; ctx.lineWidth = 1;
    const boxes = network.body.nodes, hidden = (id) => drawn.hidden.get(id) || false;
    data.nodes.forEach((n) => {
      if (!n.under || hidden(n.id) || hidden(n.under)) return;
      const p = boxes[n.under], c = boxes[n.id];
      const x = p.shape.left + 10, top = p.shape.top + p.shape.height, y = c.y;
      ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, y); ctx.lineTo(c.shape.left, y); ctx.stroke();
    });
    if (state.view === "all") {
      ctx.fillStyle = "#8a94a3"; ctx.font = `${FONT}px ${FACE}`;
      data.years.forEach((m) => {
        ctx.beginPath(); ctx.moveTo(m.x, -1.6 * ROW); ctx.lineTo(m.x, chartBottom); ctx.strokeStyle = "#e3e7ed"; ctx.stroke();
        ctx.fillText(String(m.year), m.x + 4, -1.75 * ROW);
      });
    }
    ctx.fillStyle = "#12355b"; ctx.font = `bold ${FONT + 2}px ${FACE}`;
    data.headings.forEach((h) => {
      if (state.view === "all" || h.x === 0) ctx.fillText(h[state.lang] || h.en, h.x, h.y);
    });
    ctx.restore();
  });

  // --- visibility: views, kind filters, time, collapsed neighbourhoods -----------------------------
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
  function inView(n) {
    if (state.view === "org") return n.block === "org";
    if (state.view === "entity") return n.id === state.centre || neighbours.get(state.centre).has(n.id);
    return true;
  }
  function isVisible(n, collapsedAway) {
    return inView(n) && !state.hiddenKinds.has(n.kind) && (!state.asOf || existsAt(n, state.asOf)) && !collapsedAway.has(n.id);
  }
  // What is drawn now, so that a change sends vis-network only the nodes and links it alters
  // (at 10,000 nodes, re-sending everything costs a second).
  const drawn = { hidden: new Map(), lang: state.lang, moved: false, links: new Map(data.edges.map((e, i) => [i, true])) };
  function refresh() {
    const away = hiddenByCollapse();
    const places = state.view === "entity" ? neighbourhoodPlaces(state.centre) : null;
    const relabel = drawn.lang !== state.lang;
    const updates = [];
    let shown = 0;
    data.nodes.forEach((n) => {
      const hidden = !isVisible(n, away), at = places ? places.get(n.id) : (drawn.moved ? n : null);
      shown += hidden ? 0 : 1;
      if (hidden === (drawn.hidden.get(n.id) || false) && !relabel && !at) return;
      drawn.hidden.set(n.id, hidden);
      const update = { id: n.id, hidden };
      if (relabel) Object.assign(update, { label: label(n), title: tooltip(n) });
      if (at) Object.assign(update, { x: at.x, y: at.y });
      updates.push(update);
    });
    drawn.lang = state.lang; drawn.moved = !!places;
    if (updates.length) visNodes.update(updates);
    refreshLinks();
    document.getElementById("status").textContent =
      `${shown} of ${data.nodes.length} entities shown, ${data.edges.length} links` + (state.asOf ? `, as of ${state.asOf}` : "");
    document.querySelectorAll("#timeline li").forEach((li) => {
      li.classList.toggle("hidden-by-time", !!state.asOf && li.dataset.date > state.asOf);
    });
  }

  // In the map a link is drawn when it concerns the selected entity (or all, on request): a few
  // hundred lines across the chart would hide it. The neighbourhood view draws all of its own.
  const linkHidden = (e) => state.view !== "entity" && (inChart(e) || (!state.allLinks && e.from !== state.selected && e.to !== state.selected));
  function refreshLinks() {
    const updates = [];
    data.edges.forEach((e, i) => {
      const hidden = linkHidden(e);
      if (drawn.links.get(i) !== hidden) { drawn.links.set(i, hidden); updates.push({ id: i, hidden }); }
    });
    if (updates.length) visEdges.update(updates);
  }
  document.getElementById("all-links").addEventListener("change", (ev) => { state.allLinks = ev.target.checked; refreshLinks(); });

  // One entity's neighbourhood: it in the middle, what it points to in columns on the right, what
  // points to it on the left, each column as wide as its widest label (measured as drawn).
  const measure = document.createElement("canvas").getContext("2d");
  const boxWidth = (n) => { measure.font = `${FONT}px ${FACE}`; return measure.measureText(label(n)).width + 2 * MARGIN + 8; };
  function neighbourhoodPlaces(id) {
    const outs = new Set(), ins = new Set();
    data.edges.forEach((e) => { if (e.from === id && e.to !== id) outs.add(e.to); else if (e.to === id && e.from !== id) ins.add(e.from); });
    outs.forEach((m) => ins.delete(m));
    const places = new Map([[id, { x: 0, y: 0 }]]);
    const half = boxWidth(byId.get(id)) / 2, PER_COLUMN = 24, SPACE = 120;
    const columns = (ids, side) => {
      const list = [...ids].map((m) => byId.get(m)).sort((a, b) => a.kind.localeCompare(b.kind) || label(a).localeCompare(label(b)));
      let edge = half + SPACE;
      for (let start = 0; start < list.length; start += PER_COLUMN) {
        const column = list.slice(start, start + PER_COLUMN);
        const widths = column.map(boxWidth), widest = Math.max(...widths);
        column.forEach((n, i) => {
          const y = (i - (column.length - 1) / 2) * ROW;
          places.set(n.id, { x: side * (edge + widths[i] / 2), y });
        });
        edge += widest + SPACE / 2;
      }
    };
    columns(outs, 1); columns(ins, -1);
    return places;
  }

  // --- views, each with its permalink in the URL's fragment ------------------------------------------
  const viewSelect = document.getElementById("view");
  function camera() {
    const shown = visNodes.getIds({ filter: (v) => !v.hidden });
    if (!shown.length) return;
    if (state.view === "entity") {
      network.fit({ nodes: shown, animation: false });
      if (network.getScale() > 1.2) network.moveTo({ scale: 1.2, animation: false });
      // never so small that labels cannot be read (12 px at least): the entity in the middle, the
      // rest of its neighbourhood a drag away
      if (network.getScale() < READABLE && state.centre && byId.has(state.centre)) {
        network.moveTo({ position: network.getPositions([state.centre])[state.centre], scale: READABLE, animation: false });
      }
      return;
    }
    // the map opens at its top left (the ministry, its department, units and branches), as large
    // as fits the chart's width: readable at once, the rest a scroll or zoom away
    const canvas = document.getElementById("graph").getBoundingClientRect();
    const left = -3 * MARGIN - 40, top = -2.4 * ROW;  // the chart's top left corner, its title above
    const right = data.nodes.reduce((x, n) => n.block === "org" ? Math.max(x, n.x + 150) : x, left + canvas.width / 2);
    const scale = Math.min(1, Math.max(0.45, canvas.width / (right - left)));
    network.moveTo({ position: { x: left + canvas.width / 2 / scale, y: top + canvas.height / 2 / scale }, scale, animation: false });
  }
  // the first view opens on the organization chart; "Along time" moves to the time bands' latest
  // years, as large as readable
  function jump(block) {
    if (state.view === "entity") setView("all", null, true);
    if (block === "org") { camera(); return; }
    const inBlock = data.nodes.filter((n) => n.block === block && n.x !== undefined);
    if (!inBlock.length) return;
    const canvas = document.getElementById("graph").getBoundingClientRect();
    // the latest years first (the right end of the bands), their top under the year marks
    // (undated ones sit after the last year mark: the view ends at that mark)
    const right = (data.years.length ? Math.max(...data.years.map((m) => m.x)) : Math.max(...inBlock.map((n) => n.x))) + 40;
    const top = Math.min(...inBlock.map((n) => n.y)) - 2.4 * ROW;
    const scale = READABLE;
    network.moveTo({ position: { x: right - canvas.width / 2 / scale, y: top + canvas.height / 2 / scale }, scale, animation: false });
  }
  document.querySelectorAll("#jump button").forEach((b) => b.addEventListener("click", () => jump(b.dataset.block)));
  function setView(view, centre, write) {
    if (view === "entity" && !byId.has(centre)) view = "all";
    state.view = view; state.centre = view === "entity" ? centre : null;
    viewSelect.value = view;
    viewSelect.querySelector('option[value="entity"]').disabled = !state.selected && !state.centre;
    if (write) history.replaceState(null, "", "#" + permalink());
    refresh(); camera();
  }
  const permalink = () => (state.view === "entity" ? `view=entity&id=${encodeURIComponent(state.centre)}` : `view=${state.view}`)
    + (state.lang === "vi" ? "&lang=vi" : "") + (embedded ? "&embed=1" : "");
  function fromFragment() {
    const params = new URLSearchParams(location.hash.slice(1));
    const view = params.get("view"), id = params.get("id");
    if (view === "org" || view === "all") setView(view, null, false);
    else if (view === "entity" && byId.has(id)) { setView("entity", id, false); select(id, false); }
    else if (data.focus && byId.has(data.focus)) { setView("entity", data.focus, true); select(data.focus, false); }
    else setView("all", null, false);
  }
  viewSelect.addEventListener("change", () => setView(viewSelect.value, state.selected, true));
  window.addEventListener("hashchange", fromFragment);

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
  const langSelect = document.getElementById("lang");
  langSelect.addEventListener("change", (ev) => {
    state.lang = ev.target.value;
    legend.querySelectorAll("span[data-en]").forEach((s) => { s.textContent = s.dataset[state.lang]; });
    refresh(); renderTimeline(); if (state.selected) showDetails(state.selected);
    if (state.view) history.replaceState(null, "", "#" + permalink());
  });
  langSelect.value = state.lang;
  legend.querySelectorAll("span[data-en]").forEach((s) => { s.textContent = s.dataset[state.lang]; });

  // --- time control: the date picker shows dates in the reader's locale, so the ISO date stands beside it
  const dates = data.nodes.flatMap((n) => [n.from, n.to]).filter(Boolean).sort();
  const first = dates[0] || "2000-01-01", last = dates[dates.length - 1] || "2030-12-31";
  const dayMs = 86400000, t0 = Date.parse(first), t1 = Date.parse(last);
  const asOf = document.getElementById("asof"), asOfOn = document.getElementById("asof-on"), range = document.getElementById("asof-range");
  const iso = document.getElementById("asof-iso");
  range.max = String(Math.max(1, Math.round((t1 - t0) / dayMs)));
  const syncRange = () => { range.value = String(Math.round((Date.parse(asOf.value) - t0) / dayMs)); iso.textContent = asOf.value; };
  syncRange();
  const applyTime = () => { state.asOf = asOfOn.checked && asOf.value ? asOf.value : null; iso.textContent = asOf.value; refresh(); };
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
  // Scroll the list that holds the item, and nothing else: scrollIntoView would also scroll every
  // page around it, and a page that embeds this one (an entity page's neighbourhood) would open
  // scrolled down to the frame.
  function revealInList(item) {
    let box = item.parentElement;
    while (box && box !== document.body && box.scrollHeight <= box.clientHeight) box = box.parentElement;
    if (!box || box === document.body) return;
    const outer = box.getBoundingClientRect(), inner = item.getBoundingClientRect();
    if (inner.top < outer.top) box.scrollTop -= outer.top - inner.top;
    else if (inner.bottom > outer.bottom) box.scrollTop += inner.bottom - outer.bottom;
  }
  function markSelected() {
    document.querySelectorAll("#timeline li, #results li").forEach((li) => li.classList.toggle("selected", li.dataset.id === state.selected));
    const item = timeline.querySelector(`li[data-id="${CSS.escape(state.selected || "")}"]`);
    if (item) revealInList(item);
  }

  // --- details: each statement with its sources, cited as people cite them ---------------------------------
  const details = document.getElementById("details");
  function citation(g) {
    const s = data.sources[g];
    if (!s) return el("span", g);
    // a page or article by its title; a block of the project's notes by its own label
    const text = [(s.url && s.title) || s.label, s.publisher, s.issued].filter(Boolean).join(", ");
    // only http(s) addresses become links; anything else (javascript:, data:) stays text
    if (!s.url || !/^https?:\/\/[^\s]*$/i.test(s.url)) return el("span", text);
    const a = el("a", text); a.href = s.url; a.title = s.url; a.rel = "noopener noreferrer"; a.target = "_blank";
    return a;
  }
  function cited(table, cells, graphs) {
    const tr = el("tr"); cells.forEach(([text, cls]) => tr.appendChild(el("td", text, cls))); table.appendChild(tr);
    const cite = el("tr", undefined, "cite"), td = el("td", undefined, "src"); td.colSpan = cells.length;
    graphs.forEach((g) => td.appendChild(citation(g)));
    cite.appendChild(td); table.appendChild(cite);
  }
  // a series chart from the geometry kg.series computed (the same as the server's SVG); text by textContent
  const SVG = "http://www.w3.org/2000/svg";
  function svgEl(tag, attrs, parent) {
    const e = document.createElementNS(SVG, tag);
    Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, String(v)));
    if (parent) parent.appendChild(e);
    return e;
  }
  function svgText(parent, attrs, text) { const t = svgEl("text", attrs, parent); t.textContent = text; return t; }
  function drawChart(g) {
    const [l, t, r, b] = g.plot;
    const s = svgEl("svg", { class: "series", width: g.width, height: g.height, viewBox: `0 0 ${g.width} ${g.height}`, role: "img" });
    s.setAttribute("aria-label", g.title);
    svgEl("title", {}, s).textContent = g.title;
    const axes = svgEl("g", { stroke: "#dde2ea", "font-size": 10, fill: "#556" }, s);
    g.y_ticks.forEach((k) => { svgEl("line", { x1: l, x2: r, y1: k.y, y2: k.y }, axes);
      svgText(axes, { stroke: "none", x: l - 4, y: k.y + 3, "text-anchor": "end" }, k.label); });
    g.x_ticks.forEach((k) => { svgEl("line", { x1: k.x, x2: k.x, y1: b, y2: b + 4 }, axes);
      if (k.label) svgText(axes, { stroke: "none", x: k.middle, y: b + 15, "text-anchor": "middle" }, k.label); });
    svgText(axes, { stroke: "none", x: 2, y: 10 }, g.axis);
    svgEl("line", { stroke: "#8893a2", x1: l, x2: r, y1: g.zero, y2: g.zero }, axes);
    g.lines.forEach((line) => {
      const [[ax, ay], [bx, by]] = line.points;
      const a = { class: "year-line", x1: ax, y1: ay, x2: bx, y2: by, stroke: "#1f6fb2", "stroke-width": 1.5 };
      if (line.dashed) a["stroke-dasharray"] = "4 3";
      svgEl("line", a, s);
    });
    g.marks.forEach((m) => {
      const mark = svgEl("g", { class: "mark", "data-kind": m.kind }, s);
      svgEl("title", {}, mark).textContent = m.title;
      if (m.from < m.x) svgEl("line", { x1: m.from, x2: m.x, y1: m.y, y2: m.y, stroke: m.stroke, "stroke-opacity": 0.35, "stroke-width": 3 }, mark);
      if (m.shape === "circle") svgEl("circle", { cx: m.x, cy: m.y, r: 4, fill: m.fill, stroke: m.stroke, "stroke-width": 1.5 }, mark);
      else svgEl("rect", { x: m.x - 3.5, y: m.y - 3.5, width: 7, height: 7, fill: m.fill }, mark);
    });
    return s;
  }
  function showDetails(id) {
    const n = byId.get(id), d = data.details[id];
    details.replaceChildren(el("h3", fullLabel(n)), el("p", n.type + (n.notation ? ` · ${n.notation}` : ""), "type"));
    if (n.from || n.to) details.appendChild(el("p", `${n.from ? "from " + n.from : ""} ${n.to ? "until " + n.to : ""}`.trim()));
    const link = el("a", "Show its neighbourhood"); link.href = `#view=entity&id=${encodeURIComponent(id)}`;
    details.appendChild(link);
    if (d.series) {
      details.appendChild(el("h2", "Over time"));
      details.appendChild(el("p", "● a whole year, joined year to year · ○ part of a year · ■ a day; hover a mark for its source", "type"));
      d.series.forEach((g) => { details.appendChild(el("p", g.title, "chart-title")); details.appendChild(drawChart(g)); });
    }
    if (d.figures.length) {
      details.appendChild(el("h2", "Key figures"));
      const t = el("table");
      d.figures.forEach(([what, value, period, g]) => cited(t, [[what, "p"], [`${value} (${period})`]], [g]));
      details.appendChild(t);
    }
    details.appendChild(el("h2", "Statements and their sources"));
    const t = el("table");
    d.statements.forEach(([p, v, graphs]) => cited(t, [[p, "p"], [v]], graphs));
    details.appendChild(t);
  }
  function select(id, focus) {
    state.selected = id;
    viewSelect.querySelector('option[value="entity"]').disabled = false;
    const n = byId.get(id);
    if (focus && ((state.view === "org" && n.block !== "org") || (state.view === "entity" && !inView(n)))) setView("all", null, true);
    network.selectNodes([id]);
    refreshLinks();
    if (focus) network.focus(id, { scale: Math.max(1, network.getScale()), animation: false });
    showDetails(id); markSelected();
  }
  network.on("click", (p) => { if (p.nodes.length) select(p.nodes[0], false); });
  network.on("doubleClick", (p) => {
    if (!p.nodes.length) return;
    const id = p.nodes[0];
    state.collapsed.has(id) ? state.collapsed.delete(id) : state.collapsed.add(id);
    refresh();
  });

  renderTimeline(); fromFragment();
})();
