#!/usr/bin/env python3
"""What search costs a reader: the size of the search index of a built site, and the bytes each query
loads, measured in headless Chromium (selenium, as browser/check.sh installs it).

    python3 bench/search_bytes.py OUTPUT [QUERY ...]

For each query, a page of the site is opened from disk (file://), the query is typed into the search
box (a key at a time, as a reader types, so the files loaded for the first letters count too), and
once the results are shown the files the page loaded from search/ are listed and their sizes summed: as stored, and gzip-compressed (what a server with compression would
send). Then the same for the full results page (search/?q=…, 20 results). Default queries: a common
word, a rare word, and two words of which one has a typing mistake.
"""
import gzip
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "browser"))
import check  # noqa: E402

# The scripts search.js added (Resource Timing lists nothing for file://).
LOADED = """
return Array.prototype.map.call(document.querySelectorAll('head script[src*="search/"]'), function (s) { return s.src; });"""


def sizes(public, urls):
    raw = gz = 0
    files = []
    for u in urls:
        path = urllib.parse.unquote(urllib.parse.urlsplit(u).path)
        data = open(path, "rb").read()
        raw += len(data)
        gz += len(gzip.compress(data, 6, mtime=0))
        files.append(os.path.relpath(path, public))
    return raw, gz, files


def kb(n):
    return f"{n / 1024:,.1f} KB"


def main():
    public = os.path.abspath(sys.argv[1])
    queries = sys.argv[2:] or ["asylum", "jaguar", "asylum refrom"]
    search = os.path.join(public, "search")
    total = gz_total = 0
    count = {"terms": 0, "postings": 0, "documents": 0}
    for dirpath, _, names in os.walk(search):
        for n in names:
            if not n.endswith(".js"):
                continue
            data = open(os.path.join(dirpath, n), "rb").read()
            total += len(data)
            gz_total += len(gzip.compress(data, 6, mtime=0))
            count["documents" if dirpath.endswith("/d") else "terms" if n == "terms.js" else "postings"] += 1
    terms = os.path.getsize(os.path.join(search, "terms.js"))
    print(f"search index: {kb(total)} in {sum(count.values())} files ({count['postings']} postings files, "
          f"{count['documents']} excerpt files); gzip {kb(gz_total)}")
    print(f"  terms.js {kb(terms)} (gzip {kb(len(gzip.compress(open(os.path.join(search, 'terms.js'), 'rb').read(), 6, mtime=0)))})")
    base = "file://" + urllib.parse.quote(public) + "/"
    first = None
    for dirpath, _, names in os.walk(public):
        if "index.html" in names and os.path.relpath(dirpath, public).count("/") == 1:
            first = os.path.relpath(dirpath, public) + "/index.html"
            break
    d = check.make_driver()
    try:
        for q in queries:
            for where in ("box", "page"):
                if where == "box":
                    check.load(d, base + first)
                    check.type_query(d, q)
                    ok = check.wait_for(lambda: d.execute_script(
                        "var s = document.getElementById('search-status'); return s && s.textContent"), timeout=60)
                else:
                    check.load(d, base + "search/index.html?q=" + urllib.parse.quote(q))
                    ok = check.wait_for(lambda: d.execute_script(
                        "var s = document.getElementById('sp-status'); return s && /result/.test(s.textContent) && s.textContent"), timeout=60)
                time.sleep(0.3)
                raw, gz, files = sizes(public, d.execute_script(LOADED))
                posting = sum(1 for f in files if "/p-" in f)
                docs = sum(1 for f in files if "/d/" in f)
                print(f"{q!r:18} {where:4}: {kb(raw):>10} ({kb(gz)} gzip) in {len(files)} files: terms.js, "
                      f"{posting} postings, {docs} excerpts; without terms.js {kb(raw - terms)} — {ok}")
    finally:
        d.quit()


if __name__ == "__main__":
    main()
