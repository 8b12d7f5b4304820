#!/usr/bin/env python3
"""What the bytes of sitegen's output are made of.

    python3 bench/bytes.py OUTPUT_FOLDER [--sample N]

Splits every content page (countries/, actors/, policies/, sources/ and top-level pages) into the
parts a reader sees — head and site header, breadcrumbs and title, table of contents, body, hover
previews (the data-summary attributes of wiki links), chronology, references, infobox, "whose view",
neighbourhood map, referenced by, related, tags, footer — and prints the total and the mean per page
of each, then the sizes of the site-wide files. With --sample N, every k-th page is read so that
about N pages are measured (the means stay exact for those pages; totals are scaled up).
"""
import os
import re
import sys

PARTS = [
    # name, start marker, end marker (exclusive of the next part)
    ("head and site header", None, '<main id="main">'),
    ("breadcrumbs and title", '<main id="main">', '<div class="page-grid">'),
    ("table of contents", '<nav class="toc"', '<div class="prose">'),
    ("body", '<div class="prose">', None),
    ("chronology", '<section class="chronology"', None),
    ("pages citing (sources)", '<section class="cited-by"', None),
    ("references", '<section class="references"', None),
    ("infobox", '<aside class="page-info"', None),
    ("whose view", '<section class="viewpoints"', None),
    ("neighbourhood map", '<section class="mini-map"', None),
    ("referenced by", '<section class="referenced-by"', None),
    ("related", '<section class="related"', None),
    ("tags", '<p class="tags"', None),
    ("footer", '<footer class="site-footer"', None),
]
MARKERS = [m for _, m, _ in PARTS if m]


def split(html):
    """Byte counts per part; the rest (closing tags between parts) goes to 'other'."""
    out = {}
    # Positions of every marker, in document order.
    found = []
    for name, start, _ in PARTS:
        if start is None:
            continue
        i = html.find(start)
        if i >= 0:
            found.append((i, name))
    found.sort()
    main = html.find('<main id="main">')
    out["head and site header"] = main if main >= 0 else 0
    for k, (i, name) in enumerate(found):
        j = found[k + 1][0] if k + 1 < len(found) else len(html)
        out[name] = out.get(name, 0) + (j - i)
    # Hover previews: the data-summary attributes inside the body and infobox.
    previews = sum(len(m.group(0)) for m in re.finditer(r' data-summary="[^"]*"', html))
    out["hover previews (data-summary)"] = previews
    # Map detail: the <title> elements of the neighbourhood map.
    m = re.search(r'<section class="mini-map".*?</section>', html, re.S)
    if m:
        out["  of which map <title>s"] = sum(len(t) for t in re.findall(r'<title>[^<]*</title>', m.group(0)))
        out["  of which map paths"] = sum(len(t) for t in re.findall(r'<path d="[^"]*"/>', m.group(0)))
    return out


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        sys.exit(2)
    root = args[0]
    sample = None
    if "--sample" in args:
        sample = int(args[args.index("--sample") + 1])
    pages = []
    for folder in ["countries", "actors", "policies", "sources"]:
        d = os.path.join(root, folder)
        if not os.path.isdir(d):
            continue
        for slug in sorted(os.listdir(d)):
            p = os.path.join(d, slug, "index.html")
            if os.path.isfile(p):
                pages.append(p)
    step = max(1, len(pages) // sample) if sample else 1
    chosen = pages[::step]
    totals = {}
    total_bytes = 0
    for p in chosen:
        html = open(p, encoding="utf-8").read()
        b = len(html.encode("utf-8"))
        total_bytes += b
        # Byte counts: the markup is nearly all ASCII; count characters and scale to bytes per page.
        parts = split(html)
        scale = b / max(1, len(html))
        for k, v in parts.items():
            totals[k] = totals.get(k, 0) + v * scale
    n = len(chosen)
    factor = len(pages) / n
    print(f"{len(pages)} content pages, {n} measured; {total_bytes * factor / 1e6:.1f} MB in all, {total_bytes / n / 1024:.1f} KB a page")
    print()
    print("| part | KB a page | share | MB in all |")
    print("|---|---:|---:|---:|")
    order = [name for name, _, _ in PARTS] + ["hover previews (data-summary)", "  of which map <title>s", "  of which map paths"]
    for k in order:
        if k not in totals:
            continue
        v = totals[k]
        print(f"| {k} | {v / n / 1024:.2f} | {100 * v / total_bytes:.1f} % | {v * factor / 1e6:.1f} |")
    print()
    print("Site-wide files (largest):")
    sizes = []
    for dirpath, _, files in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        if rel.split(os.sep)[0] in ("countries", "actors", "policies", "sources") and rel.count(os.sep) >= 1:
            continue
        for f in files:
            p = os.path.join(dirpath, f)
            sizes.append((os.path.getsize(p), os.path.relpath(p, root)))
    sizes.sort(reverse=True)
    for s, p in sizes[:12]:
        print(f"  {s / 1e6:8.2f} MB  {p}")
    allbytes = 0
    count = 0
    for dirpath, _, files in os.walk(root):
        for f in files:
            allbytes += os.path.getsize(os.path.join(dirpath, f))
            count += 1
    print(f"output: {count} files, {allbytes / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
