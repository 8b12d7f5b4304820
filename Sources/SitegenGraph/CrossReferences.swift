import Foundation
import SitegenModel

/// Site-wide facts derived from every page's recorded links: backlinks, citing pages, orphans.
public struct CrossReferences: Sendable {
    /// For each page, the pages that refer to it (any way), sorted by id.
    public var incoming: [[PageID]]
    /// For each source page, the citations of it: (citing page, quote).
    public var citedBy: [[CitedBy]]

    /// How many pages cite each passage (`passageKey`).
    public var pagesByPassage: [String: Int] = [:]

    /// The key of a source and quote, as pages cite them.
    public static func passageKey(_ source: PageID, _ quote: String?) -> String {
        "\(source.index)\u{1}\(quote.map(SourceTexts.normalize) ?? "")"
    }

    public struct CitedBy: Sendable, Hashable {
        public var page: PageID
        public var quote: String?
    }

    public init(pages: [Page], resolved: [ResolvedPage]) {
        // Pages are visited in id order, so each list is built sorted: a page already listed is the last one.
        var incoming = Array(repeating: [PageID](), count: pages.count)
        func add(_ from: PageID, to t: PageID) {
            if t != from, incoming[t.index].last != from { incoming[t.index].append(from) }
        }
        for (j, r) in resolved.enumerated() {
            let from = PageID(j)
            for l in r.links { add(from, to: l.target) }
            for t in r.related { add(from, to: t) }
            for t in r.countries { add(from, to: t) }
            for t in r.actors { add(from, to: t) }
        }
        self.incoming = incoming
        var cited = Array(repeating: [CitedBy](), count: pages.count)
        for (j, r) in resolved.enumerated() {
            for c in r.citations { cited[c.source.index].append(CitedBy(page: PageID(j), quote: c.quote)) }
        }
        citedBy = cited
        // A page cites a passage once in its References. The keys (normalised quotes) are made in parallel.
        let keys = concurrentMap(resolved.count) { j in resolved[j].citations.map { Self.passageKey($0.source, $0.quote) } }
        var passages: [String: Int] = [:]
        for pageKeys in keys { for k in pageKeys { passages[k, default: 0] += 1 } }
        pagesByPassage = passages
    }

    /// Checks that need every page: `#heading` anchors (always: every link recorded here resolved to
    /// a page, so this check holds whatever other errors the build found), then orphans and uncited
    /// pages (only when there is no error, since an error upstream causes them).
    public static func check(pages: [Page], resolved: [ResolvedPage], xref: CrossReferences, hasErrors: Bool) -> [Diagnostic] {
        var out: [Diagnostic] = []
        // The heading ids of the pages that links with an anchor point at.
        var headingIDs: [PageID: Set<String>] = [:]
        for r in resolved {
            for l in r.links where l.anchor != nil && headingIDs[l.target] == nil {
                headingIDs[l.target] = Set(resolved[l.target.index].headings.map(\.id))
            }
        }
        for (j, r) in resolved.enumerated() {
            for l in r.links {
                guard let a = l.anchor else { continue }
                if !headingIDs[l.target]!.contains(a) {
                    let known = resolved[l.target.index].headings.prefix(20).map { "`\($0.text)`" }.joined(separator: ", ")
                    out.append(.error(pages[j].displayPath, l.location,
                                      "no heading `\(a)` on \(pages[l.target].displayPath)" + (known.isEmpty ? " (it has no headings)" : "; its headings are \(known)")))
                }
            }
        }
        if hasErrors || out.contains(where: { $0.severity == .error }) { return out }
        out += figureDrift(pages)
        for (i, p) in pages.enumerated() where PageKind.sections.contains(p.kind) {
            if xref.incoming[i].isEmpty {
                out.append(.warning(p.displayPath, .file, "orphan page: no other page links to it"))
            }
            if p.kind != .source && resolved[i].citations.isEmpty {
                out.append(.warning(p.displayPath, .file, "page has no citation"))
            }
        }
        return out
    }

    /// The same number of the same passage recorded on two pages with a different period, unit or
    /// measure: the pages have drifted apart (the first, in path order, is taken as the reference).
    /// A passage that gives several numbers may well give several figures; only the same number is compared.
    static func figureDrift(_ pages: [Page]) -> [Diagnostic] {
        var first: [String: (page: Page, figure: Figure)] = [:]
        var out: [Diagnostic] = []
        // The keys (normalised quotes) are made in parallel.
        let keys = concurrentMap(pages.count) { i in
            pages[i].meta.figures.map { f in
                [f.source.value, SourceTexts.normalize(f.quote.value), f.number.map { String($0) } ?? f.value].joined(separator: "\u{1}")
            }
        }
        for (i, p) in pages.enumerated() {
            for (k, f) in p.meta.figures.enumerated() {
                let key = keys[i][k]
                guard let (q, g) = first[key] else {
                    first[key] = (p, f)
                    continue
                }
                guard q !== p else { continue }
                var differs: [String] = []
                if f.asOf != g.asOf { differs.append("as_of `\(f.asOf ?? "")` against `\(g.asOf ?? "")`") }
                if f.unit != g.unit { differs.append("unit `\(f.unit ?? "")` against `\(g.unit ?? "")`") }
                if f.measure != g.measure { differs.append("measure `\(f.measure ?? "")` against `\(g.measure ?? "")`") }
                if !differs.isEmpty {
                    out.append(.warning(p.displayPath, f.location,
                                        "figure `\(f.label)` records the same number of the same passage as `\(g.label)` on \(q.displayPath) but differs: \(differs.joined(separator: ", ")); give both the same fields"))
                }
            }
        }
        return out
    }
}
