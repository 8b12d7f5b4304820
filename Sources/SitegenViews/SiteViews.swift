import Foundation
import SitegenGraph
import SitegenLoad
import SitegenMarkdown
import SitegenModel

/// Number formatting shared by the views and the templates.
public enum Numbers {
    /// Fixed-point text with trailing zeros removed: deterministic across platforms.
    public static func fixed(_ v: Double, _ digits: Int = 1) -> String { FixedPoint.string(v, digits) }

    /// `370000` → "370k", for chart labels.
    public static func short(_ v: Double) -> String {
        switch abs(v) {
        case 1e9...: return fixed(v / 1e9, 1) + "B"
        case 1e6...: return fixed(v / 1e6, 1) + "M"
        case 1e4...: return fixed(v / 1e3, 0) + "k"
        default: return fixed(v, 1)
        }
    }
}

extension SiteViews {
    // MARK: figures

    /// The view of `/figures/`.
    public func figures() -> FiguresView {
        let root = "../"
        func identity(_ f: Figure) -> String {
            [f.measure ?? "", f.source.value, SourceTexts.normalize(f.quote.value), f.value, f.asOf ?? ""].joined(separator: "\u{1}")
        }
        struct Entry { var page: PageID; var figure: Figure; var identity: String }
        // Pages in parallel: each figure with its identity (a normalised quote).
        let rows = concurrentMap(site.ids.count) { i in
            resolved[i].figures.map { Entry(page: PageID(i), figure: $0.figure, identity: identity($0.figure)) }
        }.flatMap { $0 }
        // The same figure (source, quote, value, period) recorded on several pages is listed once.
        var byMeasure: [String: [Entry]] = [:]
        var alsoOn: [String: [PageID]] = [:]
        for r in rows {
            if alsoOn[r.identity] == nil { byMeasure[r.figure.measure ?? "", default: []].append(r) }
            alsoOn[r.identity, default: []].append(r.page)
        }
        let keys = byMeasure.keys.sorted { ($0.isEmpty ? 1 : 0, $0.lowercased()) < ($1.isEmpty ? 1 : 0, $1.lowercased()) }
        // Measures in parallel; their ids are given in order after.
        var groups: [FiguresView.Group] = concurrentMap(keys.count) { n in
            let key = keys[n]
            let members = byMeasure[key]!.sorted {
                ($0.figure.asOf ?? "", $0.figure.label, pages[$0.page].slug) < ($1.figure.asOf ?? "", $1.figure.label, pages[$1.page].slug)
            }
            let comparison = key.isEmpty ? [:] : Self.compare(members.map(\.figure))
            let items = members.enumerated().map { n, m in
                let f = m.figure
                return FiguresView.Row(
                    label: f.label, value: Self.formatValue(f), unit: f.unit, asOf: f.asOf,
                    source: site.sourceBySlug[f.source.value].map { sourceRef(root: root, $0) }, quote: f.quote.value,
                    pages: alsoOn[m.identity]!.map { plainLink(root: root, $0) }, counts: f.counts,
                    comparison: comparison[n] ?? .alone)
            }
            return FiguresView.Group(measure: key.isEmpty ? "Other figures" : key, id: "",
                                     disputed: items.contains { $0.comparison == .disputed },
                                     notComparable: items.contains { $0.comparison == .notComparable },
                                     chart: Self.barChart(members.map(\.figure)), rows: items)
        }
        // Measure ids are unique, and never collide with another measure's id after slugging.
        var usedIDs = Set<String>()
        for (n, key) in keys.enumerated() {
            var id = "m-" + (key.isEmpty ? "other-figures" : key.anchorSlug)
            if usedIDs.contains(id) {
                var k = 2
                while usedIDs.contains("\(id)-\(k)") { k += 1 }
                id = "\(id)-\(k)"
            }
            usedIDs.insert(id)
            groups[n].id = id
        }
        let nav = groups.map { FiguresView.NavEntry(measure: $0.measure, href: "#" + $0.id, disputed: $0.disputed, notComparable: $0.notComparable) }
        return FiguresView(chrome: chrome(urlPath: "figures/"), title: "Figures",
                           summary: "Every figure in the wiki with its source and quote, grouped by what it measures.",
                           breadcrumbs: [Link(title: "Home", href: "../")], count: rows.count,
                           disputedCount: groups.filter(\.disputed).count, anyNotComparable: groups.contains(where: \.notComparable),
                           nav: nav, groups: groups, pageNumber: 1, pageLinks: [])
    }

    /// Table rows per page of figures, about: a page holds whole measures.
    public static let figureRowsPerPage = 600

    /// The path of page `n` (1-based) of figures.
    public static func figuresPath(_ n: Int) -> String { n == 1 ? "figures/" : "figures/\(n)/" }

    /// `/figures/` split into pages of about `figureRowsPerPage` rows, whole measures each: the first
    /// page lists every measure, with a link to the page that has it. One page when they all fit.
    public func figurePages(of all: FiguresView? = nil) -> [FiguresView] {
        let all = all ?? figures()
        var chunks: [[FiguresView.Group]] = [[]]
        var rows = 0
        for g in all.groups {
            if rows > 0 && rows + g.rows.count > Self.figureRowsPerPage {
                chunks.append([])
                rows = 0
            }
            chunks[chunks.count - 1].append(g)
            rows += g.rows.count
        }
        guard chunks.count > 1 else { return [all] }
        var pageOf: [String: Int] = [:]
        for (n, c) in chunks.enumerated() { for g in c { pageOf[g.id] = n + 1 } }
        return chunks.enumerated().map { n, groups in
            let number = n + 1
            var v = all
            v.pageNumber = number
            v.pageLinks = (1...chunks.count).map { k in
                Link(title: "\(k)", href: number == 1 ? (k == 1 ? "./" : "\(k)/") : (k == 1 ? "../" : k == number ? "./" : "../\(k)/"))
            }
            if number == 1 {
                v.nav = all.nav.map { e in
                    var e = e
                    let k = pageOf[String(e.href.dropFirst())] ?? 1
                    if k != 1 { e.href = "\(k)/" + e.href }
                    return e
                }
                v.groups = groups
            } else {
                v.chrome = chrome(urlPath: Self.figuresPath(number))
                v.title = "Figures, page \(number) of \(chunks.count)"
                v.breadcrumbs = [Link(title: "Home", href: "../../"), Link(title: "Figures", href: "../")]
                v.nav = groups.map { FiguresView.NavEntry(measure: $0.measure, href: "#" + $0.id, disputed: $0.disputed, notComparable: $0.notComparable) }
                // One folder deeper: every link goes one more step up.
                v.groups = groups.map { g in
                    var g = g
                    g.rows = g.rows.map { r in
                        var r = r
                        if let href = r.source?.href { r.source?.href = "../" + href }
                        r.pages = r.pages.map { Link(title: $0.title, href: "../" + $0.href) }
                        return r
                    }
                    return g
                }
            }
            return v
        }
    }

    /// How each figure of one measure stands against the others of its period. Figures that say they
    /// count different things are not compared; among the rest, two figures from different sources
    /// disagree when their values cannot both be true (`more than 55` and `80` can).
    static func compare(_ figures: [Figure]) -> [Int: FiguresView.Comparison] {
        var out: [Int: FiguresView.Comparison] = [:]
        var byPeriod: [String: [Int]] = [:]
        for (n, f) in figures.enumerated() { byPeriod[f.asOf ?? "", default: []].append(n) }
        for (_, idx) in byPeriod where idx.count > 1 {
            let counted = Set(idx.map { figures[$0].counts ?? "" })
            if counted.count > 1 {
                for n in idx where figures[n].counts != nil || counted.count > 1 { out[n] = .notComparable }
                continue
            }
            for a in idx {
                for b in idx where a < b && figures[a].source.value != figures[b].source.value {
                    if !Self.compatible(figures[a], figures[b]) {
                        out[a] = .disputed
                        out[b] = .disputed
                    }
                }
            }
        }
        return out
    }

    /// Whether two figures' values can both be true.
    static func compatible(_ a: Figure, _ b: Figure) -> Bool {
        if let x = ValueRange(text: a.value), let y = ValueRange(text: b.value) { return x.overlaps(y) }
        return (a.number.map { String($0) } ?? a.value) == (b.number.map { String($0) } ?? b.value)
    }

    /// A bar chart when `figures` form a series: two or more numeric values in one unit for distinct periods.
    static func barChart(_ figures: [Figure]) -> BarChartLayout? {
        let numeric = figures.filter { $0.number != nil && $0.number!.isFinite && $0.asOf != nil }
        let units = Set(numeric.map { $0.unit ?? "" })
        guard units.count == 1, Set(numeric.map { $0.asOf! }).count >= 2, numeric.count >= 2 else { return nil }
        let series = numeric.sorted { ($0.asOf!, $0.source.value) < ($1.asOf!, $1.source.value) }
        let maxV = series.map { $0.number! }.max() ?? 1
        guard maxV > 0 else { return nil }
        let barW = 36.0, gap = 14.0, top = 24.0, chartH = 160.0, left = 8.0
        let width = left * 2 + Double(series.count) * (barW + gap)
        let bars = series.enumerated().map { n, f -> BarChartLayout.Bar in
            let v = f.number!
            let h = max(1, v / maxV * chartH)
            let x = left + Double(n) * (barW + gap)
            return BarChartLayout.Bar(x: x, y: top + chartH - h, width: barW, height: h,
                                      title: "\(f.label): \(formatValue(f))", valueLabel: Numbers.short(v), periodLabel: f.asOf!)
        }
        return BarChartLayout(width: width, height: top + chartH + 56, unit: units.first!, bars: bars,
                              axisY: top + chartH, labelY: top + chartH + 16, axisFrom: left, axisTo: width - left)
    }

    // MARK: timeline

    /// The view of `/timeline/`.
    public func timeline() -> TimelineView {
        let root = "../"
        var items: [(date: PartialDate, item: TimelineView.Item)] = []
        // An event recorded on several pages (same date, source and quote) is listed once, with every page.
        var eventIndex: [String: Int] = [:]
        var cards: [String: CiteCard] = [:]
        var counts: [String: [String: Int]] = ["c": [:], "a": [:], "s": [:]]
        for i in site.ids {
            let p = pages[i]
            let link = plainLink(root: root, i)
            let r = resolved[i.index]
            // Countries and actors of the page's events: the page itself, its front-matter fields, and
            // the pages each event's text links to.
            let own = (p.kind == .country || p.kind == .actor ? [i] : []) + r.countries + r.actors
            func keys(_ ids: [PageID]) -> (countries: [String], actors: [String]) {
                let set = Set(ids)
                return (set.filter { pages[$0].kind == .country }.map { pages[$0].slug }.sorted(),
                        set.filter { pages[$0].kind == .actor }.map { pages[$0].slug }.sorted())
            }
            for e in r.events {
                let key = [e.event.date.description, e.event.source.value, SourceTexts.normalize(e.event.quote.value)].joined(separator: "\u{1}")
                let (c, a) = keys(own + e.linked)
                if let n = eventIndex[key] {
                    items[n].item.alsoOn.append(link)
                    items[n].item.countries = Array(Set(items[n].item.countries + c)).sorted()
                    items[n].item.actors = Array(Set(items[n].item.actors + a)).sorted()
                    continue
                }
                eventIndex[key] = items.count
                if let cite = e.timelineCite, cards[cite.href] == nil {
                    cards[cite.href] = card(page: i, number: cite.number, href: cite.href, root: root)
                }
                items.append((e.event.date, TimelineView.Item(date: e.event.date.display, iso: e.event.date.description, text: e.timelineHTML,
                                                              cite: e.timelineCite, kind: .event, page: link, countries: c, actors: a,
                                                              source: e.event.source.value)))
            }
            if p.kind == .policy {
                // The page's own events say more than "Begins"/"Ends" for the same date.
                let eventDates = Set(r.events.map(\.event.date))
                let (c, a) = keys(own)
                for (date, kind, word) in [(p.meta.start, TimelineView.Kind.start, "Begins"), (p.meta.end, .end, "Ends")] {
                    guard let d = date, !eventDates.contains(d) else { continue }
                    items.append((d, TimelineView.Item(date: d.display, iso: d.description, text: "\(word): \(p.meta.title)",
                                                       cite: nil, kind: kind, page: link, countries: c, actors: a)))
                }
            }
        }
        items.sort { ($0.date, $0.item.page.title, $0.item.text.string) < ($1.date, $1.item.page.title, $1.item.text.string) }
        var years: [TimelineView.Year] = []
        for (date, item) in items {
            if years.last?.year != date.year { years.append(TimelineView.Year(year: date.year, id: "y\(date.year)", items: [])) }
            years[years.count - 1].items.append(item)
            for c in item.countries { counts["c"]![c, default: 0] += 1 }
            for a in item.actors { counts["a"]![a, default: 0] += 1 }
            if let s = item.source { counts["s"]![s, default: 0] += 1 }
        }
        var filters = TimelineFilters()
        func options(_ k: String, title: (String) -> String) -> [TimelineFilters.Option] {
            counts[k]!.map { TimelineFilters.Option(value: $0.key, label: title($0.key), count: $0.value) }
                .sorted { ($0.label.lowercased(), $0.value) < ($1.label.lowercased(), $1.value) }
        }
        let bySlug = Dictionary(pages.map { ($0.slug, $0.meta.title) }, uniquingKeysWith: { a, _ in a })
        filters.countries = options("c") { bySlug[$0] ?? $0 }
        filters.actors = options("a") { bySlug[$0] ?? $0 }
        filters.sources = options("s") { bySlug[$0] ?? $0 }
        return TimelineView(chrome: chrome(urlPath: PageResolution.timelinePath), title: "Timeline",
                            summary: "Policies and dated events in order, each linking to the page that records it.",
                            breadcrumbs: [Link(title: "Home", href: "../")], years: years, filters: filters,
                            cards: cards.keys.sorted().map { cards[$0]! })
    }

    // MARK: relation maps

    public static func mapped(_ k: PageKind) -> Bool { k == .country || k == .actor || k == .policy }

    /// Undirected links between countries, actors and policies.
    public func edges() -> [(PageID, PageID)] {
        // Each pair as one integer, lower index in the high half: sorting the integers sorts the pairs.
        var set = Set<UInt64>()
        for (j, r) in resolved.enumerated() where Self.mapped(pages[j].kind) {
            for list in [r.links.map(\.target), r.related, r.countries, r.actors] {
                for t in list where t.index != j && Self.mapped(pages[t].kind) {
                    set.insert(UInt64(min(j, t.index)) << 32 | UInt64(max(j, t.index)))
                }
            }
        }
        return set.sorted().map { (PageID(Int($0 >> 32)), PageID(Int($0 & 0xFFFF_FFFF))) }
    }

    /// The most pages the site map draws. A larger site's map shows its most linked pages and the
    /// links between them: thousands of names in one picture are more than a browser or a reader
    /// can take, and every page's own map shows all of its links.
    public static let mapNodeLimit = 400

    func mapNode(_ i: PageID, x: Double, y: Double, root: String, anchor: RelationMapLayout.Anchor, maxLength: Int) -> RelationMapLayout.Node {
        let title = pages[i].meta.title
        // A title of at most `maxLength` bytes has at most as many characters: no need to count them.
        let label = title.utf8.count <= maxLength || title.count <= maxLength ? title : String(title.prefix(maxLength - 1)) + "…"
        return RelationMapLayout.Node(title: title, label: label, href: root + pages[i].urlPath, kind: pages[i].kind,
                                      x: x, y: y, anchor: anchor)
    }

    static func curve(_ a: (Double, Double), _ b: (Double, Double), c1: (Double, Double), c2: (Double, Double)) -> RelationMapLayout.Curve {
        RelationMapLayout.Curve(points: [a.0, a.1, c1.0, c1.1, c2.0, c2.1, b.0, b.1])
    }

    /// The view of `/map/`: the whole site in three columns.
    public func map() -> MapView {
        let mappable = site.ids.filter { Self.mapped(pages[$0].kind) }
        var nodes = mappable
        var links = edges()
        if nodes.count > Self.mapNodeLimit {
            var degree = [Int](repeating: 0, count: pages.count)
            for (a, b) in links { degree[a.index] += 1; degree[b.index] += 1 }
            let top = Set(nodes.sorted { (degree[$0.index], $1.index) > (degree[$1.index], $0.index) }.prefix(Self.mapNodeLimit))
            nodes = nodes.filter { top.contains($0) }
            links = links.filter { top.contains($0.0) && top.contains($0.1) }
        }
        let columns: [PageKind] = [.country, .actor, .policy]
        let xs: [PageKind: Double] = [.country: 190, .actor: 560, .policy: 930]
        let anchors: [PageKind: RelationMapLayout.Anchor] = [.country: .end, .actor: .start, .policy: .start]
        let rowH = 22.0, top = 50.0
        var pos: [PageID: (Double, Double)] = [:]
        var maxRows = 0
        for kind in columns {
            let members = site.sortedByTitle(nodes.filter { pages[$0].kind == kind })
            maxRows = max(maxRows, members.count)
            for (n, i) in members.enumerated() { pos[i] = (xs[kind]!, top + Double(n) * rowH) }
        }
        // Actor labels run right of their dots: edges leaving an actor rightwards start after the label.
        let labelEnd = xs[.actor]! + 190
        var curves: [RelationMapLayout.Curve] = []
        for (a, b) in links {
            guard var pa = pos[a], var pb = pos[b] else { continue }
            if pages[a].kind == .actor && pb.0 > pa.0 { pa.0 = labelEnd }
            if pages[b].kind == .actor && pa.0 > pb.0 { pb.0 = labelEnd }
            let (p1, p2) = pa.0 <= pb.0 ? (pa, pb) : (pb, pa)
            if p1.0 == p2.0 {
                let bulge = p1.0 + 40 + min(160, abs(p2.1 - p1.1) / 4)
                curves.append(Self.curve(p1, p2, c1: (bulge, p1.1), c2: (bulge, p2.1)))
            } else {
                let mx = (p1.0 + p2.0) / 2
                curves.append(Self.curve(p1, p2, c1: (mx, p1.1), c2: (mx, p2.1)))
            }
        }
        let mapNodes = nodes.compactMap { i -> RelationMapLayout.Node? in
            guard let (x, y) = pos[i] else { return nil }
            return mapNode(i, x: x, y: y, root: "../", anchor: anchors[pages[i].kind]!, maxLength: 30)
        }
        let layout = RelationMapLayout(
            isSiteMap: true, width: 1180, height: top + Double(maxRows) * rowH + 20,
            label: "Map of relations between \(nodes.count) pages",
            headings: columns.map { RelationMapLayout.Heading(text: $0.plural, x: xs[$0]!) },
            curves: curves, nodes: mapNodes, center: nil, more: 0)
        return MapView(chrome: chrome(urlPath: "map/"), title: "Map of relations",
                       summary: "How countries, actors and policies link to each other. Every node is a link to its page.",
                       breadcrumbs: [Link(title: "Home", href: "../")], map: layout, nodeCount: nodes.count, edgeCount: links.count,
                       totalNodes: mappable.count)
    }

    /// The countries, actors and policies page `i` links to or is linked from.
    public func neighbours(_ i: PageID) -> [PageID] {
        var neighbours = Set<PageID>()
        func add(_ t: PageID) { if t != i && Self.mapped(pages[t].kind) { neighbours.insert(t) } }
        for l in resolved[i.index].links { add(l.target) }
        for t in resolved[i.index].related { add(t) }
        for t in resolved[i.index].countries { add(t) }
        for t in resolved[i.index].actors { add(t) }
        for t in xref.incoming[i.index] where Self.mapped(pages[t].kind) { neighbours.insert(t) }
        return neighbours.sorted()
    }

    /// The page in the middle, its linked pages in two columns either side, one curve to each.
    func neighbourhoodMap(_ center: PageID, limit: Int = 24) -> RelationMapLayout? {
        let neighbours = self.neighbours(center)
        guard !neighbours.isEmpty else { return nil }
        let root = SiteIndex.relativePrefix(pages[center].urlPath)
        let rank = site.titleRank
        let shown = Array(neighbours.sorted { (pages[$0].kind, rank[$0.index]) < (pages[$1].kind, rank[$1.index]) }.prefix(limit))
        let left = Array(shown.prefix((shown.count + 1) / 2)), right = Array(shown.dropFirst(left.count))
        let w = 460.0, rowH = 24.0, top = 16.0
        let rows = max(left.count, right.count, 1)
        let h = top * 2 + Double(rows - 1) * rowH + (neighbours.count > shown.count ? 20 : 0)
        let cx = w / 2, cy = top + Double(rows - 1) * rowH / 2
        let lx = cx - 28, rx = cx + 28
        func y(_ n: Int, _ count: Int) -> Double { top + (Double(rows - count) / 2 + Double(n)) * rowH }
        var nodes: [RelationMapLayout.Node] = []
        for (n, i) in left.enumerated() { nodes.append(mapNode(i, x: lx, y: y(n, left.count), root: root, anchor: .end, maxLength: 22)) }
        for (n, i) in right.enumerated() { nodes.append(mapNode(i, x: rx, y: y(n, right.count), root: root, anchor: .start, maxLength: 22)) }
        let curves = nodes.map { n in Self.curve((cx, cy), (n.x, n.y), c1: ((n.x + cx) / 2, cy), c2: ((n.x + cx) / 2, n.y)) }
        return RelationMapLayout(
            isSiteMap: false, width: w, height: h, label: "\(pages[center].meta.title) and \(neighbours.count) linked pages",
            headings: [], curves: curves, nodes: nodes,
            center: mapNode(center, x: cx, y: cy, root: root, anchor: .middle, maxLength: 200),
            more: neighbours.count - shown.count)
    }

    // MARK: search and sitemap

    /// Text of rendered HTML, at most `limit` bytes: tags removed, white space folded, the entities
    /// that cmark and sitegen write decoded.
    public static func plainText(_ html: String, limit: Int = .max) -> String {
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
    public static func json(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 8)
        appendJSON(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `s` as a JSON string literal to `out`: quotes, backslashes and control characters
    /// escaped, and `<`, U+2028 and U+2029 as `\u` escapes, so the text is safe inside a script.
    public static func appendJSON(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            out.append(34)
            let hex: StaticString = "0123456789abcdef"
            var i = 0, run = 0
            let n = bytes.count
            @inline(__always) func flush(_ end: Int) {
                if run < end { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<end])) }
            }
            // Eight bytes at a time while none is below 0x20, 0x80 or above, `"`, `\`, `<` or DEL;
            // a word that may hold one is read byte by byte.
            var wordsFrom = 0
            while i < n {
                if i >= wordsFrom, let base = bytes.baseAddress {
                    let raw = UnsafeRawPointer(base)
                    while i + 8 <= n {
                        let w = ByteWords.load(raw, i)
                        let marks = ByteWords.below(w, 0x20) | ByteWords.equal(w, 34) | ByteWords.equal(w, 92)
                            | ByteWords.equal(w, 60) | ByteWords.equal(w, 0x7F) | ByteWords.nonASCII(w)
                        if marks != 0 { wordsFrom = i + 8; break }
                        i += 8
                    }
                    if i >= n { break }
                }
                let c = bytes[i]
                if c >= 0x20 && c != 34 && c != 92 && c != 60 && c != 0x7F && c != 0xE2 { i += 1; continue }
                var escape: (UInt8, UInt8)? = nil
                switch c {
                case 34: escape = (92, 34)
                case 92: escape = (92, 92)
                case 10: escape = (92, 110)
                case 13: escape = (92, 114)
                case 9: escape = (92, 116)
                case 0xE2:
                    // U+2028 and U+2029 end a line in JavaScript source.
                    guard i + 2 < n, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 else { i += 1; continue }
                    flush(i)
                    out.append(contentsOf: (bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                    i += 3; run = i
                    continue
                default: break
                }
                flush(i)
                if let (a, b) = escape {
                    out.append(a); out.append(b)
                } else {
                    hex.withUTF8Buffer { h in
                        out.append(contentsOf: [92, 117, 48, 48, h[Int(c >> 4)], h[Int(c & 15)]])
                    }
                }
                i += 1; run = i
            }
            flush(n)
            out.append(34)
        }
    }

    /// The absolute URLs of the sitemap, for the output paths of HTML pages.
    public static func sitemapURLs(base: String, paths: [String]) -> [String] {
        paths.sorted().filter { $0 != "404.html" && $0 != searchPath + "index.html" && $0.hasSuffix("index.html") }.map { p in
            base + (p == "index.html" ? "" : String(p.dropLast("index.html".count)))
        }
    }
}
