import SitegenModel
import SitegenViews

extension Templates {
    /// `/disagreements/`.
    public static func disagreements(_ v: DisagreementsView) -> HTML {
        let nav = each(v.topics) { "<li><a href=\"#\($0.id)\">\($0.page.title)</a> (\($0.boxes.count))</li>" }
        let figuresNav: HTML = v.figures.isEmpty ? "" : "<li><a href=\"#disputed-figures\">Disputed figures</a> (\(v.figures.count))</li>"
        let topics = each(v.topics) { t in
            let boxes = each(t.boxes) { b in
                let heading: HTML = b.heading.map { "<p class=\"d-where\">Under <a href=\"\($0.href)\">\($0.title)</a></p>\n" }
                    ?? "<p class=\"d-where\">On <a href=\"\(t.page.href)\">\(t.page.title)</a></p>\n"
                let claims: HTML = b.claims.isEmpty ? "" : """
                <div class="claims">
                \(each(b.claims) { claim($0) })</div>

                """
                return """
                <article class="d-box" id="\(b.id)">
                \(heading)\(b.html)\(claims)</article>

                """
            }
            return """
            <section class="d-topic" aria-labelledby="\(t.id)">
            <h2 id="\(t.id)"><a href="\(t.page.href)">\(t.page.title)</a> <span class="kind-tag">\(t.page.kind)</span></h2>
            \(boxes)</section>

            """
        }
        let main: HTML = """
        \(Layout.breadcrumbs(v.breadcrumbs, current: v.title))<header class="page-head">
        <h1>\(v.title)</h1>
        <p class="summary">\(v.summary) \(plural(v.boxCount, "box", "boxes")) on \(plural(v.topics.count, "page", "pages")); \(plural(v.figures.count, "disputed figure", "disputed figures")).</p>
        </header>
        <nav class="group-nav" aria-label="Topics"><ul>\(nav)\(figuresNav)<li><a href="#source-pairs">Which sources disagree</a></li></ul></nav>
        \(topics)\(figures(v.figures))\(matrix(v.matrix))\(Cite.cards(v.cards))
        """
        return Layout.document(v.chrome, title: v.title, summary: v.summary, bodyClass: "view-disagreements", main: main)
    }

    static func plural(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }

    /// One source's side of a box: the source, its viewpoint and its quotes.
    static func claim(_ c: DisagreementsView.Claim) -> HTML {
        let quotes = each(c.quotes) { q in
            let text: HTML = q.text.map { "<q>\($0)</q>" } ?? "the document as a whole"
            return "<li>\(text)\(SiteMarkup().citationMark(q.cite))</li>"
        }
        let viewpoint: HTML = c.source.viewpoint.map { "<p class=\"viewpoint\">\($0)</p>" } ?? ""
        return """
        <div class="claim">
        <p class="claim-source"><a href="\(c.source.href)">\(c.source.title)</a></p>
        \(viewpoint)<ul class="claim-quotes">\(quotes)</ul>
        </div>

        """
    }

    static func figures(_ disputes: [DisagreementsView.FigureDispute]) -> HTML {
        guard !disputes.isEmpty else { return "" }
        let items = each(disputes) { d in
            let period: HTML = d.period.isEmpty ? "" : ", \(d.period)"
            let rows = each(d.rows) { r in
                let unit: HTML = r.unit.map { " \($0)" } ?? ""
                let source: HTML = r.source.map { "<p class=\"claim-source\"><a href=\"\($0.href)\">\($0.title)</a></p><p class=\"viewpoint\">\($0.viewpoint ?? "")</p>" } ?? ""
                let pages = each(r.pages) { "<a href=\"\($0.href)\">\($0.title)</a> " }
                return """
                <div class="claim">
                \(source)<p class="claim-value"><strong>\(r.value)</strong>\(unit): \(r.label)</p>
                <ul class="claim-quotes"><li><q>\(r.quote)</q></li></ul>
                <p class="claim-pages">On \(pages)</p>
                </div>

                """
            }
            return """
            <article class="d-box">
            <h3><a href="\(d.href)">\(d.measure)</a>\(period)</h3>
            <div class="claims">
            \(rows)</div>
            </article>

            """
        }
        return """
        <section class="d-topic" aria-labelledby="disputed-figures">
        <h2 id="disputed-figures">Disputed figures</h2>
        <p>Figures of one measure and period that sources give with values that cannot all be true.</p>
        \(items)</section>

        """
    }

    /// Which sources are cited in the same box, and how often.
    static func matrix(_ m: DisagreementsView.Matrix) -> HTML {
        guard m.sources.count >= 2 else { return "" }
        let head = each(m.sources.enumerated()) { n, s in "<th scope=\"col\"><abbr title=\"\(s.title)\">\(n + 1)</abbr></th>" }
        let rows = each(m.sources.enumerated()) { n, s in
            let cells = each(m.counts[n].enumerated()) { k, c in
                k == n ? "<td class=\"num self\">–</td>" : "<td class=\"num\(c == 0 ? " zero" : "")\">\(c)</td>"
            }
            return "<tr><th scope=\"row\">\(n + 1). <a href=\"\(s.href)\">\(s.title)</a> <span class=\"viewpoint\">(\(s.viewpoint ?? ""))</span></th>\(cells)</tr>"
        }
        return """
        <section class="d-topic" aria-labelledby="source-pairs">
        <h2 id="source-pairs">Which sources disagree</h2>
        <p>How many disagreement boxes cite both sources of a pair.</p>
        <div class="table-wrap"><table class="data d-matrix">
        <caption class="visually-hidden">Disagreement boxes citing each pair of sources</caption>
        <thead><tr><th scope="col">Source</th>\(head)</tr></thead>
        <tbody>\(rows)</tbody>
        </table></div>
        </section>

        """
    }
}
