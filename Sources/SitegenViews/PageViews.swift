import Foundation

/// Builds the values that templates receive. Every string that is not marked `HTML` in its name is
/// plain text, which Mustache's `{{name}}` escapes; `…HTML` values are rendered by sitegen and are
/// included with `{{{name}}}`.
struct ContextBuilder {
    let config: SiteConfig
    let site: SiteIndex
    let rendered: [RenderedPage]
    let xref: CrossReferences
    /// Absolute path the site is served from (`/` or `/briefing/`), for pages that cannot use relative links.
    let basePath: String
    /// Neighbourhood maps (SVG) by page index.
    let views: Views
    let templates: TemplateSet
    /// Site contexts with the header and footer rendered, by current section and folder depth.
    let chrome = LockedCache<String, [String: Any]>()
    /// Item templates rendered per linked page and folder depth.
    let fragments = LockedCache<FragmentKey, String>()

    var pages: [Page] { site.pages }
    /// Pages at the top of the content folder (About …), linked from every footer.
    let freePages: [Page]

    init(config: SiteConfig, site: SiteIndex, rendered: [RenderedPage], xref: CrossReferences, basePath: String, views: Views,
         templates: TemplateSet) {
        self.config = config
        self.site = site
        self.rendered = rendered
        self.xref = xref
        self.basePath = basePath
        self.views = views
        self.templates = templates
        freePages = site.pages.filter { $0.kind == .page }
    }

    static let navItems: [(label: String, path: String)] = [
        ("Countries", "countries/"), ("Actors", "actors/"), ("Policies", "policies/"), ("Sources", "sources/"),
        ("Figures", "figures/"), ("Timeline", "timeline/"), ("Map of relations", "map/"),
    ]

    /// The `site` value of a page at `urlPath`, with the `header` and `footer` templates rendered for it.
    /// They depend only on the folder depth and the current section, so each variant is rendered once.
    func siteContext(urlPath: String, root: String? = nil) -> [String: Any] {
        let root = root ?? SiteIndex.relativePrefix(urlPath)
        let current = Self.navItems.firstIndex { urlPath.hasPrefix($0.path) } ?? -1
        var c = chrome.value("\(current)|\(root)") {
            var base = plainSiteContext(urlPath: urlPath, root: root)
            for name in ["header", "footer"] where templates.names.contains(name) {
                var html = templates.render(name, ["site": base])
                if html.hasSuffix("\n") { html.removeLast() }
                base[name + "HTML"] = html
            }
            return base
        }
        if let b = config.baseURL {
            c["canonical"] = b + urlPath
        }
        return c
    }

    /// The `site` value without the rendered header and footer.
    func plainSiteContext(urlPath: String, root: String) -> [String: Any] {
        let nav: [[String: Any]] = Self.navItems.map { item in
            ["label": item.label, "href": root + item.path, "current": urlPath.hasPrefix(item.path)]
        }
        let free: [[String: Any]] = freePages.map { ["title": $0.meta.title, "href": root + $0.urlPath] }
        var c: [String: Any] = [
            "title": config.title,
            "root": root,
            "home": root.isEmpty ? "./" : root,
            "assets": root + "assets/",
            "nav": nav,
            "pages": free,
        ]
        if let d = config.description { c["description"] = d }
        return c
    }

    /// `hasX` for the list `x`.
    static func flagName(_ k: String) -> String {
        guard let first = k.unicodeScalars.first, first.isASCII else { return "has" + k.prefix(1).uppercased() + k.dropFirst() }
        let upper = first.properties.isLowercase ? Character(Unicode.Scalar(first.value - 32)!) : Character(first)
        return "has" + String(upper) + String(k.unicodeScalars.dropFirst())
    }

    /// Sets the list `key` and, when it is not empty, its `hasX` flag.
    static func setList(_ c: inout [String: Any], _ key: String, _ list: [Any]) {
        c[key] = list
        if !list.isEmpty { c[flagName(key)] = true }
    }

    /// Adds `hasX: true` beside every non-empty list `x`, at every depth, so templates can wrap lists.
    static func flagged(_ c: [String: Any]) -> [String: Any] {
        var out = c
        for (k, v) in c {
            if let list = v as? [[String: Any]] {
                out[k] = list.map(flagged)
                if !list.isEmpty { out[flagName(k)] = true }
            } else if let list = v as? [Any], !list.isEmpty {
                out[flagName(k)] = true
            } else if let d = v as? [String: Any], k != "site" {
                out[k] = flagged(d)
            }
        }
        return out
    }

    /// A linked page: `title`, `href` (relative to `root`, the linking page's way up to the site root),
    /// `summary`, `kind`.
    func link(root: String, _ to: Int) -> [String: Any] {
        let p = pages[to]
        return ["title": p.meta.title, "href": root + p.urlPath, "summary": p.meta.summary, "kind": p.kind.singular]
    }

    func sortedByTitle(_ idx: [Int]) -> [Int] {
        site.sortedByTitle(idx)
    }

    static func typeLabel(_ s: String?) -> String? {
        guard let s else { return nil }
        var t = String(s.map { $0 == "-" ? " " : $0 })
        if let f = t.first, f.isLowercase {
            t = f.uppercased() + t.dropFirst()
        }
        return t
    }

    /// The context of a content page (country, actor, policy, source, free page).
    func pageContext(_ i: Int) -> [String: Any] {
        let p = pages[i], r = rendered[i], m = p.meta
        let path = p.urlPath
        let root = SiteIndex.relativePrefix(path)
        var c: [String: Any] = [
            "site": siteContext(urlPath: path),
            "title": m.title,
            "summary": m.summary,
            "kind": p.kind.rawValue,
            "kindLabel": p.kind.singular,
            "bodyHTML": r.bodyHTML,
        ]
        if let t = Self.typeLabel(m.type), t != p.kind.singular { c["typeLabel"] = t }
        var crumbs: [[String: Any]] = [["title": "Home", "href": root.isEmpty ? "./" : root]]
        if let folder = p.kind.folder {
            crumbs.append(["title": p.kind.plural, "href": root + folder + "/"])
        }
        Self.setList(&c, "breadcrumbs", crumbs)

        // Table of contents: h2 with their h3, when there are three or more sections.
        let h2count = r.headings.filter { $0.level == 2 }.count
        if h2count >= 3 {
            var toc: [[String: Any]] = []
            for h in r.headings where h.level <= 3 {
                if h.level == 2 || toc.isEmpty {
                    toc.append(["id": h.id, "text": h.text, "sub": [[String: Any]]()])
                } else {
                    var last = toc.removeLast()
                    last["sub"] = (last["sub"] as! [[String: Any]]) + [["id": h.id, "text": h.text]]
                    last["hasSub"] = true
                    toc.append(last)
                }
            }
            Self.setList(&c, "toc", toc)
        }

        // Infobox rows: kind fields first, then facts.
        var rows: [[String: Any]] = []
        // A fact with the same label as a generated row replaces it (facts may say more, with links).
        let factLabels = Set(r.facts.map { $0.label.lowercased() })
        func row(_ label: String, _ html: String) {
            guard !factLabels.contains(label.lowercased()) else { return }
            rows.append(["label": label, "html": html])
        }
        func linkList(_ idx: [Int]) -> String {
            idx.map { "<a href=\"\((root + pages[$0].urlPath).htmlEscaped)\">\(pages[$0].meta.title.htmlEscaped)</a>" }
                .joined(separator: ", ")
        }
        if let t = Self.typeLabel(m.type) { row("Type", t.htmlEscaped) }
        if !m.roles.isEmpty { row("Role", m.roles.map { Self.typeLabel($0)! }.joined(separator: ", ").htmlEscaped) }
        if let s = m.status { row("Status", "<span class=\"status status-\(s)\">\(Self.typeLabel(s)!.htmlEscaped)</span>") }
        if let s = m.start { row("Start", s.display.htmlEscaped) }
        if let e = m.end { row("End", e.display.htmlEscaped) }
        if !r.countries.isEmpty { row(r.countries.count == 1 ? "Country" : "Countries", linkList(r.countries)) }
        if !r.actors.isEmpty { row("Actors", linkList(r.actors)) }
        if let v = m.publisher { row("Publisher", v.htmlEscaped) }
        if let v = m.author { row("Author", v.htmlEscaped) }
        if let v = m.date { row("Date", v.display.htmlEscaped) }
        if let v = m.viewpoint { row("Viewpoint", v.htmlEscaped) }
        if let v = m.document { row("Document", "<code>\(v.value.htmlEscaped)</code>") }
        for f in r.facts { rows.append(["label": f.label.htmlEscaped, "html": f.html]) }
        if !rows.isEmpty { Self.setList(&c, "infoRows", rows) }
        if !r.figures.isEmpty {
            Self.setList(&c, "figures", r.figures.map { f -> [String: Any] in
                var d: [String: Any] = ["label": f.figure.label, "value": Self.formatValue(f.figure), "citeHTML": f.citeHTML]
                if let u = f.figure.unit { d["unit"] = u }
                if let a = f.figure.asOf { d["asOf"] = a }
                if let n = f.noteHTML { d["noteHTML"] = n }
                return d
            })
        }
        if !rows.isEmpty || !r.figures.isEmpty { c["hasInfobox"] = true }

        if !r.events.isEmpty {
            Self.setList(&c, "events", r.events.sorted { $0.event.date < $1.event.date }.map {
                ["date": $0.event.date.display, "textHTML": $0.textHTML, "citeHTML": $0.citeHTML] as [String: Any]
            })
        }
        if !m.tags.isEmpty { Self.setList(&c, "tags", m.tags) }

        // References.
        if !r.citations.isEmpty {
            Self.setList(&c, "references", r.citations.map { cit -> [String: Any] in
                let s = pages[cit.source]
                var d: [String: Any] = [
                    "number": cit.number, "id": "ref-\(cit.number)",
                    "sourceTitle": s.meta.title, "sourceHref": root + s.urlPath,
                    "backrefs": (1...cit.uses).map { k in
                        ["href": "#cite-\(cit.number)-\(k)", "label": cit.uses == 1 ? "^" : String(UnicodeScalar(UInt8(96 + min(k, 26))))]
                    },
                    "hasBackrefs": true,
                ]
                if let v = s.meta.publisher { d["publisher"] = v }
                if let v = s.meta.date { d["date"] = v.display }
                if let v = s.meta.viewpoint { d["viewpoint"] = v }
                if let q = cit.quote { d["quote"] = q }
                d["sourceHTML"] = itemsHTML("reference-source", root: root, [cit.source])
                return d
            })
            // How one-sided the page is: references per source.
            var perSource: [Int: Int] = [:]
            for cit in r.citations { perSource[cit.source, default: 0] += 1 }
            let total = r.citations.count
            Self.setList(&c, "viewpoints", perSource.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { src, n -> [String: Any] in
                let s = pages[src]
                return ["sourceTitle": s.meta.title, "sourceHref": root + s.urlPath, "viewpoint": s.meta.viewpoint ?? "",
                        "count": n, "percent": Int((Double(n) * 100 / Double(total)).rounded())]
            })
        }

        // Referenced by, grouped by kind. The lists are also given rendered with `link-item` and `card-item`.
        let groups = PageKind.allCases.compactMap { kind -> [String: Any]? in
            let idx = sortedByTitle(xref.incoming[i].filter { pages[$0].kind == kind })
            guard !idx.isEmpty else { return nil }
            return ["kind": kind.plural, "pages": idx.map { link(root: root, $0) }, "hasPages": true,
                    "pagesHTML": itemsHTML("link-item", root: root, idx)]
        }
        if !groups.isEmpty { Self.setList(&c, "referencedBy", groups) }
        if !r.related.isEmpty {
            Self.setList(&c, "related", r.related.map { link(root: root, $0) })
            c["relatedHTML"] = itemsHTML("card-item", root: root, r.related)
        }

        // Source pages: every page that cites them, with the quotes.
        if p.kind == .source {
            var byPage: [Int: [String]] = [:]
            var order: [Int] = []
            for (pg, q) in xref.citedBy[i] {
                if byPage[pg] == nil { order.append(pg); byPage[pg] = [] }
                if let q { byPage[pg]!.append(q) }
            }
            Self.setList(&c, "citedBy", sortedByTitle(order).map { pg -> [String: Any] in
                var d = link(root: root, pg)
                d["quotes"] = byPage[pg]!
                if !byPage[pg]!.isEmpty { d["hasQuotes"] = true }
                return d
            })
            c["citationCount"] = xref.citedBy[i].count
        }
        if Views.mapped(p.kind), let svg = views.neighbourhoodSVG(i) { c["mapSVG"] = svg }
        return c
    }

    /// `370000` → "370,000"; `55000000000` → "55 billion"; at most two decimals.
    static func formatValue(_ f: Figure) -> String {
        guard var n = f.number else { return f.value }
        var suffix = ""
        for (scale, word) in [(1e12, " trillion"), (1e9, " billion"), (1e6, " million")] where abs(n) >= scale {
            n /= scale
            suffix = word
            break
        }
        let fixed = Charts.fmt(n, 2)
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

    /// The context of a section index (`/countries/` …).
    func sectionContext(_ kind: PageKind) -> [String: Any] {
        let path = kind.folder! + "/"
        let root = SiteIndex.relativePrefix(path)
        let members = pages.indices.filter { pages[$0].kind == kind }
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
        let groups = order.compactMap { key -> [String: Any]? in
            let idx = sortedByTitle(members.filter { groupKey(pages[$0]) == key })
            guard !idx.isEmpty else { return nil }
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
            return ["label": label, "id": key.isEmpty ? "all" : key, "count": idx.count,
                    "pages": idx.map { i -> [String: Any] in
                        var d = link(root: root, i)
                        if kind == .policy, let s = pages[i].meta.start { d["when"] = s.display }
                        if kind == .source, let v = pages[i].meta.viewpoint { d["viewpoint"] = v }
                        return d
                    }]
        }
        let intro: String
        switch kind {
        case .country: intro = "Countries and regions that the source documents discuss, as places of origin, transit and destination, and as outside powers."
        case .actor: intro = "People, criminal groups, agencies, organizations and governments, grouped by type."
        case .policy: intro = "Laws, programs, agreements, strategies, sanctions and executive actions, grouped by status as the latest source describes it."
        case .source: intro = "The documents this wiki is derived from. Each is opinion or advocacy writing; its viewpoint is stated on its page."
        default: intro = ""
        }
        return ["site": siteContext(urlPath: path), "title": kind.plural, "summary": intro, "kind": kind.rawValue,
                "count": members.count, "groups": groups,
                "breadcrumbs": [["title": "Home", "href": "../"]]].flaggedContext
    }

    /// The context of the home page.
    func homeContext(_ home: Int?) -> [String: Any] {
        var c: [String: Any] = ["site": siteContext(urlPath: ""), "isHome": true]
        if let h = home {
            c["title"] = pages[h].meta.title
            c["summary"] = pages[h].meta.summary
            c["bodyHTML"] = rendered[h].bodyHTML
            if let refs = pageContext(h)["references"] { c["references"] = refs }
        } else {
            c["title"] = config.title
        }
        c["sections"] = PageKind.sections.map { kind -> [String: Any] in
            let members = sortedByTitle(pages.indices.filter { pages[$0].kind == kind })
            return ["title": kind.plural, "href": kind.folder! + "/", "count": members.count,
                    "pages": members.map { link(root: "", $0) }]
        }
        return Self.flagged(c)
    }
}

extension Dictionary where Key == String, Value == Any {
    /// This context with `hasX` flags added (see `ContextBuilder.flagged`).
    var flaggedContext: [String: Any] { ContextBuilder.flagged(self) }
}
