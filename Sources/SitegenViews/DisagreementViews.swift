import Foundation
import SitegenGraph
import SitegenLoad
import SitegenMarkdown
import SitegenModel

/// `/disagreements/`: every `[!DISAGREEMENT]` box of the wiki and every disputed figure, grouped by
/// topic, with the competing claims side by side, and which sources disagree how often.
public struct DisagreementsView: Sendable, Hashable {
    /// What one source says in a box: its quotes, each with the mark of its reference.
    public struct Claim: Sendable, Hashable {
        public struct Quote: Sendable, Hashable {
            public var text: String?
            public var cite: CitationMark
        }
        public var source: SourceRef
        public var quotes: [Quote]
    }
    public struct Box: Sendable, Hashable {
        public var id: String
        /// The heading the box sits under, linked on its page.
        public var heading: Link?
        /// The box as the page shows it, with links relative to the disagreements page.
        public var html: HTML
        public var claims: [Claim]
    }
    /// The boxes of one page.
    public struct Topic: Sendable, Hashable {
        public var page: PageLink
        public var id: String
        public var boxes: [Box]
    }
    /// Figures of one measure and period whose values cannot all be true.
    public struct FigureDispute: Sendable, Hashable {
        public var measure: String
        public var period: String
        /// The measure on the Figures page.
        public var href: String
        public var rows: [FiguresView.Row]
    }
    /// How many boxes cite both of two sources: `counts[i][j]` for `sources[i]` and `sources[j]`.
    public struct Matrix: Sendable, Hashable {
        public var sources: [SourceRef]
        public var counts: [[Int]]
    }
    public var chrome: Chrome
    public var title: String
    public var summary: String
    public var breadcrumbs: [Link]
    public var boxCount: Int
    public var topics: [Topic]
    public var figures: [FigureDispute]
    public var matrix: Matrix
    public var cards: [CiteCard]
}

extension SiteViews {
    /// The view of `/disagreements/`; `disputed` are the disputed measures of `/figures/` when its
    /// view is made already.
    public func disagreements(disputed made: [FiguresView.Group]? = nil) -> DisagreementsView {
        let path = PageResolution.disagreementsPath
        let root = SiteIndex.relativePrefix(path)
        var topics: [DisagreementsView.Topic] = []
        var cards: [String: CiteCard] = [:]
        var pairs: [[Int]: Int] = [:]
        var matrixSources = Set<PageID>()
        var boxCount = 0
        for i in site.sortedByTitle(site.ids) {
            let r = resolved[i.index]
            guard !r.disagreements.isEmpty else { continue }
            let page = pages[i]
            var boxes: [DisagreementsView.Box] = []
            for (k, d) in r.disagreements.enumerated() {
                boxCount += 1
                // Claims by source, in the order the box cites them.
                var order: [PageID] = []
                var quotes: [PageID: [DisagreementsView.Claim.Quote]] = [:]
                for n in d.citations where n >= 1 && n <= r.citations.count {
                    let c = r.citations[n - 1]
                    let href = root + page.urlPath + "#ref-\(n)"
                    if quotes[c.source] == nil { order.append(c.source) }
                    if quotes[c.source, default: []].contains(where: { $0.cite.number == n }) { continue }
                    quotes[c.source, default: []].append(.init(text: c.quote, cite: CitationMark(number: n, markID: "", href: href)))
                    if cards[href] == nil { cards[href] = card(page: i, number: n, href: href, root: root) }
                }
                let claims = order.map { DisagreementsView.Claim(source: sourceRef(root: root, $0), quotes: quotes[$0]!) }
                let distinct = order.sorted()
                for a in distinct.indices {
                    for b in distinct.indices where a < b {
                        pairs[[distinct[a].index, distinct[b].index], default: 0] += 1
                        matrixSources.insert(distinct[a])
                        matrixSources.insert(distinct[b])
                    }
                }
                let heading = d.heading.map { Link(title: $0.text, href: root + page.urlPath + "#" + $0.id) }
                boxes.append(DisagreementsView.Box(id: "d-\(page.slug)-\(k + 1)", heading: heading, html: d.html, claims: claims))
            }
            topics.append(DisagreementsView.Topic(page: link(root: root, i), id: "p-\(page.slug)", boxes: boxes))
        }

        // Disputed figures, by measure and period.
        var disputes: [DisagreementsView.FigureDispute] = []
        for g in made ?? figures().groups.filter(\.disputed) {
            var periods: [String] = []
            var rows: [String: [FiguresView.Row]] = [:]
            for row in g.rows where row.comparison == .disputed {
                let p = row.asOf ?? ""
                if rows[p] == nil { periods.append(p) }
                rows[p, default: []].append(row)
            }
            for p in periods {
                disputes.append(DisagreementsView.FigureDispute(measure: g.measure, period: p, href: root + "figures/#" + g.id, rows: rows[p]!))
            }
        }

        let sources = matrixSources.sorted()
        let counts = sources.map { a in sources.map { b in a == b ? 0 : pairs[[min(a.index, b.index), max(a.index, b.index)]] ?? 0 } }
        let summary = "Every place where the wiki's sources disagree: the boxes written on its pages and the figures whose values cannot all be true, with each side's quotes and viewpoint."
        return DisagreementsView(
            chrome: chrome(urlPath: path), title: "Disagreements", summary: summary,
            breadcrumbs: [Link(title: "Home", href: "../")], boxCount: boxCount, topics: topics, figures: disputes,
            matrix: DisagreementsView.Matrix(sources: sources.map { sourceRef(root: root, $0) }, counts: counts),
            cards: cards.keys.sorted().map { cards[$0]! })
    }
}
