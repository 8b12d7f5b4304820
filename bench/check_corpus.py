#!/usr/bin/env python3
"""Sanity check of a corpus written by gen.py, independent of sitegen:

    python3 bench/check_corpus.py DIR      (DIR as given to gen.py --out)

Checks, for DIR/sitegen: front matter parses as YAML (needs PyYAML; skipped without it) and has
the required fields per kind; slugs, titles and aliases are unique after folding; every wiki link
(body, facts, events, related, countries, actors) resolves to exactly one page; heading links
name an existing heading; citations and figure/event sources are source pages; every quote is an
exact excerpt (up to white space) of its source's document; every page has an inbound link.
For DIR/hugo: every Markdown link points to an existing page. Exit status 1 on any problem.
"""

import os
import re
import sys
import unicodedata

try:
    import yaml
except ImportError:  # pragma: no cover
    yaml = None

KINDS = ("countries", "actors", "policies", "sources")
WIKI = re.compile(r"\[\[([^\]|#]+?)(?:#([^\]|]+))?(?:\|([^\]]+))?\]\]", re.S)
CITE = re.compile(r'\[@([a-z0-9-]+)(?:\s+"([^"]*)")?\]', re.S)
MDLINK = re.compile(r"\]\((/[^)#]*)(#[^)]*)?\)")


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", s).split())


def ws(s):
    return " ".join(s.split())


def split_fm(text):
    if not text.startswith("---\n"):
        return None, text
    end = text.index("\n---\n", 4)
    return text[4:end + 1], text[end + 5:]


def main(root):
    errors = []
    sg = os.path.join(root, "sitegen")
    content = os.path.join(sg, "content")
    st_dir = os.path.join(sg, "source-texts")
    pages = {}
    for kind in KINDS:
        for name in sorted(os.listdir(os.path.join(content, kind))):
            slug = name[:-3]
            with open(os.path.join(content, kind, name), encoding="utf-8") as f:
                fm_text, body = split_fm(f.read())
            pages[slug] = (kind, fm_text, body)
    free = {}
    for name in ("index.md", "about.md"):
        with open(os.path.join(content, name), encoding="utf-8") as f:
            free[name[:-3]] = split_fm(f.read())

    keys, headings, fms = {}, {}, {}
    for slug, (kind, fm_text, body) in pages.items():
        fm = yaml.safe_load(fm_text) if yaml else {"title": re.search(
            r'^title: "(.*)"$', fm_text, re.M).group(1)}
        fms[slug] = fm
        names = [slug, fm["title"]] + list(fm.get("aliases") or [])
        for n in names:
            k = fold(n)
            if keys.setdefault(k, slug) != slug:
                errors.append("%s: name %r clashes with page %s" % (slug, n, keys[k]))
        headings[slug] = set(re.findall(r"^## (.+)$", body, re.M))
        if yaml:
            need = {"countries": ["type"], "actors": ["type"], "policies": ["type", "status"],
                    "sources": ["publisher", "author", "date", "viewpoint", "document"]}[kind]
            for fld in ["title", "summary"] + need:
                if fld not in fm:
                    errors.append("%s: missing %s" % (slug, fld))

    texts = {}
    if os.path.isdir(st_dir):
        for slug, fm in fms.items():
            if pages[slug][0] == "sources":
                doc = fm.get("document", slug + ".txt") if yaml else slug + ".txt"
                with open(os.path.join(st_dir, doc), encoding="utf-8") as f:
                    texts[slug] = ws(f.read())

    inbound = {s: 0 for s in pages}
    counts = {"links": 0, "citations": 0, "quotes": 0}

    def resolve(where, target, heading=None):
        t = target.strip()
        if "/" in t:
            kind, slug = t.split("/", 1)
            ok = slug in pages and pages[slug][0] == kind
            dest = slug if ok else None
        else:
            dest = keys.get(fold(ws(t)))
        if dest is None:
            errors.append("%s: wiki link target %r not found" % (where, target))
            return
        if heading and ws(heading) not in headings[dest]:
            errors.append("%s: heading %r not on %s" % (where, heading, dest))
        if dest != where:
            inbound[dest] += 1
        counts["links"] += 1

    def check_quote(where, src, quote):
        if src not in pages or pages[src][0] != "sources":
            errors.append("%s: citation of unknown source %r" % (where, src))
            return
        counts["citations"] += 1
        if quote is not None and texts:
            counts["quotes"] += 1
            if ws(quote) not in texts[src]:
                errors.append("%s: quote not in %s: %r" % (where, src, quote))

    def inline(where, text):
        for m in WIKI.finditer(text):
            resolve(where, ws(m.group(1)), m.group(2))
        for m in CITE.finditer(text):
            check_quote(where, m.group(1), m.group(2))

    for slug, (kind, fm_text, body) in pages.items():
        inline(slug, body)
        fm = fms[slug]
        if not yaml:
            inline(slug, fm_text)
            continue
        for v in (fm.get("facts") or {}).values():
            inline(slug, v)
        for t in (fm.get("related") or []) + (fm.get("countries") or []) + \
                (fm.get("actors") or []):
            resolve(slug, t)
        for fig in fm.get("figures") or []:
            for fld in ("label", "value", "source", "quote"):
                if fld not in fig:
                    errors.append("%s: figure without %s" % (slug, fld))
            check_quote(slug, fig["source"], fig["quote"])
        for ev in fm.get("events") or []:
            inline(slug, ev["text"])
            check_quote(slug, ev["source"], ev["quote"])
    for name, (fm_text, body) in free.items():
        inline(name, body)
    for s, n in inbound.items():
        if n == 0:
            errors.append("%s: orphan (no inbound wiki link)" % s)

    # hugo links
    hu = os.path.join(root, "hugo", "content")  # links are written as /kind/slug/
    hugo_links = 0
    for dirpath, _, files in os.walk(hu):
        for name in sorted(files):
            with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                text = f.read()
            for m in MDLINK.finditer(text):
                hugo_links += 1
                parts = m.group(1).strip("/").split("/")
                if parts == ["about"]:
                    continue
                if len(parts) != 2 or parts[1] not in pages or pages[parts[1]][0] != parts[0]:
                    errors.append("hugo %s: bad link %s" % (name, m.group(1)))

    for e in errors[:50]:
        print("error:", e)
    print("%d pages, %d wiki links, %d citations (%d quoted, %s), %d hugo links: %d problems%s"
          % (len(pages), counts["links"], counts["citations"], counts["quotes"],
             "verified" if texts else "not verified", hugo_links, len(errors),
             "" if yaml else " (PyYAML missing: front matter not parsed)"))
    return 1 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
