// The query page: runs SPARQL against this server's /sparql and shows the answer as a table.
// Every value is set as text; only this server's paths and http(s) addresses become links.
(function () {
  "use strict";
  const BASE = "https://w3id.org/vn-customs-kg/";
  const $ = (id) => document.getElementById(id);
  const editor = $("editor"), results = $("results"), status = $("status");
  let named = [];

  function el(tag, text, attrs) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }

  function cell(term) {
    const td = el("td");
    if (!term) return td;
    if (term.type === "uri") {
      const local = term.value.startsWith(BASE) ? "/" + term.value.slice(BASE.length) : null;
      const href = local || (/^https?:\/\/[^\s]*$/i.test(term.value) ? term.value : null);
      td.appendChild(href ? el("a", term.value.startsWith(BASE) ? term.value.slice(BASE.length) : term.value, {href: href})
                          : document.createTextNode(term.value));
    } else if (/^https?:\/\/\S+(?: https?:\/\/\S+)*$/.test(term.value)) {
      // a list of graphs (the sources column): each a link to its page
      for (const iri of term.value.split(" ")) {
        const local = iri.startsWith(BASE) ? "/" + iri.slice(BASE.length) : null;
        td.appendChild(local ? el("a", iri.slice(BASE.length), {href: local}) : document.createTextNode(iri));
        td.appendChild(document.createTextNode(" "));
      }
    } else {
      td.textContent = term.value + (term["xml:lang"] === "vi" ? " @vi" : "");
    }
    return td;
  }

  // Highlighting: the query drawn token by token (as text) in a <pre> under the transparent textarea.
  const TOKENS = new RegExp([
    "(#[^\\n]*)",                                                       // comment
    "(\"\"\"[\\s\\S]*?\"\"\"|'''[\\s\\S]*?'''|\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*')", // string
    "(<[^<>\"{}|^`\\\\\\s]*>)",                                          // IRI
    "([?$]\\w+)",                                                      // variable
    "([A-Za-z][\\w.-]*:(?:[\\w\\-]|\\\\.)*|:[\\w\\-]+)",                  // prefixed name
    "\\b(SELECT|DISTINCT|REDUCED|WHERE|FILTER|OPTIONAL|UNION|MINUS|GRAPH|SERVICE|PREFIX|BASE|ORDER|BY|ASC|DESC|" +
    "LIMIT|OFFSET|GROUP|HAVING|AS|BIND|VALUES|CONSTRUCT|DESCRIBE|ASK|FROM|NAMED|NOT|EXISTS|IN|COUNT|SUM|MIN|" +
    "MAX|AVG|SAMPLE|GROUP_CONCAT|SEPARATOR|LANG|STR|REGEX|COALESCE|IF|a)\\b",  // keyword
  ].join("|"), "gi");
  const CLASSES = [null, "c", "s", "i", "v", "p", "k"];

  function highlight() {
    const pre = $("highlight"), text = editor.value;
    pre.textContent = "";
    let last = 0, m;
    TOKENS.lastIndex = 0;
    while ((m = TOKENS.exec(text)) !== null) {
      if (m[0].length === 0) { TOKENS.lastIndex++; continue; }
      if (m.index > last) pre.appendChild(document.createTextNode(text.slice(last, m.index)));
      const group = m.slice(1).findIndex((g) => g !== undefined) + 1;
      pre.appendChild(el("span", m[0], {class: CLASSES[group]}));
      last = TOKENS.lastIndex;
    }
    pre.appendChild(document.createTextNode(text.slice(last) + "\n"));
    pre.scrollTop = editor.scrollTop;
  }

  function params() {
    const p = new URLSearchParams();
    p.set("query", editor.value);
    for (const input of document.querySelectorAll("#binds input")) {
      if (input.value.trim()) p.append("bind", input.name + "=" + input.value.trim());
    }
    return p;
  }

  function links() {
    const p = params();
    $("permalink").href = "#" + p.toString();
    const box = $("downloads");
    box.textContent = "";
    const graphForm = /^\s*(?:(?:PREFIX|BASE)[^\n]*\n\s*|#[^\n]*\n\s*)*(CONSTRUCT|DESCRIBE)/i.test(editor.value);
    const formats = graphForm ? ["turtle", "nt", "jsonld", "rdfxml"] : ["json", "xml", "csv", "tsv"];
    box.appendChild(document.createTextNode("download: "));
    for (const f of formats) {
      const q = new URLSearchParams(p);
      q.set("format", f);
      box.appendChild(el("a", f, {href: "/sparql?" + q.toString(), download: "answer." + f}));
      box.appendChild(document.createTextNode(" "));
    }
  }

  async function run() {
    status.textContent = "running…";
    results.textContent = "";
    links();
    history.replaceState(null, "", "#" + params().toString());
    try {
      const response = await fetch("/sparql", {method: "POST", body: params(),
        headers: {"Accept": "application/sparql-results+json, text/turtle;q=0.9"}});
      const text = await response.text();
      if (!response.ok) {
        status.textContent = "";
        results.appendChild(el("p", response.status + ": " + text, {class: "error"}));
        return;
      }
      if (!(response.headers.get("content-type") || "").includes("json")) {
        results.appendChild(el("pre", text));
        status.textContent = "";
        return;
      }
      const data = JSON.parse(text);
      if ("boolean" in data) {
        results.appendChild(el("p", data.boolean ? "yes" : "no"));
        status.textContent = "";
        return;
      }
      const table = el("table"), head = el("tr");
      for (const v of data.head.vars) head.appendChild(el("th", v));
      table.appendChild(head);
      for (const row of data.results.bindings) {
        const tr = el("tr");
        for (const v of data.head.vars) tr.appendChild(cell(row[v]));
        table.appendChild(tr);
      }
      results.appendChild(table);
      status.textContent = data.results.bindings.length + " rows";
    } catch (e) {
      status.textContent = "";
      results.appendChild(el("p", String(e), {class: "error"}));
    }
  }

  function choose(name) {
    const q = named.find((x) => x.name === name);
    const binds = $("binds");
    binds.textContent = "";
    $("question").textContent = q ? q.question + (q.question_vi ? " — " + q.question_vi : "") : "";
    if (!q) return;
    editor.value = q.text;
    highlight();
    for (const p of q.parameters) {
      const label = el("label", p + " ");
      label.appendChild(el("input", null, {name: p, placeholder: p === "date" ? "2025-03-01" : "a name, number or CURIE"}));
      binds.appendChild(label);
    }
    links();
  }

  async function start() {
    const hash = new URLSearchParams(location.hash.slice(1));
    if (hash.get("query")) editor.value = hash.get("query");
    editor.addEventListener("input", highlight);
    editor.addEventListener("scroll", () => { $("highlight").scrollTop = editor.scrollTop; });
    highlight();
    try {
      named = await (await fetch("/queries.json")).json();
      for (const q of named) $("examples").appendChild(el("option", q.name + ": " + q.question, {value: q.name}));
    } catch (e) { /* the page still runs queries without its examples */ }
    $("examples").addEventListener("change", (e) => choose(e.target.value));
    $("run").addEventListener("click", run);
    editor.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(); });
    links();
    if (hash.get("query")) {
      for (const [k, v] of hash.entries()) {
        if (k === "bind") {
          const [name, value] = [v.slice(0, v.indexOf("=")), v.slice(v.indexOf("=") + 1)];
          const label = el("label", name + " ");
          label.appendChild(el("input", null, {name: name, value: value}));
          $("binds").appendChild(label);
        }
      }
      run();
    }
  }
  window.kgQueryPage = {run: run};
  start();
})();
