import Foundation

/// Site-wide facts derived from every page's recorded links: backlinks, citing pages, orphans.
public struct CrossReferences: Sendable {
    /// For each page, the pages that refer to it (any way), sorted by index.
    public var incoming: [[Int]]
    /// For each source page, the citations of it: (citing page, quote).
    public var citedBy: [[(page: Int, quote: String?)]]

    public init(pages: [Page], rendered: [RenderedPage]) {
        var incoming = Array(repeating: Set<Int>(), count: pages.count)
        for (j, r) in rendered.enumerated() {
            for l in r.links where l.target != j { incoming[l.target].insert(j) }
            for t in r.related + r.countries + r.actors where t != j { incoming[t].insert(j) }
        }
        self.incoming = incoming.map { $0.sorted() }
        var cited = Array(repeating: [(page: Int, quote: String?)](), count: pages.count)
        for (j, r) in rendered.enumerated() {
            for c in r.citations { cited[c.source].append((j, c.quote)) }
        }
        citedBy = cited
    }

    /// Checks that need every page: `#heading` anchors, orphans, uncited pages.
    public static func check(pages: [Page], rendered: [RenderedPage], xref: CrossReferences) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for (j, r) in rendered.enumerated() {
            for l in r.links {
                guard let a = l.anchor else { continue }
                let ids = Set(rendered[l.target].headings.map(\.id))
                if !ids.contains(a) {
                    let known = rendered[l.target].headings.map { "`\($0.text)`" }.joined(separator: ", ")
                    out.append(.error(pages[j].displayPath, l.location,
                                      "no heading `\(a)` on \(pages[l.target].displayPath)" + (known.isEmpty ? " (it has no headings)" : "; its headings are \(known)")))
                }
            }
        }
        for (i, p) in pages.enumerated() where PageKind.sections.contains(p.kind) {
            if xref.incoming[i].isEmpty {
                out.append(.warning(p.displayPath, .file, "orphan page: no other page links to it"))
            }
            if p.kind != .source && rendered[i].citations.isEmpty {
                out.append(.warning(p.displayPath, .file, "page has no citation"))
            }
        }
        return out
    }
}
