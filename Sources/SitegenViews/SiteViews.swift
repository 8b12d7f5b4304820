import Foundation

/// The site-wide views built from all pages: figures, timeline, relationship map, search index, sitemap.
struct Views {
    let config: SiteConfig
    let site: SiteIndex
    let rendered: [RenderedPage]
    let xref: CrossReferences
    var pages: [Page] { site.pages }
    /// Where the timeline is written; event text is rendered for this folder too.
    static let timelinePath = "timeline/"

    // MARK: figures

    struct FigureRow {
        var page: Int
        var rendered: RenderedFigure
        var figure: Figure { rendered.figure }
    }

    func allFigures() -> [FigureRow] {
        pages.indices.flatMap { i in rendered[i].figures.map { FigureRow(page: i, rendered: $0) } }
    }

    func figuresContext(_ ctx: ContextBuilder) -> [String: Any] {
        let path = "figures/"
        let rows = allFigures()
        // The same figure (source, quote, value, period) recorded on several pages is listed once.
        var byMeasure: [String: [FigureRow]] = [:]
        var alsoOn: [String: [Int]] = [:]
        func identity(_ r: FigureRow) -> String {
            [r.figure.measure ?? "", r.figure.source.value, SourceTexts.normalize(r.figure.quote.value),
             r.figure.value, r.figure.asOf ?? ""].joined(separator: "\u{1}")
        }
        for r in rows {
            let id = identity(r)
            if alsoOn[id] == nil { byMeasure[r.figure.measure ?? "", default: []].append(r) }
            alsoOn[id, default: []].append(r.page)
        }
        let keys = byMeasure.keys.sorted { ($0.isEmpty ? 1 : 0, $0.lowercased()) < ($1.isEmpty ? 1 : 0, $1.lowercased()) }
        var groups: [[String: Any]] = []
        var disputed = 0
        for key in keys {
            let members = byMeasure[key]!.sorted {
                ($0.figure.asOf ?? "", $0.figure.label, pages[$0.page].slug) < ($1.figure.asOf ?? "", $1.figure.label, pages[$1.page].slug)
            }
            // Same measure and period, different values from different sources: a disagreement.
            var conflicts = Set<Int>()
            if !key.isEmpty {
                var byPeriod: [String: [Int]] = [:]
                for (n, m) in members.enumerated() { byPeriod[m.figure.asOf ?? "", default: []].append(n) }
                for (_, idx) in byPeriod where idx.count > 1 {
                    let values = Set(idx.map { members[$0].figure.number.map { String($0) } ?? members[$0].figure.value })
                    let sources = Set(idx.map { members[$0].figure.source.value })
                    if values.count > 1 && sources.count > 1 { conflicts.formUnion(idx) }
                }
            }
            if !conflicts.isEmpty { disputed += 1 }
            let items = members.enumerated().map { n, m -> [String: Any] in
                let f = m.figure
                var d: [String: Any] = [
                    "label": f.label, "value": ContextBuilder.formatValue(f), "quote": f.quote.value,
                    "pageTitle": pages[m.page].meta.title, "pageHref": "../" + pages[m.page].urlPath,
                    "pages": alsoOn[identity(m)]!.map { ["title": pages[$0].meta.title, "href": "../" + pages[$0].urlPath] },
                    "disputed": conflicts.contains(n),
                ]
                if let s = site.sourceBySlug[f.source.value] {
                    d["sourceTitle"] = pages[s].meta.title
                    d["sourceHref"] = "../" + pages[s].urlPath
                    d["viewpoint"] = pages[s].meta.viewpoint ?? ""
                }
                if let u = f.unit { d["unit"] = u }
                if let a = f.asOf { d["asOf"] = a }
                return d
            }
            var g: [String: Any] = ["measure": key.isEmpty ? "Other figures" : key, "id": "m-" + (key.isEmpty ? "other" : key.anchorSlug),
                                    "figures": items, "count": items.count, "disputed": !conflicts.isEmpty]
            if let chart = Charts.bar(members.map(\.figure)) { g["chartSVG"] = chart }
            groups.append(g)
        }
        return ["site": ctx.siteContext(urlPath: path), "title": "Figures",
                "summary": "Every figure in the wiki with its source and quote, grouped by what it measures.",
                "groups": groups, "count": rows.count, "disputedGroups": disputed,
                "disputedSentence": disputed == 1
                    ? "1 measure where sources give different values for the same period is flagged."
                    : "\(disputed) measures where sources give different values for the same period are flagged.",
                "breadcrumbs": [["title": "Home", "href": "../"]]].flaggedContext
    }

    // MARK: timeline

    func timelineContext(_ ctx: ContextBuilder) -> [String: Any] {
        struct Item { var date: PartialDate; var title: String; var page: Int; var html: String; var kind: String }
        var items: [Item] = []
        for (i, p) in pages.enumerated() {
            for e in rendered[i].events {
                items.append(Item(date: e.event.date, title: p.meta.title, page: i, html: e.timelineHTML, kind: "event"))
            }
            if p.kind == .policy {
                // The page's own events say more than "Begins"/"Ends" for the same date.
                let eventDates = Set(rendered[i].events.map(\.event.date))
                if let s = p.meta.start, !eventDates.contains(s) { items.append(Item(date: s, title: p.meta.title, page: i, html: "Begins: " + p.meta.title.htmlEscaped, kind: "start")) }
                if let e = p.meta.end, !eventDates.contains(e) { items.append(Item(date: e, title: p.meta.title, page: i, html: "Ends: " + p.meta.title.htmlEscaped, kind: "end")) }
            }
        }
        items.sort { ($0.date, $0.title, $0.html) < ($1.date, $1.title, $1.html) }
        var years: [[String: Any]] = []
        var current: Int?
        var bucket: [[String: Any]] = []
        func flush() {
            if let y = current { years.append(["year": y, "id": "y\(y)", "items": bucket]) }
        }
        for it in items {
            if it.date.year != current { flush(); current = it.date.year; bucket = [] }
            bucket.append(["date": it.date.display, "iso": it.date.description, "textHTML": it.html, "kind": it.kind,
                           "pageTitle": it.title, "pageHref": "../" + pages[it.page].urlPath])
        }
        flush()
        return ["site": ctx.siteContext(urlPath: Self.timelinePath), "title": "Timeline",
                "summary": "Policies and dated events in order, each linking to the page that records it.",
                "years": years, "count": items.count, "breadcrumbs": [["title": "Home", "href": "../"]]].flaggedContext
    }

    // MARK: relationship map

    /// Undirected links between countries, actors and policies.
    func edges() -> [(Int, Int)] {
        var set = Set<[Int]>()
        for (j, r) in rendered.enumerated() where Self.mapped(pages[j].kind) {
            let targets = r.links.map(\.target) + r.related + r.countries + r.actors
            for t in targets where t != j && Self.mapped(pages[t].kind) {
                set.insert([min(j, t), max(j, t)])
            }
        }
        return set.map { ($0[0], $0[1]) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }

    static func mapped(_ k: PageKind) -> Bool { k == .country || k == .actor || k == .policy }

    func mapContext(_ ctx: ContextBuilder) -> [String: Any] {
        let nodes = pages.indices.filter { Self.mapped(pages[$0].kind) }
        let links = edges()
        let svg = RelationMap.siteSVG(pages: pages, sortKeys: site.sortKeys, nodes: nodes, edges: links, root: "../")
        return ["site": ctx.siteContext(urlPath: "map/"), "title": "Map of relations",
                "summary": "How countries, actors and policies link to each other. Every node is a link to its page.",
                "mapSVG": svg, "nodeCount": nodes.count, "edgeCount": links.count,
                "breadcrumbs": [["title": "Home", "href": "../"]]].flaggedContext
    }

    /// The countries, actors and policies page `i` links to or is linked from.
    func neighbours(_ i: Int) -> [Int] {
        var neighbours = Set<Int>()
        let r = rendered[i]
        for t in r.links.map(\.target) + r.related + r.countries + r.actors where t != i && Self.mapped(pages[t].kind) {
            neighbours.insert(t)
        }
        for t in xref.incoming[i] where Self.mapped(pages[t].kind) { neighbours.insert(t) }
        return neighbours.sorted()
    }

    func neighbourhoodSVG(_ i: Int) -> String? {
        let n = neighbours(i)
        guard !n.isEmpty else { return nil }
        return RelationMap.neighbourhoodSVG(pages: pages, sortKeys: site.sortKeys, center: i, neighbours: n, root: SiteIndex.relativePrefix(pages[i].urlPath))
    }

    // MARK: search and sitemap

    /// How much body text per page the search index holds.
    static let searchTextLimit = 1500

    /// A script that defines the search index, so that search works from `file://` too. `reuse` may
    /// give a page's entry from the last build.
    func searchIndexJS(reuse: ((Int) -> String?)? = nil) -> (text: String, entries: [String]) {
        let entries = Site.concurrentMap(pages.count) { i -> String in
            if let old = reuse?(i) { return old }
            let p = pages[i]
            let text = Self.plainText(rendered[i].bodyHTML, limit: Self.searchTextLimit)
            var out = "{\"t\":\(Self.json(p.meta.title)),\"a\":[\(p.meta.aliases.map { Self.json($0.value) }.joined(separator: ","))],"
            out += "\"k\":\(Self.json(p.kind.singular)),\"u\":\(Self.json(p.urlPath)),\"s\":\(Self.json(p.meta.summary)),"
            out += "\"g\":[\(p.meta.tags.map(Self.json).joined(separator: ","))],\"b\":\(Self.json(text))}"
            return out
        }
        return ("window.SITEGEN_SEARCH=[" + entries.joined(separator: ",") + "];\n", entries)
    }

    /// Text of rendered HTML, at most `limit` bytes: tags removed, white space folded, the entities
    /// that cmark and sitegen write decoded.
    static func plainText(_ html: String, limit: Int = .max) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(min(limit, html.utf8.count))
        var inTag = false
        var space = false
        let entities: [(String, UInt8)] = [("&quot;", 34), ("&#39;", 39), ("&lt;", 60), ("&gt;", 62), ("&amp;", 38)]
        var utf8 = Array(html.utf8)[...]
        while let c = utf8.first, out.count < limit {
            utf8 = utf8.dropFirst()
            if inTag {
                if c == 62 { inTag = false; space = true }
                continue
            }
            var byte = c
            switch c {
            case 60: inTag = true; continue
            case 32, 9, 10, 13: space = true; continue
            case 38:
                for (name, value) in entities where utf8.starts(with: name.utf8.dropFirst()) {
                    utf8 = utf8.dropFirst(name.utf8.count - 1)
                    byte = value
                    break
                }
            default: break
            }
            if space && !out.isEmpty { out.append(32) }
            space = false
            out.append(byte)
        }
        var text = String(decoding: out, as: UTF8.self)
        // A cut inside a multi-byte character leaves a replacement character: drop it.
        if out.count >= limit, text.hasSuffix("\u{FFFD}") { text.removeLast() }
        return text
    }

    /// A JSON string literal; `<` is escaped so the script cannot be closed early.
    static func json(_ s: String) -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = [34]
        out.reserveCapacity(bytes.count + 8)
        let hex = Array("0123456789abcdef".utf8)
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case 34: out += [92, 34]
            case 92: out += [92, 92]
            case 10: out += [92, 110]
            case 13: out += [92, 114]
            case 9: out += [92, 116]
            case 60: out += Array("\\u003c".utf8)
            case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                // U+2028 and U+2029 end a line in JavaScript source.
                out += Array(bytes[i + 2] == 0xA8 ? "\\u2028".utf8 : "\\u2029".utf8)
                i += 2
            case 0..<0x20:
                out += [92, 117, 48, 48, hex[Int(c >> 4)], hex[Int(c & 15)]]
            default:
                out.append(c)
            }
            i += 1
        }
        out.append(34)
        return String(decoding: out, as: UTF8.self)
    }

    static func sitemap(base: String, paths: [String]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for p in paths.sorted() where p != "404.html" {
            let loc = base + (p == "index.html" ? "" : String(p.dropLast("index.html".count)))
            out += "  <url><loc>\(loc.xmlEscaped)</loc></url>\n"
        }
        return out + "</urlset>\n"
    }
}
