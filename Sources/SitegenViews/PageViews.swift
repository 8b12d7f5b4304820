import Foundation
import SitegenGraph
import SitegenLoad
import SitegenMarkdown
import SitegenModel

/// Builds the view of every output from the resolved site. Pure: the same input gives equal views.
public struct SiteViews: Sendable {
    /// What the views read, held once: a copy of the views (every output's closure holds one) is a
    /// single reference, not one per field.
    final class Storage: Sendable {
        let config: SiteConfig
        let site: SiteIndex
        let resolved: [ResolvedPage]
        let xref: CrossReferences
        let basePath: String
        let freePages: [PageID]
        let history: ContentHistory

        init(config: SiteConfig, site: SiteIndex, resolved: [ResolvedPage], xref: CrossReferences, basePath: String,
             freePages: [PageID], history: ContentHistory) {
            self.config = config
            self.site = site
            self.resolved = resolved
            self.xref = xref
            self.basePath = basePath
            self.freePages = freePages
            self.history = history
        }
    }
    let storage: Storage

    public var config: SiteConfig { storage.config }
    public var site: SiteIndex { storage.site }
    public var resolved: [ResolvedPage] { storage.resolved }
    public var xref: CrossReferences { storage.xref }
    /// Absolute path the site is served from (`/` or `/briefing/`), for pages that cannot use relative links.
    public var basePath: String { storage.basePath }
    /// Pages at the top of the content folder (About …), linked from every footer.
    var freePages: [PageID] { storage.freePages }
    /// The content's git history: page dates and the change feed (`.none` without git).
    public var history: ContentHistory { storage.history }

    public var pages: [Page] { storage.site.pages }

    public init(config: SiteConfig, site: SiteIndex, resolved: [ResolvedPage], xref: CrossReferences, basePath: String,
                history: ContentHistory = .none) {
        storage = Storage(config: config, site: site, resolved: resolved, xref: xref, basePath: basePath,
                          freePages: site.ids.filter { site.pages[$0].kind == .page }, history: history)
    }

    static let navItems: [(label: String, path: String)] = [
        ("Countries", "countries/"), ("Actors", "actors/"), ("Policies", "policies/"), ("Sources", "sources/"),
        ("Figures", "figures/"), ("Timeline", "timeline/"), ("Disagreements", "disagreements/"), ("Map of relations", "map/"),
    ]

    /// The chrome of the output at `urlPath`; `root` overrides the relative way up (the 404 page).
    public func chrome(urlPath: String, root: String? = nil) -> Chrome {
        let root = root ?? SiteIndex.relativePrefix(urlPath)
        return Chrome(
            siteTitle: config.title, root: root, home: root.isEmpty ? "./" : root, assets: root + "assets/",
            nav: Self.navItems.map { Chrome.NavItem(label: $0.label, href: root + $0.path, current: urlPath.hasPrefix($0.path)) },
            footerPages: freePages.map { Link(title: pages[$0].meta.title, href: root + pages[$0].urlPath) },
            canonical: config.baseURL.map { $0 + urlPath })
    }

    /// A linked page, as seen from an output whose way up to the root is `root`.
    public func link(root: String, _ to: PageID) -> PageLink {
        let p = pages[to]
        return PageLink(title: p.meta.title, href: root + p.urlPath, summary: p.meta.summary, kind: p.kind.singular)
    }

    func plainLink(root: String, _ to: PageID) -> Link {
        Link(title: pages[to].meta.title, href: root + pages[to].urlPath)
    }

    func sourceRef(root: String, _ s: PageID) -> SourceRef {
        let m = pages[s].meta
        return SourceRef(title: m.title, href: root + pages[s].urlPath, publisher: m.publisher, date: m.date?.display, viewpoint: m.viewpoint,
                         url: m.url, archiveURL: m.archiveURL, accessed: m.accessed?.display)
    }

    /// `criminal-group` → "Criminal group".
    public static func typeLabel(_ s: String?) -> String? {
        guard let s else { return nil }
        // Vocabulary words are ASCII: hyphens become spaces and a first lowercase letter is raised, byte by byte.
        if s.utf8.allSatisfy({ $0 < 128 }) {
            var bytes = Array(s.utf8)
            for i in bytes.indices where bytes[i] == 45 { bytes[i] = 32 }
            if let f = bytes.first, f >= 97, f <= 122 { bytes[0] = f - 32 }
            return String(decoding: bytes, as: UTF8.self)
        }
        var t = String(s.map { $0 == "-" ? " " : $0 })
        if let f = t.first, f.isLowercase {
            t = f.uppercased() + t.dropFirst()
        }
        return t
    }

    func references(_ r: ResolvedPage, root: String) -> [ReferenceItem] {
        r.citations.map { cit in
            ReferenceItem(
                number: cit.number, id: "ref-\(cit.number)",
                backrefs: (1...cit.uses).map { k in
                    ReferenceItem.Backref(href: "#cite-\(cit.number)-\(k)",
                                          label: cit.uses == 1 ? "^" : String(UnicodeScalar(UInt8(96 + min(k, 26)))))
                },
                source: sourceRef(root: root, cit.source), quote: cit.quote, context: cit.context,
                original: originalPassage(cit), alsoCitedOn: max(0, (xref.pagesByPassage[CrossReferences.passageKey(cit.source, cit.quote)] ?? 1) - 1))
        }
    }

    // MARK: content pages

    /// The view of a content page (country, actor, policy, source, free page).
    public func page(_ id: PageID) -> PageView { page(id, full: true) }

    /// A page's view; without `full`, only what a dossier section shows (infobox, body, chronology,
    /// references): no map, "referenced by", viewpoints, cite box or structured data.
    func page(_ id: PageID, full: Bool) -> PageView {
        let p = pages[id], r = resolved[id.index], m = p.meta
        let path = p.urlPath
        let root = SiteIndex.relativePrefix(path)
        var crumbs = [Link(title: "Home", href: root.isEmpty ? "./" : root)]
        if let folder = p.kind.folder { crumbs.append(Link(title: p.kind.plural, href: root + folder + "/")) }

        // Table of contents: h2 with their h3, when there are three or more sections.
        var toc: [TocEntry] = []
        if r.headings.filter({ $0.level == 2 }).count >= 3 {
            for h in r.headings where h.level <= 3 {
                if h.level == 2 || toc.isEmpty {
                    toc.append(TocEntry(id: h.id, text: h.text, sub: []))
                } else {
                    toc[toc.count - 1].sub.append(TocEntry(id: h.id, text: h.text, sub: []))
                }
            }
        }

        // Infobox rows: kind fields first, then facts. A fact with the same label as a generated row
        // replaces it (facts may say more, with links and citations).
        var rows: [InfoRow] = []
        let factLabels = Set(r.facts.map { $0.label.lowercased() })
        func row(_ label: String, _ value: InfoRow.Value) {
            guard !factLabels.contains(label.lowercased()) else { return }
            rows.append(InfoRow(label: label, value: value))
        }
        let links = { (ids: [PageID]) in InfoRow.Value.links(ids.map { plainLink(root: root, $0) }) }
        if let t = Self.typeLabel(m.type) { row("Type", .text(t)) }
        if !m.roles.isEmpty { row("Role", .text(m.roles.map { Self.typeLabel($0)! }.joined(separator: ", "))) }
        if let s = m.status { row("Status", .status(key: s, label: Self.typeLabel(s)!)) }
        if let s = m.start { row("Start", .text(s.display)) }
        if let e = m.end { row("End", .text(e.display)) }
        if !r.countries.isEmpty { row(r.countries.count == 1 ? "Country" : "Countries", links(r.countries)) }
        if !r.actors.isEmpty { row("Actors", links(r.actors)) }
        if let v = m.publisher { row("Publisher", .text(v)) }
        if let v = m.author { row("Author", .text(v)) }
        if let v = m.date { row("Date", .text(v.display)) }
        if let v = m.viewpoint { row("Viewpoint", .text(v)) }
        if let u = m.url { row("Published at", .links([Link(title: Self.host(u), href: u)])) }
        if let u = m.archiveURL { row("Archived copy", .links([Link(title: Self.host(u), href: u)])) }
        if let a = m.accessed { row("Accessed", .text(a.display)) }
        for f in r.facts { rows.append(InfoRow(label: f.label, value: .markdown(f.html))) }
        let figures = r.figures.map { f in
            FigureItem(label: f.figure.label, value: Self.formatValue(f.figure), unit: f.figure.unit, asOf: f.figure.asOf,
                       cite: f.cite, note: f.noteHTML)
        }
        let infobox = rows.isEmpty && figures.isEmpty ? nil : Infobox(title: m.title, rows: rows, figures: figures)

        // How one-sided the page is: references per source.
        var perSource: [PageID: Int] = [:]
        if full { for cit in r.citations { perSource[cit.source, default: 0] += 1 } }
        let total = r.citations.count
        let viewpoints = perSource.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { src, n in
            ViewpointShare(source: plainLink(root: root, src), viewpoint: pages[src].meta.viewpoint ?? "", count: n,
                           percent: Int((Double(n) * 100 / Double(total)).rounded()))
        }
        var singleSource: SingleSourceNote?
        if perSource.count == 1, let only = perSource.keys.first, p.kind != .source, p.kind != .page {
            singleSource = SingleSourceNote(source: plainLink(root: root, only), date: pages[only].meta.date?.display)
        }

        // Referenced by, grouped by kind.
        let referencedBy = !full ? [] : PageKind.allCases.compactMap { kind -> LinkGroup? in
            let ids = site.sortedByTitle(xref.incoming[id.index].filter { pages[$0].kind == kind })
            return ids.isEmpty ? nil : LinkGroup(label: kind.plural, pages: ids.map { link(root: root, $0) })
        }

        // Source pages: every page that cites them, with the quotes.
        var citedBy: [CitedByItem] = []
        if full, p.kind == .source {
            var byPage: [PageID: [String]] = [:]
            var order: [PageID] = []
            for c in xref.citedBy[id.index] {
                if byPage[c.page] == nil { order.append(c.page); byPage[c.page] = [] }
                if let q = c.quote { byPage[c.page]!.append(q) }
            }
            citedBy = site.sortedByTitle(order).map { CitedByItem(page: link(root: root, $0), quotes: byPage[$0]!) }
        }
        let typeLabel = Self.typeLabel(m.type).flatMap { $0 == p.kind.singular ? nil : $0 }
        var view = PageView(
            chrome: chrome(urlPath: path), kind: p.kind, kindLabel: p.kind.singular, typeLabel: typeLabel,
            title: m.title, summary: m.summary, breadcrumbs: crumbs, singleSource: singleSource, toc: toc,
            body: r.bodyHTML,
            events: r.events.sorted { $0.event.date < $1.event.date }.map { EventItem(date: $0.event.date.display, text: $0.textHTML, cite: $0.cite) },
            citedBy: citedBy, citationCount: xref.citedBy[id.index].count,
            references: references(r, root: root), infobox: infobox, viewpoints: viewpoints,
            map: full && Self.mapped(p.kind) ? neighbourhoodMap(id) : nil,
            referencedBy: referencedBy, related: r.related.map { link(root: root, $0) }, tags: m.tags,
            evidence: full ? referencedByEvidence(id) : nil)
        if full { view.extras = extras(id) }
        return view
    }

    /// `370000` → "370,000"; `55000000000` → "55 billion"; at most two decimals.
    public static func formatValue(_ f: Figure) -> String {
        guard var n = f.number, n.isFinite, abs(n) < 1e15 else { return f.value }
        var suffix = ""
        for (scale, word) in [(1e12, " trillion"), (1e9, " billion"), (1e6, " million")] where abs(n) >= scale {
            n /= scale
            suffix = word
            break
        }
        let fixed = Numbers.fixed(n, 2)
        let negative = fixed.hasPrefix("-")
        let digits = negative ? String(fixed.dropFirst()) : fixed
        let parts = digits.split(separator: ".", maxSplits: 1)
        var whole = Array(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + String(whole.suffix(3)) + grouped
            whole.removeLast(3)
        }
        grouped = String(whole) + grouped
        if parts.count == 2 { grouped += "." + parts[1] }
        return (negative ? "-" : "") + grouped + suffix
    }

    // MARK: indexes

    /// The view of a section index (`/countries/` …).
    public func section(_ kind: PageKind) -> SectionView {
        let path = kind.folder! + "/"
        let root = SiteIndex.relativePrefix(path)
        let members = site.ids.filter { pages[$0].kind == kind }
        let groupKey: (Page) -> String
        let order: [String]
        switch kind {
        case .actor:
            groupKey = { $0.meta.type ?? "" }
            order = Vocabulary.actorTypes
        case .policy:
            groupKey = { $0.meta.status ?? "" }
            order = Vocabulary.policyStatuses
        case .country:
            groupKey = { $0.meta.type ?? "" }
            order = Vocabulary.countryTypes
        default:
            groupKey = { _ in "" }
            order = [""]
        }
        let groups = order.compactMap { key -> SectionView.Group? in
            let ids = site.sortedByTitle(members.filter { groupKey(pages[$0]) == key })
            guard !ids.isEmpty else { return nil }
            var label = key.isEmpty ? kind.plural : (Self.typeLabel(key) ?? key)
            switch (kind, key) {
            case (.actor, "criminal-group"): label = "Criminal groups"
            case (.actor, "agency"): label = "Agencies"
            case (.actor, "person"): label = "People"
            case (.actor, "organization"): label = "Organizations"
            case (.actor, "government"): label = "Governments"
            case (.country, "country"): label = "Countries"
            case (.country, "region"): label = "Regions"
            default: break
            }
            return SectionView.Group(label: label, id: key.isEmpty ? "all" : key, cards: ids.map { i in
                SectionView.Card(page: link(root: root, i),
                                 when: kind == .policy ? pages[i].meta.start?.display : nil,
                                 viewpoint: kind == .source ? pages[i].meta.viewpoint : nil)
            })
        }
        let intro: String
        switch kind {
        case .country: intro = "Countries and regions that the source documents discuss, as places of origin, transit and destination, and as outside powers."
        case .actor: intro = "People, criminal groups, agencies, organizations and governments, grouped by type."
        case .policy: intro = "Laws, programs, agreements, strategies, sanctions and executive actions, grouped by status as the latest source describes it."
        case .source: intro = "The documents this wiki is derived from. Each is opinion or advocacy writing; its viewpoint is stated on its page."
        default: intro = ""
        }
        return SectionView(chrome: chrome(urlPath: path), kind: kind, title: kind.plural, summary: intro,
                           breadcrumbs: [Link(title: "Home", href: "../")], groups: groups)
    }

    /// The view of the home page.
    public func home() -> HomeView {
        let h = site.ids.first { pages[$0].kind == .home }
        let sections = PageKind.sections.map { kind in
            HomeView.Section(title: kind.plural, href: kind.folder! + "/",
                             pages: site.sortedByTitle(site.ids.filter { pages[$0].kind == kind }).map { plainLink(root: "", $0) })
        }
        guard let h else {
            return HomeView(chrome: chrome(urlPath: ""), title: config.title, summary: "", body: nil, sections: sections, references: [])
        }
        return HomeView(chrome: chrome(urlPath: ""), title: pages[h].meta.title, summary: pages[h].meta.summary,
                        body: resolved[h.index].bodyHTML, sections: sections, references: references(resolved[h.index], root: ""))
    }

    /// The view of the 404 page.
    public func notFound() -> NotFoundView {
        NotFoundView(chrome: chrome(urlPath: "", root: basePath), title: "Page not found")
    }
}
