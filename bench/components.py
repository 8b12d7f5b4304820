#!/usr/bin/env python3
"""A callgrind profile of sitegen by component: the inclusive cost of the functions that are the
stages of a build.

    python3 bench/components.py [CALLGRIND_OUT]      (default /dev/shm/sitegen-bench/callgrind.out)

Runs `callgrind_annotate --inclusive=yes`, demangles with `swift demangle --simplified`, and for each
component prints the largest inclusive cost among the functions that match it, as instructions and
as a share of the program total. Components nest (templates of a page include escaping), so the
shares do not add up to 100 %.
"""
import re
import subprocess
import sys

COMPONENTS = [
    ("load: read, decode, front matter", r"ContentLoader\.load\(cache:\)"),
    ("  YAML (Yams compose)", r"FrontMatter\.parse\("),
    ("source texts and link table", r"SiteIndex\.init\("),
    ("resolve pages: cmark, annotations, quotes", r"static PageResolution\.resolve\("),
    ("  body: cmark parse", r"MarkdownDocument\.init\("),
    ("  annotation pass", r"AnnotationPass\.annotate\("),
    ("  cmark render", r"MarkdownDocument\.renderHTML\(\)"),
    ("  front-matter values (inline Markdown)", r"(static PageResolution\.inline\(|MarkdownDocument\.renderInlineHTML)"),
    ("cross-references and checks", r"CrossReferences\.init\("),
    ("page views", r"SiteViews\.page\(_:\)"),
    ("  neighbourhood maps (layout)", r"SiteViews\.neighbourhoodMap\("),
    ("page templates", r"static Templates\.page\(_:\)"),
    ("  neighbourhood maps (SVG)", r"static SVG\.relationMap\("),
    ("  HTML escaping", r"(String\.htmlEscaped|appendHTMLEscaped|static String\.htmlEscaped)"),
    ("site map (view)", r"SiteViews\.map\(\)"),
    ("figures (view)", r"SiteViews\.(figures|figurePages)\(\)"),
    ("timeline (view)", r"SiteViews\.timeline\(\)"),
    ("search index and excerpt files", r"(static SearchIndex\.build\(|SiteViews\.searchDocumentJS\(|SearchIndex\.shardJS\(|SearchIndex\.termsJS\()"),
    ("dossier sections (view and markup, once a page)", r"(DossierPart\.build\(\)|DossierPart\.head\.getter)"),
    ("dossier pages (sections joined)", r"static Templates\.dossier\("),
    ("page extras: JSON-LD, cite box (in page views)", r"SiteViews\.extras\("),
    ("link sentences of Referenced by (in the annotation pass)", r"LinkSentence\.around\("),
    ("citations.csv", r"SiteViews\.citationsCSV\(\)"),
    ("graph.json", r"SiteViews\.graphJSON\(\)"),
    ("writing files", r"StagedOutput\.write\("),
]


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "/dev/shm/sitegen-bench/callgrind.out"
    raw = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", path],
                         capture_output=True, text=True).stdout
    try:
        text = subprocess.run(["swift", "demangle", "--simplified"], input=raw, capture_output=True, text=True).stdout
    except FileNotFoundError:
        text = raw
    total = None
    rows = []
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) .*PROGRAM TOTALS", line)
        if m:
            total = int(m.group(1).replace(",", ""))
        m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)", line)
        if m:
            rows.append((int(m.group(1).replace(",", "")), m.group(2)))
    print(f"Total: {total:,} instructions\n")
    print("| component | instructions | share |")
    print("|---|---:|---:|")
    for name, pattern in COMPONENTS:
        best = max((c for c, f in rows if re.search(pattern, f)), default=0)
        share = 100 * best / total if total else 0
        print(f"| {name} | {best / 1e6:,.0f} M | {share:.1f} % |")


if __name__ == "__main__":
    main()
