import Foundation
import SitegenGraph
import SitegenLoad
import SitegenMarkdown
import SitegenModel

/// The preview card of a citation mark: the reference it opens, keyed by the mark's `href` (`#ref-3`
/// on the page itself, `../countries/mexico/#ref-3` on the timeline).
public struct CiteCard: Sendable, Hashable {
    public var href: String
    public var reference: ReferenceItem
    public init(href: String, reference: ReferenceItem) {
        self.href = href
        self.reference = reference
    }
}

/// "Referenced by": each linking page with the sentences that link here, grouped by kind, and how
/// many of the citations in those sentences come from sources of each viewpoint.
public struct ReferencedBy: Sendable, Hashable {
    public enum Piece: Sendable, Hashable {
        case text(String)
        /// The label of the link to this page.
        case link(String)
        case cite(CitationMark)
    }
    public struct Item: Sendable, Hashable {
        public var page: PageLink
        /// At most `SiteViews.evidencePerPage` sentences; none when the page links only from front matter.
        public var sentences: [[Piece]]
    }
    public struct Group: Sendable, Hashable {
        public var label: String
        public var items: [Item]
    }
    public struct ViewpointCount: Sendable, Hashable {
        public var viewpoint: String
        public var count: Int
    }
    public var groups: [Group]
    public var viewpoints: [ViewpointCount]
    public var pageCount: Int
}

/// The choices of the timeline's filters: values with their labels and how many items have them.
public struct TimelineFilters: Sendable, Hashable {
    public struct Option: Sendable, Hashable {
        public var value: String
        public var label: String
        public var count: Int
    }
    public var countries: [Option] = []
    public var actors: [Option] = []
    public var sources: [Option] = []
    public init() {}
}

extension SiteViews {
    /// Sentences shown per linking page under "Referenced by", and the most linking pages shown with
    /// their sentences (the rest are listed by title), so that a page linked from everywhere stays small.
    public static let evidencePerPage = 2
    public static let evidencePages = 60

    /// `https://www.example.org/a/b` → `example.org`.
    static func host(_ url: String) -> String {
        guard let h = URL(string: url)?.host else { return url }
        return h.hasPrefix("www.") ? String(h.dropFirst(4)) : h
    }

    /// The quote's passage in the published document, when the source has a `url`: a text fragment
    /// built from the verified words as the document writes them.
    func originalPassage(_ cit: Citation) -> String? {
        guard let url = pages[cit.source].meta.url else { return nil }
        guard let quote = cit.context?.quote ?? cit.quote else { return url }
        return QuoteContext.textFragmentURL(url, quote: quote)
    }

    /// The card of reference `number` of page `page`, for a mark whose link is `href`, on an output at `root`.
    func card(page: PageID, number: Int, href: String, root: String) -> CiteCard? {
        let cits = resolved[page.index].citations
        guard number >= 1, number <= cits.count else { return nil }
        let cit = cits[number - 1]
        let item = ReferenceItem(
            number: number, id: "ref-\(number)", backrefs: [], source: sourceRef(root: root, cit.source), quote: cit.quote,
            context: cit.context, original: originalPassage(cit),
            alsoCitedOn: max(0, (xref.pagesByPassage[CrossReferences.passageKey(cit.source, cit.quote)] ?? 1) - 1))
        return CiteCard(href: href, reference: item)
    }

    /// "Referenced by" of page `id`, with the evidence.
    func referencedByEvidence(_ id: PageID) -> ReferencedBy? {
        let incoming = xref.incoming[id.index]
        guard !incoming.isEmpty else { return nil }
        let root = SiteIndex.relativePrefix(pages[id].urlPath)
        var viewpoints: [String: Int] = [:]
        var groups: [ReferencedBy.Group] = []
        var withSentences = 0
        for kind in PageKind.allCases {
            let ids = site.sortedByTitle(incoming.filter { pages[$0].kind == kind })
            guard !ids.isEmpty else { continue }
            let items = ids.map { from -> ReferencedBy.Item in
                let links = resolved[from.index].links, citations = resolved[from.index].citations
                // At most `evidencePerPage` sentences: compared one by one, not hashed.
                var seen: [LinkSentence] = []
                var sentences: [[ReferencedBy.Piece]] = []
                guard withSentences < Self.evidencePages else { return ReferencedBy.Item(page: link(root: root, from), sentences: []) }
                defer { if !sentences.isEmpty { withSentences += 1 } }
                for l in links where l.target == id && l.via == .wikiLink {
                    guard let s = l.sentence, sentences.count < Self.evidencePerPage, !seen.contains(s) else { continue }
                    seen.append(s)
                    sentences.append(s.pieces.map { p in
                        switch p {
                        case let .text(t): return .text(t)
                        case let .link(t): return .link(t)
                        case let .cite(n):
                            if n >= 1, n <= citations.count {
                                viewpoints[pages[citations[n - 1].source].meta.viewpoint ?? "not stated", default: 0] += 1
                            }
                            return .cite(CitationMark(number: n, markID: "", href: root + pages[from].urlPath + "#ref-\(n)"))
                        }
                    })
                }
                return ReferencedBy.Item(page: link(root: root, from), sentences: sentences)
            }
            groups.append(ReferencedBy.Group(label: kind.plural, items: items))
        }
        let counts = viewpoints.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { ReferencedBy.ViewpointCount(viewpoint: $0.key, count: $0.value) }
        return ReferencedBy(groups: groups, viewpoints: counts, pageCount: incoming.count)
    }
}
