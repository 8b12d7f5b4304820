import Foundation
import SitegenGraph
import SitegenLoad
import SitegenMarkdown
import SitegenModel

/// A JSON value written with its keys in the order given, so that output is deterministic.
public indirect enum JSONValue: Sendable, Hashable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([JSONValue])
    case object([(String, JSONValue)])
    case null

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case (.null, .null): return true
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case let .string(s): h.combine(0); h.combine(s)
        case let .int(n): h.combine(1); h.combine(n)
        case let .bool(b): h.combine(2); h.combine(b)
        case .null: h.combine(3)
        case let .array(items): h.combine(4); h.combine(items)
        case let .object(pairs):
            h.combine(5); h.combine(pairs.count)
            for (k, v) in pairs { h.combine(k); h.combine(v) }
        }
    }

    /// Compact JSON; strings are escaped as `SiteViews.json` escapes them, `<` included.
    public var text: String {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        write(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the compact JSON of this value to `out`.
    public func write(into out: inout [UInt8]) {
        switch self {
        case let .string(s): SiteViews.appendJSON(s, to: &out)
        case let .int(n): out.append(contentsOf: String(n).utf8)
        case let .bool(b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case let .array(items):
            out.append(UInt8(ascii: "["))
            for (i, v) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                v.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case let .object(pairs):
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                SiteViews.appendJSON(k, to: &out)
                out.append(UInt8(ascii: ":"))
                v.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}

extension SiteViews {
    // MARK: dates

    /// The date of a file of the content folder in the git history.
    func lastUpdated(_ id: PageID) -> DateStamp? {
        history.files[pages[id].relativePath].map { DateStamp(iso: $0.last.day, display: $0.last.display) }
    }

    /// The date of the content's newest commit.
    public var contentDate: DateStamp? {
        history.latest.map { DateStamp(iso: $0.day, display: $0.display) }
    }

    /// The newest date a page itself gives (a source's date, a policy's start or end, an event, a
    /// figure's period), for a feed built without git history.
    func ownDate(_ id: PageID) -> PartialDate? {
        let m = pages[id].meta
        var dates = [m.date, m.start, m.end].compactMap { $0 } + m.events.map(\.date)
        dates += m.figures.compactMap { $0.asOf.flatMap(PartialDate.init) }
        return dates.max()
    }

    static func rfc3339(_ d: PartialDate) -> String {
        PartialDate.padded(d.year, 4) + "-" + PartialDate.padded(d.month ?? 1, 2) + "-" + PartialDate.padded(d.day ?? 1, 2) + "T00:00:00Z"
    }

    /// Where a page is, as printed and cited: its absolute URL with `base_url`, else its path from the
    /// site root.
    public func printedURL(_ id: PageID) -> String {
        let path = pages[id].urlPath
        if let base = config.baseURL { return base + path }
        return path.isEmpty ? "./" : path
    }

    // MARK: tags

    /// The folder of a tag's page (`tags/northern-central-america/`).
    public static func tagPath(_ tag: String) -> String { "tags/" + tag.anchorSlug + "/" }

    /// Every tag, by slug: the name shown (the most used spelling) and its pages in title order.
    public func tagGroups() -> [(slug: String, name: String, pages: [PageID])] {
        var bySlug: [String: (spellings: [String: Int], pages: [PageID])] = [:]
        for id in site.ids {
            var seen = Set<String>()
            for tag in pages[id].meta.tags where !tag.trimmedWhitespace.isEmpty {
                let slug = tag.anchorSlug
                bySlug[slug, default: ([:], [])].spellings[tag, default: 0] += 1
                if seen.insert(slug).inserted { bySlug[slug]!.pages.append(id) }
            }
        }
        return bySlug.keys.sorted().map { slug in
            let g = bySlug[slug]!
            let name = g.spellings.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.first!.key
            return (slug, name, site.sortedByTitle(g.pages))
        }.sorted { ($0.name.lowercased(), $0.slug) < ($1.name.lowercased(), $1.slug) }
    }

    /// The view of `/tags/`.
    public func tagIndex() -> TagIndexView {
        let root = "../"
        return TagIndexView(
            chrome: chrome(urlPath: "tags/"), title: "Tags",
            summary: "The keywords pages are tagged with, each linking to the pages that carry it.",
            breadcrumbs: [Link(title: "Home", href: root)],
            tags: tagGroups().map { TagIndexView.Entry(name: $0.name, href: $0.slug + "/", count: $0.pages.count) })
    }

    /// The view of one tag's page.
    public func tagPage(slug: String, name: String, pages ids: [PageID]) -> TagView {
        let path = "tags/" + slug + "/"
        let root = SiteIndex.relativePrefix(path)
        return TagView(chrome: chrome(urlPath: path), title: "Tag: \(name)", tag: name,
                       summary: ids.count == 1 ? "1 page is tagged “\(name)”." : "\(ids.count) pages are tagged “\(name)”.",
                       breadcrumbs: [Link(title: "Home", href: root), Link(title: "Tags", href: root + "tags/")],
                       pages: ids.map { link(root: root, $0) })
    }

    // MARK: page extras

    /// What a content page adds for citation, sharing and print.
    public func extras(_ id: PageID) -> PageExtras {
        let p = pages[id]
        let root = SiteIndex.relativePrefix(p.urlPath)
        var e = PageExtras()
        var seen = Set<String>()
        e.tags = p.meta.tags.filter { !$0.trimmedWhitespace.isEmpty && seen.insert($0.anchorSlug).inserted }
            .map { Link(title: $0, href: root + Self.tagPath($0)) }
        e.lastUpdated = lastUpdated(id)
        e.contentDate = contentDate
        e.printedFrom = printedURL(id)
        e.cite = citeBox(id, lastUpdated: e.lastUpdated)
        e.jsonLD = jsonLD(id, lastUpdated: e.lastUpdated).text
        if p.kind == .country && config.dossiers { e.dossier = "dossier/" }
        return e
    }

    /// The plain-text and BibTeX references to a page.
    func citeBox(_ id: PageID, lastUpdated: DateStamp?) -> CiteBox {
        let p = pages[id]
        let url = printedURL(id)
        var text = "“\(p.meta.title).” \(config.title)."
        if let d = lastUpdated { text += " Last updated \(d.display)." }
        text += " \(url)"
        let key = [config.title.anchorSlug, p.kind.folder ?? "page", p.slug].joined(separator: "-")
        var fields: [(String, String)] = [("title", Self.bibtex(p.meta.title)), ("howpublished", Self.bibtex(config.title))]
        if let d = lastUpdated {
            fields.append(("year", String(d.iso.prefix(4))))
            fields.append(("note", "Last updated " + d.display))
        }
        fields.append(("url", url))
        let body = fields.map { "  \($0.0) = {\($0.1)}" }.joined(separator: ",\n")
        return CiteBox(text: text, bibtex: "@misc{\(key),\n\(body)\n}")
    }

    /// Text inside a BibTeX field: its special characters escaped.
    /// The bytes that BibTeX text escapes: `\ { } & % $ # _ ~ ^`.
    static let bibtexSpecial: Set<UInt8> = [92, 123, 125, 38, 37, 36, 35, 95, 126, 94]

    static func bibtex(_ s: String) -> String {
        // Most titles have nothing to escape.
        guard s.utf8.contains(where: bibtexSpecial.contains) else { return s }
        var out = ""
        for c in s {
            switch c {
            case "\\": out += "\\textbackslash{}"
            case "{", "}", "&", "%", "$", "#", "_": out += "\\" + String(c)
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            default: out.append(c)
            }
        }
        return out
    }

    /// The schema.org type of what a page is about.
    public static func schemaType(kind: PageKind, type: String?) -> String? {
        switch kind {
        case .country: return "Place"
        case .actor:
            switch type {
            case "person": return "Person"
            case "agency", "government": return "GovernmentOrganization"
            default: return "Organization"
            }
        case .policy: return "Legislation"
        case .source: return "CreativeWork"
        case .home, .page: return nil
        }
    }

    /// The page as schema.org JSON-LD: a WebPage `about` its subject, with its citations as Quotations.
    public func jsonLD(_ id: PageID, lastUpdated: DateStamp?) -> JSONValue {
        let p = pages[id], m = p.meta
        var page: [(String, JSONValue)] = [
            ("@context", .string("https://schema.org")), ("@type", .string("WebPage")),
            ("name", .string(m.title)), ("description", .string(m.summary)),
        ]
        if let base = config.baseURL { page.append(("url", .string(base + p.urlPath))) }
        page.append(("isPartOf", .object([("@type", .string("WebSite")), ("name", .string(config.title))])))
        if let d = lastUpdated { page.append(("dateModified", .string(d.iso))) }
        if !m.tags.isEmpty { page.append(("keywords", .string(m.tags.joined(separator: ", ")))) }
        if let type = Self.schemaType(kind: p.kind, type: m.type) {
            var about: [(String, JSONValue)] = [("@type", .string(type)), ("name", .string(m.title)), ("description", .string(m.summary))]
            let aliases = m.aliases.map(\.value).filter { !$0.trimmedWhitespace.isEmpty }
            if !aliases.isEmpty { about.append(("alternateName", .array(aliases.map(JSONValue.string)))) }
            switch p.kind {
            case .policy:
                if let t = Self.typeLabel(m.type) { about.append(("legislationType", .string(t))) }
                if let s = m.start { about.append(("legislationDate", .string(s.description))) }
            case .source:
                if let pub = m.publisher { about.append(("publisher", .object([("@type", .string("Organization")), ("name", .string(pub))]))) }
                if let a = m.author { about.append(("author", .string(a))) }
                if let d = m.date { about.append(("datePublished", .string(d.description))) }
            default: break
            }
            page.append(("about", .object(about)))
        }
        let citations = resolved[id.index].citations.map { c -> JSONValue in
            let s = pages[c.source].meta
            var work: [(String, JSONValue)] = [("@type", .string("CreativeWork")), ("name", .string(s.title))]
            if let pub = s.publisher { work.append(("publisher", .object([("@type", .string("Organization")), ("name", .string(pub))]))) }
            if let d = s.date { work.append(("datePublished", .string(d.description))) }
            if let base = config.baseURL { work.append(("url", .string(base + pages[c.source].urlPath))) }
            var q: [(String, JSONValue)] = [("@type", .string("Quotation"))]
            if let text = c.quote { q.append(("text", .string(text))) }
            q.append(("isBasedOn", .object(work)))
            return .object(q)
        }
        if !citations.isEmpty { page.append(("citation", .array(citations))) }
        return .object(page)
    }

    // MARK: feed

    /// A stable `urn:uuid:` for `key` (a version 8 UUID from two FNV-1a hashes).
    static func urn(_ key: String) -> String {
        func fnv(_ seed: UInt64) -> UInt64 {
            var h = seed
            for b in key.utf8 {
                h ^= UInt64(b)
                h = h &* 0x100_0000_01b3
            }
            return h
        }
        var hi = fnv(0xcbf2_9ce4_8422_2325), lo = fnv(0x84222325_cbf29ce4)
        hi = (hi & ~0xF000) | 0x8000
        lo = (lo & ~(0xC << 60)) | (0x8 << 60)
        // 32 hex digits, grouped 8-4-4-4-12.
        var out = Array("urn:uuid:".utf8)
        out.reserveCapacity(45)
        let hex = Array("0123456789abcdef".utf8)
        for (n, word) in [hi, lo].enumerated() {
            for k in 0..<16 {
                let digit = n * 16 + k
                if digit == 8 || digit == 12 || digit == 16 || digit == 20 { out.append(45) }
                out.append(hex[Int((word >> UInt64(60 - 4 * k)) & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The most entries the feed holds.
    public static let feedLimit = 100

    /// The view of `feed.xml`: new pages, changed policy statuses and new disagreements, dated by the
    /// content's git history; without it, one entry per page dated by the page's own newest date.
    public func feed() -> FeedView {
        let base = config.baseURL
        func href(_ id: PageID) -> String { (base ?? "") + pages[id].urlPath }
        var entries: [FeedView.Entry] = []
        let fromHistory = !history.isEmpty
        let fallback = site.ids.compactMap(ownDate).max().map(Self.rfc3339) ?? "1970-01-01T00:00:00Z"
        var byPath: [String: PageID] = [:]
        for id in site.ids { byPath[pages[id].relativePath] = id }
        for id in site.ids where pages[id].kind != .home {
            let p = pages[id]
            let updated: String
            if fromHistory {
                guard let d = history.files[p.relativePath] else { continue }
                updated = d.first.rfc3339
            } else {
                updated = ownDate(id).map(Self.rfc3339) ?? fallback
            }
            entries.append(FeedView.Entry(id: Self.urn(p.relativePath + "\u{1}page"), title: "New \(p.kind.singular.lowercased()): \(p.meta.title)",
                                          link: href(id), updated: updated, summary: p.meta.summary, category: "page"))
        }
        for (n, c) in history.changes.enumerated() {
            guard let id = byPath[c.path] else { continue }
            let title = pages[id].meta.title
            let key = Self.urn("\(c.path)\u{1}\(c.commit)\u{1}\(n)")
            switch c.kind {
            case let .status(from, to):
                let label = { (s: String) in Self.typeLabel(s)?.lowercased() ?? s }
                let text = from.map { "from \(label($0)) to \(label(to))" } ?? "to \(label(to))"
                entries.append(FeedView.Entry(id: key, title: "\(title): status changed \(text)", link: href(id),
                                              updated: c.time.rfc3339, summary: pages[id].meta.summary, category: "status"))
            case let .disagreement(text):
                entries.append(FeedView.Entry(id: key, title: "New disagreement on \(title)", link: href(id),
                                              updated: c.time.rfc3339, summary: text, category: "disagreement"))
            }
        }
        if entries.count > Self.feedLimit {
            // Only entries as new as the feedLimit-th newest date can be kept: the rest need not be sorted.
            let newest = entries.map(\.updated).sorted(by: >)[Self.feedLimit - 1]
            entries.removeAll { $0.updated < newest }
        }
        entries.sort { ($1.updated, $0.category, $0.title, $0.id) < ($0.updated, $1.category, $1.title, $1.id) }
        entries = Array(entries.prefix(Self.feedLimit))
        let updated = entries.map(\.updated).max() ?? fallback
        return FeedView(title: config.title, subtitle: "New pages, changed policy statuses and new disagreements between sources.",
                        id: base.map { $0 + "feed.xml" } ?? Self.urn(config.title + "\u{1}feed"), updated: updated,
                        selfURL: base.map { $0 + "feed.xml" }, siteURL: base ?? "./", fromHistory: fromHistory, entries: entries)
    }

    // MARK: data downloads

    /// One CSV record (RFC 4180): fields with a comma, a quote or a line break are quoted, quotes doubled.
    public static func csvRecord(_ fields: [String]) -> String {
        var out: [UInt8] = []
        appendCSVRecord(fields, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends one CSV record (RFC 4180: fields with a comma, quote or line break are quoted, quotes
    /// doubled; CRLF at the end) to `out`.
    static func appendCSVRecord(_ fields: [String], to out: inout [UInt8]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(44) }
            let u = f.utf8
            if u.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
                out.append(34)
                for b in u {
                    if b == 34 { out.append(34) }
                    out.append(b)
                }
                out.append(34)
            } else {
                out.append(contentsOf: u)
            }
        }
        out.append(13); out.append(10)
    }

    static func csv(_ header: [String], _ rows: [[String]]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(rows.count * 128)
        appendCSVRecord(header, to: &out)
        for r in rows { appendCSVRecord(r, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    func sourceColumns(_ slug: String) -> [String] {
        guard let s = site.sourceBySlug[slug] else { return [slug, "", ""] }
        return [slug, pages[s].meta.title, pages[s].meta.viewpoint ?? ""]
    }

    public static let figuresColumns = ["page", "page_url", "label", "value", "unit", "as_of", "measure", "counts",
                                        "source", "source_title", "viewpoint", "quote"]
    public static let eventsColumns = ["page", "page_url", "date", "text", "source", "source_title", "viewpoint", "quote"]
    public static let citationsColumns = ["page", "page_url", "number", "source", "source_title", "viewpoint", "publisher",
                                          "source_date", "quote"]

    /// `figures.csv`: one row per figure of every page.
    public func figuresCSV() -> [UInt8] {
        // Rows are written as they are made: a table of strings would hold several times the text.
        var out: [UInt8] = []
        Self.appendCSVRecord(Self.figuresColumns, to: &out)
        for id in site.ids {
            for f in resolved[id.index].figures.map(\.figure) {
                Self.appendCSVRecord([pages[id].meta.title, printedURL(id), f.label, f.value, f.unit ?? "", f.asOf ?? "", f.measure ?? "",
                                      f.counts ?? ""] + sourceColumns(f.source.value) + [f.quote.value], to: &out)
            }
        }
        return out
    }

    /// `events.csv`: one row per dated event, in date order.
    public func eventsCSV() -> [UInt8] {
        var rows: [(PartialDate, [String])] = []
        for id in site.ids {
            for e in resolved[id.index].events {
                rows.append((e.event.date, [pages[id].meta.title, printedURL(id), e.event.date.description,
                                            Self.plainText(e.textHTML.string)] + sourceColumns(e.event.source.value) + [e.event.quote.value]))
            }
        }
        rows.sort { ($0.0, $0.1.joined(separator: "\u{1}")) < ($1.0, $1.1.joined(separator: "\u{1}")) }
        return Array(Self.csv(Self.eventsColumns, rows.map(\.1)).utf8)
    }

    /// `citations.csv`: one row per entry of every page's References.
    public func citationsCSV() -> [UInt8] {
        var out: [UInt8] = []
        Self.appendCSVRecord(Self.citationsColumns, to: &out)
        for id in site.ids {
            let title = pages[id].meta.title, url = printedURL(id)
            for c in resolved[id.index].citations {
                let s = pages[c.source]
                Self.appendCSVRecord([title, url, String(c.number), s.slug, s.meta.title, s.meta.viewpoint ?? "",
                                      s.meta.publisher ?? "", s.meta.date?.description ?? "", c.quote ?? ""], to: &out)
            }
        }
        return out
    }

    /// A page's id in `graph.json`: its file in the content folder without `.md`.
    public func graphID(_ id: PageID) -> String {
        let path = pages[id].relativePath
        return path.hasSuffix(".md") ? String(path.dropLast(3)) : path
    }

    /// `graph.json`: every page, and every link between two pages (wiki links, front-matter fields,
    /// Markdown links and citations), once per pair and kind of link.
    public func graphJSON() -> [UInt8] {
        let nodes = site.ids.map { id -> JSONValue in
            let m = pages[id].meta
            var o: [(String, JSONValue)] = [("id", .string(graphID(id))), ("title", .string(m.title)),
                                            ("kind", .string(pages[id].kind.rawValue))]
            o.append(("type", m.type.map(JSONValue.string) ?? .null))
            o.append(("url", .string(printedURL(id))))
            o.append(("tags", .array(m.tags.map(JSONValue.string))))
            return .object(o)
        }
        var links: [(Int, Int, String)] = []
        for id in site.ids {
            var seen = Set<String>()
            for l in resolved[id.index].links where l.target != id && seen.insert("\(l.target.index) \(l.via.rawValue)").inserted {
                links.append((id.index, l.target.index, l.via.rawValue))
            }
        }
        links.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        // The links are written straight into the text (a value per link would hold ten times the
        // text's memory at 10,000 pages).
        var ids: [[UInt8]] = []
        ids.reserveCapacity(pages.count)
        for id in site.ids {
            var b: [UInt8] = []
            Self.appendJSON(graphID(id), to: &b)
            ids.append(b)
        }
        var out: [UInt8] = []
        out.reserveCapacity(links.count * 64 + nodes.count * 128)
        out.append(contentsOf: #"{"nodes":"#.utf8)
        JSONValue.array(nodes).write(into: &out)
        out.append(contentsOf: #","links":["#.utf8)
        for (i, l) in links.enumerated() {
            if i > 0 { out.append(44) }
            out.append(contentsOf: #"{"source":"#.utf8)
            out.append(contentsOf: ids[l.0])
            out.append(contentsOf: #","target":"#.utf8)
            out.append(contentsOf: ids[l.1])
            out.append(contentsOf: #","via":"#.utf8)
            Self.appendJSON(l.2, to: &out)
            out.append(125)
        }
        out.append(contentsOf: "]}\n".utf8)
        return out
    }

    // MARK: dossiers

    /// The policies and actors in a country's dossier: those it links to or that link to it, policies
    /// first, each group by title.
    public func dossierMembers(_ country: PageID) -> [PageID] {
        let linked = neighbours(country)
        return [PageKind.policy, .actor].flatMap { kind in site.sortedByTitle(linked.filter { pages[$0].kind == kind }) }
    }

    /// One page as a section of a dossier: its ids prefixed with its slug and `_` (which neither slugs
    /// nor heading ids contain, so sections cannot clash), its links rebased one folder up. The same
    /// in every dossier (all are at `countries/<slug>/dossier/`), so it is made once per page.
    public func dossierSection(_ id: PageID) -> DossierSection {
        let v = page(id, full: false)
        let prefix = pages[id].slug + "_"
        let up = "../"
        let root = "../../../"
        func href(_ h: String) -> String {
            if h.hasPrefix("#") { return "#" + prefix + h.dropFirst() }
            if h.hasPrefix("/") || h.utf8.contains(58) { return h }
            return up + h
        }
        func mark(_ c: CitationMark?) -> CitationMark? {
            c.map { CitationMark(number: $0.number, markID: $0.markID.isEmpty ? "" : prefix + $0.markID, href: href($0.href)) }
        }
        func html(_ h: HTML) -> HTML { h.relocated(idPrefix: prefix, up: up) }
        let rows = (v.infobox?.rows ?? []).map { r -> InfoRow in
            var r = r
            switch r.value {
            case let .links(links): r.value = .links(links.map { Link(title: $0.title, href: href($0.href)) })
            case let .markdown(h): r.value = .markdown(html(h))
            default: break
            }
            return r
        }
        let figures = (v.infobox?.figures ?? []).map { f -> FigureItem in
            var f = f
            f.cite = mark(f.cite)
            f.note = f.note.map(html)
            return f
        }
        let refs = v.references.map { r -> ReferenceItem in
            var r = r
            r.id = prefix + r.id
            r.backrefs = r.backrefs.map { ReferenceItem.Backref(href: href($0.href), label: $0.label) }
            r.source.href = href(r.source.href)
            return r
        }
        let title = v.typeLabel.map { "\(v.kindLabel) · \($0)" } ?? v.kindLabel
        return DossierSection(id: prefix, kind: pages[id].kind, kindLabel: title, title: v.title, summary: v.summary,
                              href: root + pages[id].urlPath, url: printedURL(id), rows: rows, figures: figures,
                              body: v.body.relocated(idPrefix: prefix, up: up, demote: 1),
                              events: v.events.map { EventItem(date: $0.date, text: html($0.text), cite: mark($0.cite)) },
                              references: refs, lastUpdated: lastUpdated(id))
    }

    /// The view of `/countries/<slug>/dossier/`; `section` gives each page's section (shared between
    /// dossiers by the build).
    public func dossier(_ country: PageID, section: (PageID) -> DossierSection) -> DossierView {
        let path = pages[country].urlPath + "dossier/"
        let root = SiteIndex.relativePrefix(path)
        let sections = ([country] + dossierMembers(country)).map(section)
        let policies = sections.filter { $0.kind == .policy }.count
        let actors = sections.filter { $0.kind == .actor }.count
        let title = pages[country].meta.title
        return DossierView(
            chrome: chrome(urlPath: path), title: "\(title): dossier",
            summary: "The page on \(title) followed by its \(policies) linked \(policies == 1 ? "policy" : "policies") and \(actors) linked \(actors == 1 ? "actor" : "actors"), as one document to print.",
            breadcrumbs: [Link(title: "Home", href: root), Link(title: PageKind.country.plural, href: root + "countries/"),
                          Link(title: title, href: "../")],
            country: Link(title: title, href: "../"), sections: sections,
            printedFrom: config.baseURL.map { $0 + path } ?? path, contentDate: contentDate)
    }

    /// The view of `/countries/<slug>/dossier/`.
    public func dossier(_ country: PageID) -> DossierView {
        dossier(country, section: dossierSection)
    }
}
