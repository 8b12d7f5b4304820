// Search for the briefing wiki: loads the index generated at build time (search-index.js: titles,
// aliases, tags and summaries) and ranks titles and aliases above summaries and body text. The body
// text is in search-body-K.js files, loaded only when the other fields give fewer results than are
// shown. Scripts, not fetch, so that it works from file:// too, and from a sub-folder.
(function () {
  "use strict";
  var box = document.querySelector(".search");
  if (!box) return;
  var root = box.getAttribute("data-root") || "";
  var form = box.querySelector(".search-form");
  var input = box.querySelector("input");
  var list = box.querySelector(".search-results");
  var fallback = box.querySelector(".search-fallback");
  var entries = null;
  var selected = -1;
  var SHOWN = 12;
  // Entries per body file: SiteViews.searchBodyChunk.
  var CHUNK = 1000;
  var bodies = "none";  // "none", "loading" or "loaded"
  var waiting = [];

  function fold(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, " ").trim();
  }

  function load(done) {
    if (entries) return done();
    if (window.SITEGEN_SEARCH) { prepare(); return done(); }
    var s = document.createElement("script");
    s.src = root + "search-index.js";
    s.onload = function () { prepare(); done(); };
    document.head.appendChild(s);
  }

  function prepare() {
    entries = (window.SITEGEN_SEARCH || []).map(function (e) {
      return { e: e, title: fold(e.t), aliases: e.a.map(fold), tags: e.g.map(fold), summary: fold(e.s), body: "" };
    });
  }

  // Loads every body file once; `done` runs when all have loaded or failed.
  function loadBodies(done) {
    if (bodies === "loaded") return done();
    waiting.push(done);
    if (bodies === "loading") return;
    bodies = "loading";
    var count = Math.ceil(entries.length / CHUNK);
    var left = count;
    function finished() {
      if (--left > 0) return;
      var chunks = window.SITEGEN_SEARCH_BODY || [];
      entries.forEach(function (x, i) {
        var c = chunks[Math.floor(i / CHUNK)];
        x.body = c ? fold(c[i % CHUNK]) : "";
      });
      bodies = "loaded";
      var w = waiting; waiting = [];
      w.forEach(function (f) { f(); });
    }
    if (!count) { left = 1; finished(); return; }
    for (var k = 0; k < count; k++) {
      var s = document.createElement("script");
      s.src = root + "search-body-" + k + ".js";
      s.onload = finished;
      s.onerror = finished;
      document.head.appendChild(s);
    }
  }

  function scoreText(text, q, words, full, prefix, part) {
    if (!text) return 0;
    if (text === q) return full;
    if (text.indexOf(q) === 0) return prefix;
    if ((" " + text).indexOf(" " + q) >= 0) return part;
    var all = words.every(function (w) { return text.indexOf(w) >= 0; });
    return all ? part / 2 : 0;
  }

  function search(raw) {
    var q = fold(raw);
    if (!q) return [];
    var words = q.split(" ");
    var out = [];
    entries.forEach(function (x) {
      var s = scoreText(x.title, q, words, 1000, 800, 600);
      x.aliases.forEach(function (a) { s = Math.max(s, scoreText(a, q, words, 900, 700, 500)); });
      x.tags.forEach(function (t) { s = Math.max(s, scoreText(t, q, words, 300, 250, 200)); });
      if (s === 0) s = scoreText(x.summary, q, words, 150, 150, 150);
      if (s === 0 && words.every(function (w) { return x.body.indexOf(w) >= 0; })) s = 50;
      if (s > 0) out.push({ x: x, s: s });
    });
    out.sort(function (a, b) { return b.s - a.s || (a.x.e.t < b.x.e.t ? -1 : 1); });
    return out.slice(0, SHOWN);
  }

  // Results from titles, aliases, tags and summaries first; when they are fewer than are shown,
  // body matches (which rank below all of them) may add some: the bodies are loaded and the list
  // is made again.
  function update() {
    var q = input.value;
    var results = search(q);
    render(results);
    if (results.length < SHOWN && bodies !== "loaded" && fold(q)) {
      loadBodies(function () { if (input.value === q) render(search(q)); });
    }
  }

  function href(u) {
    var h = root + u;
    if (location.protocol === "file:") h += "index.html";
    return h || "./";
  }

  function render(results) {
    list.innerHTML = "";
    selected = -1;
    if (!input.value.trim()) { close(); return; }
    if (!results.length) {
      var li = document.createElement("li");
      li.className = "empty";
      li.setAttribute("role", "option");
      li.textContent = "No page matches. Browse the Countries, Actors or Policies indexes.";
      list.appendChild(li);
    }
    results.forEach(function (r, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "none");
      var a = document.createElement("a");
      a.setAttribute("role", "option");
      a.id = "search-result-" + i;
      a.href = href(r.x.e.u);
      a.tabIndex = -1;
      var t = document.createElement("span");
      t.textContent = r.x.e.t;
      var k = document.createElement("span");
      k.className = "kind";
      k.textContent = r.x.e.k;
      var sn = document.createElement("span");
      sn.className = "snippet";
      sn.textContent = r.x.e.s;
      a.appendChild(t); a.appendChild(k); a.appendChild(sn);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    selected = -1;
  }

  function move(d) {
    var items = list.querySelectorAll("a[id]");
    if (!items.length) return;
    if (selected >= 0) items[selected].removeAttribute("aria-selected");
    selected = (selected + d + items.length) % items.length;
    items[selected].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", items[selected].id);
    items[selected].scrollIntoView({ block: "nearest" });
  }

  form.hidden = false;
  if (fallback) fallback.hidden = true;
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var first = list.querySelector("a[id]");
    var items = list.querySelectorAll("a[id]");
    var target = selected >= 0 ? items[selected] : first;
    if (target) location.href = target.href;
  });
  input.addEventListener("input", function () {
    load(update);
  });
  input.addEventListener("focus", function () { load(function () {}); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") { ev.preventDefault(); if (list.hidden && entries) update(); move(1); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); move(-1); }
    else if (ev.key === "Escape") { close(); }
  });
  document.addEventListener("click", function (ev) { if (!box.contains(ev.target)) close(); });
})();
