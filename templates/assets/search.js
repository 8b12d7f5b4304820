// Search for the briefing wiki: the box in every page's header, and the full results page
// (search/index.html?q=…&kind=…&page=…).
//
// The index is made at build time (Sources/SitegenViews/SearchIndex.swift) and split so that a query
// loads a small part of it: search/terms.js (every word of the site, grouped by stem; the kind of each
// page) on the first keystroke, then the postings files search/p-K.js of the stems the query matches,
// then search/d/N.js (title, path, summary and text) of the results shown, for their excerpts. All are
// scripts that assign to a window global, not fetch, so that search works from file:// and from any
// sub-folder (paths are relative to the box's data-root).
//
// A query word matches the words of the vocabulary that equal it (and so every form of that word, since
// words are grouped by stem), the words it begins (the last word, from 3 letters, while it is typed),
// and, when it is not a word of the site, the words within an edit distance of 1 (2 from 8 letters; a
// swap of two letters counts 1). Pages must match every word. A match in the title ranks above one in an alias,
// then the summary or tags, then the text.
(function () {
  "use strict";
  var box = document.querySelector(".search");
  if (!box) return;
  var root = box.getAttribute("data-root") || "";
  var FILE = location.protocol === "file:";
  var form = box.querySelector(".search-form");
  var input = box.querySelector("input");
  var list = box.querySelector(".search-results");
  var status = document.getElementById("search-status");
  var fallback = box.querySelector(".search-fallback");
  var SHOWN = 12;
  // Words a word being typed may be the beginning of (the most frequent), and typo neighbours kept.
  var PREFIXES = 12, NEAR = 10;
  // Weight of a match by where it is: text, summary or tags, alias, title, short alias, short title
  // (SearchIndex.Level).
  var LEVEL = [1, 4, 30, 36, 44, 50];
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var DIGIT = {};
  for (var d = 0; d < DIGITS.length; d++) DIGIT[DIGITS.charCodeAt(d)] = d;

  // ---- loading scripts ------------------------------------------------------------------------
  var scripts = {};  // path -> list of callbacks while loading, true when done

  function loadScript(path, done) {
    var s = scripts[path];
    if (s === true) return done();
    if (s) { s.push(done); return; }
    scripts[path] = [done];
    var el = document.createElement("script");
    el.src = root + path;
    el.onload = el.onerror = function () {
      var waiting = scripts[path];
      scripts[path] = true;
      waiting.forEach(function (f) { f(); });
    };
    document.head.appendChild(el);
  }

  function loadAll(paths, done) {
    var left = paths.length;
    if (!left) return done();
    paths.forEach(function (p) { loadScript(p, function () { if (--left === 0) done(); }); });
  }

  // ---- text -------------------------------------------------------------------------------------
  function fold(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // The words of a text as SearchText.forEachWord makes them: runs of letters and digits, a `,` or `.`
  // between digits dropped, one-letter words left out.
  function words(s) {
    var out = [];
    (fold(s).replace(/(\d)[.,](?=\d)/g, "$1").match(/[\p{L}\p{N}]+/gu) || []).forEach(function (w) {
      if (w.length > 1 || /\d/.test(w)) out.push(w);
    });
    return out;
  }

  // Optimal string alignment distance, or max + 1 when it is more than max.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1))
          v = Math.min(v, prev2[j - 2] + 1);
        cur[j] = v;
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  // ---- the index --------------------------------------------------------------------------------
  var index = null;  // {n, kinds, pk, words, stemOf, df, exact}

  function loadIndex(done) {
    if (index) return done();
    loadScript("search/terms.js", function () {
      var raw = window.SITEGEN_TERMS;
      if (!raw) return done();
      var w = [], stemOf = [], df = [], first = [], exact = Object.create(null);
      raw.t.split(";").forEach(function (line, stem) {
        var parts = line.split(" ");
        df[stem] = parseInt(parts[0], 36);
        first[stem] = w.length;
        for (var k = 1; k < parts.length; k++) {
          exact[parts[k]] = w.length;
          w.push(parts[k]);
          stemOf.push(stem);
        }
      });
      first.push(w.length);
      index = { n: raw.n, kinds: raw.kinds, pk: raw.pk, words: w, stemOf: stemOf, df: df, first: first, exact: exact };
      done();
    });
  }

  // The stems a query word matches, each with how well (1 exact, 0.7 prefix, 0.6 or 0.4 a typo), and
  // the words of those stems (for the highlight).
  function match(q, isLast) {
    var stems = {}, matched = [];
    // Every word of the stem is highlighted (a search for "cartels" marks "cartel" too).
    function add(k, quality) {
      var s = index.stemOf[k];
      if (!(s in stems)) matched = matched.concat(index.words.slice(index.first[s], index.first[s + 1]));
      if (!(s in stems) || stems[s] < quality) stems[s] = quality;
    }
    // A number is not in the vocabulary: its postings are under "#" + the number, in the file its
    // hash names (SearchIndex.numberShard).
    if (/^\d+$/.test(q)) {
      stems["#" + q] = 1;
      matched.push(q);
      return { stems: stems, words: matched };
    }
    var k = index.exact[q];
    if (k !== undefined) add(k, 1);
    var W = index.words, i;
    if (isLast && q.length >= 3) {
      var pre = [];
      for (i = 0; i < W.length; i++) if (W[i].length > q.length && W[i].lastIndexOf(q, 0) === 0) pre.push(i);
      pre.sort(function (a, b) { return index.df[index.stemOf[b]] - index.df[index.stemOf[a]] || a - b; });
      pre.slice(0, PREFIXES).forEach(function (i) { add(i, 0.7); });
    }
    if (k === undefined && q.length >= 4 && !/^\d+$/.test(q)) {
      var max = q.length >= 8 ? 2 : 1, near = [];
      for (i = 0; i < W.length; i++) {
        var dist = distance(q, W[i], max);
        if (dist <= max) near.push([dist, i]);
      }
      near.sort(function (a, b) { return a[0] - b[0] || index.df[index.stemOf[b[1]]] - index.df[index.stemOf[a[1]]] || a[1] - b[1]; });
      near.slice(0, NEAR).forEach(function (n) { add(n[1], n[0] === 1 ? 0.6 : 0.4); });
    }
    return { stems: stems, words: matched };
  }

  // FNV-1a of a number's digits (SearchIndex.fnv).
  function fnv(s) {
    var h = 2166136261;
    for (var i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
    return h;
  }

  // The postings file of a stem number, or of "#" + a number.
  function shardOf(key) {
    return key.charAt(0) === "#" ? fnv(key.slice(1)) % index.n : key % index.n;
  }

  function decode(code, each) {
    var i = 0, page = -1;
    function next() {
      var n = 0, shift = 0, c;
      do {
        c = DIGIT[code.charCodeAt(i++)];
        n += (c & 31) * Math.pow(2, shift);
        shift += 5;
      } while (c & 32);
      return n;
    }
    while (i < code.length) {
      page += next() + 1;
      each(page, next());
    }
  }

  // Runs the query; `done(result)` with result = {words, pages: [page numbers, best first], partial}.
  function run(query, prefixLast, done) {
    var qs = words(query);
    if (!qs.length) return done({ words: [], pages: [], partial: false });
    loadIndex(function () {
      if (!index) return done({ words: [], pages: [], partial: false });
      var matches = qs.map(function (q, i) { return match(q, prefixLast && i === qs.length - 1); });
      var shards = {};
      matches.forEach(function (m) { for (var s in m.stems) shards[shardOf(s)] = true; });
      var paths = Object.keys(shards).map(function (k) { return "search/p-" + k + ".js"; });
      loadAll(paths, function () {
        var P = window.SITEGEN_POSTINGS || {};
        var total = {}, count = {};
        matches.forEach(function (m) {
          var best = {};
          for (var s in m.stems) {
            var code = (P[shardOf(s)] || {})[s];
            if (!code) continue;
            var quality = m.stems[s];
            decode(code, function (page, w) {
              var score = quality * (LEVEL[w >> 4] * 100 + Math.min(w & 15, 15));
              if (!(page in best) || best[page] < score) best[page] = score;
            });
          }
          for (var p in best) {
            total[p] = (total[p] || 0) + best[p];
            count[p] = (count[p] || 0) + 1;
          }
        });
        var most = 0, p;
        for (p in count) if (count[p] > most) most = count[p];
        var pages = [];
        for (p in count) if (count[p] === most) pages.push(+p);
        pages.sort(function (a, b) { return total[b] - total[a] || a - b; });
        var all = [];
        matches.forEach(function (m) { all = all.concat(m.words); });
        done({ words: all, pages: pages, partial: most > 0 && most < qs.length });
      });
    });
  }

  function docs(pages, done) {
    loadAll(pages.map(function (p) { return "search/d/" + p + ".js"; }), function () {
      var D = window.SITEGEN_DOCS || {};
      done(pages.map(function (p) { return D[p]; }).filter(Boolean));
    });
  }

  function kindOf(page) { return index.kinds[parseInt(index.pk.charAt(page), 36)] || ""; }

  function href(u) {
    var h = root + u;
    if (FILE) h += "index.html";
    return h || "./";
  }

  function resultsPage(q) {
    return root + "search/" + (FILE ? "index.html" : "") + "?q=" + encodeURIComponent(q);
  }

  // ---- excerpts and highlighting ----------------------------------------------------------------
  var WORD = /[\p{L}\p{N}\u0300-\u036f]+(?:[.,]\p{N}+)*/gu;

  // The places of `matched` words in `text`: [start, end] pairs.
  function places(text, matched) {
    var set = {}, out = [], m;
    matched.forEach(function (w) { set[w] = true; });
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      var f = fold(m[0]).replace(/(\d)[.,](?=\d)/g, "$1");
      if (set[f] || (/[.,]/.test(f) && f.split(/[.,]/).some(function (x) { return set[x]; })))
        out.push([m.index, m.index + m[0].length]);
    }
    return out;
  }

  // Appends `text` to `el`, with the matched words in <mark>: text nodes only, never markup.
  function highlight(el, text, matched) {
    var at = 0;
    places(text, matched).forEach(function (r) {
      if (r[0] > at) el.appendChild(document.createTextNode(text.slice(at, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      el.appendChild(mark);
      at = r[1];
    });
    if (at < text.length) el.appendChild(document.createTextNode(text.slice(at)));
  }

  // About `size` characters of the page's text around its first match, else its summary.
  function excerpt(doc, matched, size) {
    var text = doc.x || "", at = places(text, matched);
    if (!at.length) return doc.s || text.slice(0, size);
    var start = Math.max(0, at[0][0] - Math.floor(size / 3));
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < at[0][0] ? space + 1 : start;
    }
    var end = Math.min(text.length, start + size);
    if (end < text.length) {
      var back = text.lastIndexOf(" ", end);
      if (back > at[0][1]) end = back;
    }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  // One result: its title (highlighted), kind and excerpt (highlighted), in an <a> or a list item.
  function fill(a, doc, matched, size) {
    var t = document.createElement("span");
    t.className = "title";
    highlight(t, doc.t, matched);
    var k = document.createElement("span");
    k.className = "kind";
    k.textContent = doc.k;
    var sn = document.createElement("span");
    sn.className = "snippet";
    highlight(sn, excerpt(doc, matched, size), matched);
    a.appendChild(t); a.appendChild(document.createTextNode(" ")); a.appendChild(k); a.appendChild(sn);
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  // ---- the box in the header --------------------------------------------------------------------
  var selected = -1, seq = 0, announce = null;

  function say(text) {
    if (!status) return;
    clearTimeout(announce);
    announce = setTimeout(function () { status.textContent = text; }, 400);
  }

  function update() {
    var q = input.value, mine = ++seq;
    if (!words(q).length) { render(q, null, []); return; }
    run(q, true, function (r) {
      if (mine !== seq) return;
      docs(r.pages.slice(0, SHOWN), function (ds) {
        if (mine === seq) render(q, r, ds);
      });
    });
  }

  function render(q, r, ds) {
    list.textContent = "";
    selected = -1;
    input.removeAttribute("aria-activedescendant");
    if (!r) { close(); say(""); return; }
    if (!r.pages.length) {
      var li = document.createElement("li");
      li.className = "empty";
      li.setAttribute("role", "option");
      li.setAttribute("aria-disabled", "true");
      li.textContent = "No page matches. Browse the Countries, Actors or Policies indexes.";
      list.appendChild(li);
    }
    ds.forEach(function (doc, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "none");
      var a = document.createElement("a");
      a.setAttribute("role", "option");
      a.id = "search-result-" + i;
      a.href = href(doc.u);
      a.tabIndex = -1;
      fill(a, doc, r.words, 120);
      li.appendChild(a);
      list.appendChild(li);
    });
    if (r.pages.length) {
      var li2 = document.createElement("li");
      li2.setAttribute("role", "none");
      li2.className = "all";
      var all = document.createElement("a");
      all.setAttribute("role", "option");
      all.id = "search-result-all";
      all.href = resultsPage(q);
      all.tabIndex = -1;
      all.textContent = r.pages.length > SHOWN ? "All " + r.pages.length + " results" : "Show these results on a page";
      li2.appendChild(all);
      list.appendChild(li2);
    }
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    say(r.pages.length ? plural(r.pages.length, "result", "results") + (r.partial ? " with some of the words" : "")
      + (r.pages.length > SHOWN ? ", " + SHOWN + " shown" : "") : "No results");
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
    var items = list.querySelectorAll("a[id]");
    if (selected >= 0 && items[selected]) location.href = items[selected].href;
    else if (words(input.value).length) location.href = resultsPage(input.value);
  });
  input.addEventListener("input", function () { loadIndex(update); });
  input.addEventListener("focus", function () { loadIndex(function () {}); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown") { ev.preventDefault(); if (list.hidden && index) update(); move(1); }
    else if (ev.key === "ArrowUp") { ev.preventDefault(); move(-1); }
    else if (ev.key === "Escape") { close(); }
  });
  document.addEventListener("click", function (ev) { if (!box.contains(ev.target)) close(); });

  // `/` focuses the box, unless typed into a field.
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) return;
    var t = ev.target, tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
    ev.preventDefault();
    input.focus();
    input.select();
  });

  // ---- the results page -------------------------------------------------------------------------
  var page = document.querySelector(".search-page");
  if (!page) return;
  var perPage = parseInt(page.getAttribute("data-per-page"), 10) || 20;
  var pform = page.querySelector(".sp-form");
  var pinput = document.getElementById("sp-q");
  var pstatus = document.getElementById("sp-status");
  var plist = document.getElementById("sp-results");
  var pnav = page.querySelector(".sp-pages");
  var noscript = page.querySelector(".sp-noscript");
  var pseq = 0;
  pform.hidden = false;
  noscript.hidden = true;

  function params() {
    var p = new URLSearchParams(location.search);
    var kind = p.get("kind") || "";
    return { q: p.get("q") || "", kind: /^\d+$/.test(kind) ? kind : "", page: Math.max(1, parseInt(p.get("page"), 10) || 1) };
  }

  function link(q, kind, n) {
    var p = new URLSearchParams();
    p.set("q", q);
    if (kind) p.set("kind", kind);
    if (n > 1) p.set("page", String(n));
    return "?" + p.toString();
  }

  function show() {
    var st = params(), mine = ++pseq;
    pinput.value = st.q;
    var radios = pform.querySelectorAll("input[name=kind]");
    Array.prototype.forEach.call(radios, function (r) { r.checked = r.value === st.kind; });
    plist.textContent = "";
    pnav.hidden = true;
    pnav.textContent = "";
    Array.prototype.forEach.call(pform.querySelectorAll(".count"), function (c) { c.textContent = ""; });
    if (!words(st.q).length) { pstatus.textContent = "Type words to find."; return; }
    pstatus.textContent = "Searching…";
    run(st.q, false, function (r) {
      if (mine !== pseq) return;
      var counts = {}, shown = [];
      r.pages.forEach(function (p) {
        var k = index.pk.charAt(p) ? String(parseInt(index.pk.charAt(p), 36)) : "";
        counts[k] = (counts[k] || 0) + 1;
        if (!st.kind || st.kind === k) shown.push(p);
      });
      Array.prototype.forEach.call(pform.querySelectorAll(".count"), function (c) {
        var k = c.getAttribute("data-kind");
        c.textContent = "(" + (k ? counts[k] || 0 : r.pages.length) + ")";
      });
      var pages = Math.max(1, Math.ceil(shown.length / perPage));
      var n = Math.min(st.page, pages);
      var slice = shown.slice((n - 1) * perPage, n * perPage);
      docs(slice, function (ds) {
        if (mine !== pseq) return;
        ds.forEach(function (doc) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = href(doc.u);
          fill(a, doc, r.words, 260);
          li.appendChild(a);
          plist.appendChild(li);
        });
        plist.start = (n - 1) * perPage + 1;
        var kindLabel = "";
        if (st.kind) {
          var radio = pform.querySelector("input[name=kind][value='" + st.kind + "']");
          kindLabel = radio ? " in " + radio.parentNode.textContent.replace(/\(\d+\)/, "").trim() : "";
        }
        var text = shown.length
          ? plural(shown.length, "result", "results") + kindLabel + " for “" + st.q + "”"
            + (r.partial ? " (pages with some of the words: none has all)" : "")
            + (pages > 1 ? "; page " + n + " of " + pages + ", results " + ((n - 1) * perPage + 1) + "–" + ((n - 1) * perPage + slice.length) : "")
          : "No results" + kindLabel + " for “" + st.q + "”.";
        pstatus.textContent = text;
        if (pages > 1) {
          pnav.hidden = false;
          function item(label, to, current) {
            var a = document.createElement("a");
            a.href = link(st.q, st.kind, to);
            a.textContent = label;
            if (current) a.setAttribute("aria-current", "page");
            pnav.appendChild(a);
            pnav.appendChild(document.createTextNode(" "));
          }
          if (n > 1) item("Previous", n - 1);
          for (var k = 1; k <= pages; k++) {
            if (k === 1 || k === pages || Math.abs(k - n) <= 2) item(String(k), k, k === n);
            else if (Math.abs(k - n) === 3) pnav.appendChild(document.createTextNode("… "));
          }
          if (n < pages) item("Next", n + 1);
        }
      });
    });
  }

  pform.addEventListener("change", function (ev) {
    if (ev.target.name !== "kind") return;
    history.replaceState(null, "", link(params().q, ev.target.value, 1));
    show();
  });
  pform.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var kind = pform.querySelector("input[name=kind]:checked");
    history.pushState(null, "", link(pinput.value, kind ? kind.value : "", 1));
    show();
  });
  window.addEventListener("popstate", show);
  show();
})();
