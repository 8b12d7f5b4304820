import SitegenModel
import SitegenViews

extension Templates {
    /// A content page: country, actor, policy, source or free page.
    public static func page(_ v: PageView) -> HTML {
        let eyebrow: HTML = "\(v.kindLabel)\(v.typeLabel.map { " · \($0)" } ?? "")"
        let main: HTML = """
        \(Layout.breadcrumbs(v.breadcrumbs, current: v.title))<article class="page">
        <header class="page-head">
        <p class="eyebrow">\(eyebrow)</p>
        <h1>\(v.title)</h1>
        <p class="summary">\(v.summary)</p>
        \(singleSource(v.singleSource))\(dossierLink(v.extras))</header>
        <div class="page-grid">
        <div class="page-main">
        \(toc(v.toc))<div class="prose">
        \(v.body)</div>
        \(chronology(v.events))\(citedBy(v.citedBy, count: v.citationCount))\(Layout.references(v.references))</div>
        \(infobox(v.infobox))<aside class="page-more" aria-label="Sources and links">
        \(viewpoints(v.viewpoints))\(miniMap(v.map))</aside>
        </div>
        <footer class="page-foot">
        \(v.evidence == nil ? referencedBy(v.referencedBy) : Cite.referencedBy(v.evidence))\(related(v.related))\(tagLinks(v.extras.tags))\(pageFoot(v.extras))</footer>
        \(printedOn(v.extras.printedFrom, contentDate: v.extras.contentDate, siteTitle: v.chrome.siteTitle))</article>

        """
        return Layout.document(v.chrome, title: v.title, summary: v.summary, bodyClass: "kind-\(v.kind.rawValue)", main: main,
                               type: "article", extraHead: v.extras.jsonLD.map { HTML.jsonLD($0) + "\n" } ?? "")
    }

    static func singleSource(_ s: SingleSourceNote?) -> HTML {
        guard let s else { return "" }
        let date: HTML = s.date.map { ", \($0)" } ?? ""
        return "<p class=\"single-source\" id=\"single-source\">Only source: <a href=\"\(s.source.href)\">\(s.source.title)</a>\(date). What happened after it is not covered.</p>\n"
    }

    static func toc(_ toc: [TocEntry]) -> HTML {
        guard !toc.isEmpty else { return "" }
        let items = each(toc) { e in
            let sub: HTML = e.sub.isEmpty ? "" : "<ol>\(each(e.sub) { "<li><a href=\"#\($0.id)\">\($0.text)</a></li>" })</ol>"
            return "<li><a href=\"#\(e.id)\">\(e.text)</a>\(sub)</li>"
        }
        return """
        <nav class="toc" id="contents" aria-labelledby="toc-title">
        <h2 id="toc-title">Contents</h2>
        <ol>\(items)</ol>
        </nav>

        """
    }

    static func chronology(_ events: [EventItem]) -> HTML {
        guard !events.isEmpty else { return "" }
        let items = each(events) { "<li><span class=\"date\">\($0.date)</span> \($0.text)\(Layout.citation($0.cite))</li>" }
        return """
        <section class="chronology" aria-labelledby="chronology">
        <h2 id="chronology">Chronology</h2>
        <ol class="events">\(items)</ol>
        </section>

        """
    }

    static func citedBy(_ items: [CitedByItem], count: Int) -> HTML {
        guard !items.isEmpty else { return "" }
        let list = each(items) { c in
            let quotes: HTML = c.quotes.isEmpty ? "" : "<ul class=\"quotes\">\(each(c.quotes) { "<li>“\($0)”</li>" })</ul>"
            return "<li><a href=\"\(c.page.href)\">\(c.page.title)</a> <span class=\"kind-tag\">\(c.page.kind)</span>\(quotes)</li>"
        }
        return """
        <section class="cited-by" aria-labelledby="cited-by">
        <h2 id="cited-by">Pages citing this source</h2>
        <p>\(count) citations from the pages below, with the passages they quote.</p>
        <ul>\(list)</ul>
        </section>

        """
    }

    static func infoValue(_ value: InfoRow.Value) -> HTML {
        switch value {
        case let .text(t): return "\(t)"
        case let .status(key, label): return "<span class=\"status status-\(key)\">\(label)</span>"
        case let .links(links): return links.map { "<a href=\"\($0.href)\">\($0.title)</a>" as HTML }.joined(separator: ", ")
        case let .markdown(html): return html
        }
    }

    static func infobox(_ box: Infobox?) -> HTML {
        guard let box else { return "" }
        let rows: HTML = box.rows.isEmpty ? "" :
            "<table><tbody>\(each(box.rows) { "<tr><th scope=\"row\">\($0.label)</th><td>\(infoValue($0.value))</td></tr>" })</tbody></table>"
        var figures: HTML = ""
        if !box.figures.isEmpty {
            let items = each(box.figures) { f in
                let unit: HTML = f.unit.map { " \($0)" } ?? ""
                let asOf: HTML = f.asOf.map { " <span class=\"as-of\">(\($0))</span>" } ?? ""
                let note: HTML = f.note.map { "<br><span class=\"note\">\($0)</span>" } ?? ""
                return "<div class=\"figure\"><dt>\(f.label)</dt><dd><strong>\(f.value)</strong>\(unit)\(asOf)\(Layout.citation(f.cite))\(note)</dd></div>"
            }
            figures = "<p class=\"infobox-sub\">Key figures</p>\n<dl class=\"figures\">\(items)</dl>"
        }
        return """
        <aside class="page-info" aria-label="Key facts">
        <section class="infobox" id="infobox">
        <p class="infobox-title">\(box.title)</p>
        \(rows)
        \(figures)
        </section>
        </aside>

        """
    }

    static func viewpoints(_ shares: [ViewpointShare]) -> HTML {
        guard !shares.isEmpty else { return "" }
        let items = each(shares) { s in
            "<li><span class=\"vp-bar\" style=\"width: \(s.percent)%\"></span><a href=\"\(s.source.href)\">\(s.source.title)</a> <span class=\"vp-count\">\(s.count) (\(s.percent)%)</span><br><span class=\"viewpoint\">\(s.viewpoint)</span></li>"
        }
        return """
        <section class="viewpoints" id="viewpoints" aria-labelledby="viewpoints-title">
        <p class="side-title" id="viewpoints-title">Whose view? References by source</p>
        <ul>\(items)</ul>
        </section>

        """
    }

    static func miniMap(_ map: RelationMapLayout?) -> HTML {
        guard let map else { return "" }
        return """
        <section class="mini-map" aria-labelledby="map-title">
        <p class="side-title" id="map-title">Linked pages</p>
        \(SVG.relationMap(map))
        </section>

        """
    }

    static func referencedBy(_ groups: [LinkGroup]) -> HTML {
        guard !groups.isEmpty else { return "" }
        let items = each(groups) { g in
            "<h3>\(g.label)</h3><ul class=\"link-list\">\(each(g.pages) { "<li><a href=\"\($0.href)\">\($0.title)</a></li>" })</ul>"
        }
        return """
        <section class="referenced-by" aria-labelledby="referenced-by">
        <h2 id="referenced-by">Referenced by</h2>
        \(items)
        </section>

        """
    }

    static func related(_ pages: [PageLink]) -> HTML {
        guard !pages.isEmpty else { return "" }
        return """
        <section class="related" aria-labelledby="related">
        <h2 id="related">Related</h2>
        <ul class="cards">\(each(pages) { card($0) })</ul>
        </section>

        """
    }

    static func card(_ p: PageLink) -> HTML {
        "<li><a href=\"\(p.href)\">\(p.title)</a><span class=\"kind-tag\">\(p.kind)</span><p>\(p.summary)</p></li>"
    }
}
