import SitegenModel
import SitegenViews

/// The site's templates: one function per view. Each returns the whole output as `HTML`; every
/// `String` a view holds is escaped on the way in.
public enum Templates {
    /// A section index (`/countries/` …).
    public static func section(_ v: SectionView) -> HTML {
        let nav = each(v.groups) { "<li><a href=\"#\($0.id)\">\($0.label) (\($0.cards.count))</a></li>" }
        let groups = each(v.groups) { g in
            let cards = each(g.cards) { c in
                let when: HTML = c.when.map { "<span class=\"kind-tag\">\($0)</span>" } ?? ""
                let viewpoint: HTML = c.viewpoint.map { "<p class=\"viewpoint\">Viewpoint: \($0)</p>" } ?? ""
                return "<li><a href=\"\(c.page.href)\">\(c.page.title)</a>\(when)<p>\(c.page.summary)</p>\(viewpoint)</li>"
            }
            return Layout.group("group", id: g.id, heading: "\(g.label)", list: "<ul class=\"cards\">\(cards)</ul>")
        }
        let main = Layout.viewHead(v.breadcrumbs, title: v.title, summary: v.summary, navLabel: "Groups", nav: nav) + groups
        return Layout.document(v.chrome, title: v.title, summary: v.summary, bodyClass: "section-\(v.kind.rawValue)", main: main)
    }

    /// The home page.
    public static func home(_ v: HomeView) -> HTML {
        let sections = each(v.sections) { s in
            """
            <section>
            <h2><a href="\(s.href)">\(s.title)</a> <span class="count">\(s.pages.count)</span></h2>
            <ul class="link-list">\(each(s.pages) { "<li><a href=\"\($0.href)\">\($0.title)</a></li>" })</ul>
            </section>

            """
        }
        let main: HTML = """
        <header class="page-head hero">
        <h1>\(v.title)</h1>
        <p class="summary">\(v.summary)</p>
        </header>
        <div class="home-grid">
        <div class="prose">
        \(v.body)</div>
        <nav class="home-sections" aria-label="Sections">
        \(sections)<section>
        <h2>Views</h2>
        <ul class="link-list"><li><a href="figures/">Figures</a></li><li><a href="timeline/">Timeline</a></li><li><a href="disagreements/">Disagreements</a></li><li><a href="map/">Map of relations</a></li></ul>
        </section>
        </nav>
        </div>
        \(Layout.references(v.references))
        """
        return Layout.document(v.chrome, title: v.title, summary: v.summary, bodyClass: "home", main: main)
    }

    /// The 404 page.
    public static func notFound(_ v: NotFoundView) -> HTML {
        let main: HTML = """
        <header class="page-head">
        <h1>\(v.title)</h1>
        <p class="summary">There is no page at this address. Try the search box, or start from the <a href="\(v.chrome.root)">home page</a>.</p>
        </header>

        """
        return Layout.document(v.chrome, title: v.title, summary: "", bodyClass: "not-found", main: main)
    }

    /// `/figures/`.
    public static func figures(_ v: FiguresView) -> HTML {
        let flag: HTML = " <span class=\"flag\">disputed</span>"
        let apart: HTML = " <span class=\"flag flag-apart\">not comparable</span>"
        let nav = each(v.nav) { "<li><a href=\"\($0.href)\">\($0.measure)</a>\(when($0.disputed, flag))\(when($0.notComparable, apart))</li>" }
        let groups = each(v.groups) { g in
            let chart: HTML = g.chart.map {
                "<figure class=\"chart-figure\">\(SVG.barChart($0))<figcaption>\(g.measure): the values in the table below, by period.</figcaption></figure>"
            } ?? ""
            let rows = each(g.rows) { r in
                let unit: HTML = r.unit.map { " \($0)" } ?? ""
                let source: HTML = r.source.map { "<a href=\"\($0.href)\">\($0.title)</a> <span class=\"viewpoint\">(\($0.viewpoint ?? ""))</span>" } ?? ""
                let pages = each(r.pages) { "<a href=\"\($0.href)\">\($0.title)</a> " }
                let mark: HTML
                switch r.comparison {
                case .alone: mark = ""
                case .disputed: mark = flag
                case .notComparable: mark = apart
                }
                let counts: HTML = r.counts.map { "<br><span class=\"counts\">Counts: \($0)</span>" } ?? ""
                return "<tr\(when(r.comparison == .disputed, " class=\"disputed\""))><th scope=\"row\">\(r.label)\(mark)\(counts)</th><td class=\"num\">\(r.value)\(unit)</td><td>\(r.asOf)</td><td>\(source)<blockquote>“\(r.quote)”</blockquote></td><td>\(pages)</td></tr>"
            }
            return """
            <section class="measure" aria-labelledby="\(g.id)">
            <h2 id="\(g.id)">\(g.measure)\(when(g.disputed, " <span class=\"flag\">sources disagree</span>"))</h2>
            \(chart)
            <div class="table-wrap"><table class="data">
            <caption class="visually-hidden">\(g.measure)</caption>
            <thead><tr><th scope="col">Figure</th><th scope="col">Value</th><th scope="col">Period</th><th scope="col">Source and quote</th><th scope="col">Pages</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table></div>
            </section>

            """
        }
        var disputed = v.disputedCount == 1
            ? "1 measure where sources give values for the same period that cannot all be true is flagged"
            : "\(v.disputedCount) measures where sources give values for the same period that cannot all be true are flagged"
        if v.anyNotComparable {
            disputed += "; figures of one period that count different things are marked not comparable"
        }
        disputed += "."
        let main: HTML = """
        \(Layout.breadcrumbs(v.breadcrumbs, current: v.title))<header class="page-head">
        <h1>\(v.title)</h1>
        <p class="summary">\(v.summary) \(v.count) figures; \(disputed)</p>
        </header>
        \(downloads(v.chrome))\(figurePages(v))<nav class="group-nav" aria-label="Measures"><ul>\(nav)</ul></nav>
        \(groups)\(figurePages(v))
        """
        return Layout.document(v.chrome, title: v.title, summary: v.summary, bodyClass: "view-figures", main: main)
    }

    /// The links between pages of figures, when there are several.
    static func figurePages(_ v: FiguresView) -> HTML {
        guard !v.pageLinks.isEmpty else { return "" }
        let items = each(Array(v.pageLinks.enumerated())) { n, l in
            n + 1 == v.pageNumber ? "<li><span aria-current=\"page\">\(l.title)</span></li>" : "<li><a href=\"\(l.href)\">\(l.title)</a></li>"
        }
        return "<nav class=\"page-nav\" aria-label=\"Pages of figures\"><ul>\(items)</ul></nav>\n"
    }

    /// `/timeline/`.
    public static func timeline(_ v: TimelineView) -> HTML {
        let nav = each(v.years) { "<li><a href=\"#\($0.id)\">\($0.year)</a></li>" }
        let years = each(v.years) { y in
            let items = each(y.items) { i in
                "<li class=\"t-\(i.kind.rawValue)\"\(TimelineParts.filterData(i))><time datetime=\"\(i.iso)\">\(i.date)</time> <span class=\"t-text\">\(i.text)\(Layout.citation(i.cite))</span> <a class=\"t-page\" href=\"\(i.page.href)\">\(i.page.title)</a>\(TimelineParts.alsoOn(i))</li>"
            }
            return Layout.group("year", id: y.id, heading: "\(y.year)", list: "<ol class=\"timeline\">\(items)</ol>")
        }
        let main = Layout.viewHead(v.breadcrumbs, title: v.title, summary: v.summary, navLabel: "Years", nav: nav)
            + "\(TimelineParts.filters(v.filters, assets: v.chrome.assets))\(years)\(Cite.cards(v.cards))"
        return Layout.document(v.chrome, title: v.title, summary: v.summary, bodyClass: "view-timeline", main: main)
    }

    /// `/map/`.
    public static func map(_ v: MapView) -> HTML {
        let main: HTML = """
        \(Layout.breadcrumbs(v.breadcrumbs, current: v.title))<header class="page-head">
        <h1>\(v.title)</h1>
        <p class="summary">\(v.summary) \(mapCounts(v))</p>
        </header>
        \(downloads(v.chrome))<p class="legend"><span class="key n-country">Countries and regions</span> <span class="key n-actor">Actors</span> <span class="key n-policy">Policies</span></p>
        <p class="map-hint">The map is wide: scroll it sideways. Every name is a link.</p>
        <div class="map-wrap">
        \(SVG.relationMap(v.map))
        </div>

        """
        return Layout.document(v.chrome, title: v.title, summary: v.summary, bodyClass: "view-map", main: main)
    }

    static func mapCounts(_ v: MapView) -> HTML {
        v.nodeCount == v.totalNodes ? "\(v.nodeCount) pages, \(v.edgeCount) links."
            : "The \(v.nodeCount) most linked of \(v.totalNodes) pages and the \(v.edgeCount) links between them; each page’s own map shows all of its links."
    }

    /// `sitemap.xml`.
    public static func sitemap(urls: [String]) -> HTML {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        \(each(urls) { "  <url><loc>\($0)</loc></url>\n" })</urlset>

        """
    }
}
