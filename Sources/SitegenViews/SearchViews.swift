import SitegenGraph
import SitegenModel

/// `search/`: the full results page. The results are found and listed by `assets/search.js` from the
/// query in the address (`search/?q=…&kind=…&page=…`); the page holds the form, the kind filter and
/// the places the script fills.
public struct SearchPageView: Sendable, Hashable {
    public struct Kind: Sendable, Hashable {
        /// The kind's number in `search/terms.js` (the filter's value).
        public var value: Int
        /// "Countries and regions", "Actors" …
        public var label: String
    }
    public var chrome: Chrome
    public var title: String
    public var summary: String
    public var breadcrumbs: [Link]
    /// The kinds of page the site has, in navigation order.
    public var kinds: [Kind]
    /// Results shown per page of results.
    public var perPage: Int
}

extension SiteViews {
    // MARK: search

    /// Where the results page is written.
    public static let searchPath = "search/"

    /// The kinds the site's pages have, in `PageKind` order: the kinds of `search/terms.js`.
    public var searchKinds: [PageKind] {
        let present = Set(pages.map(\.kind))
        return PageKind.allCases.filter(present.contains)
    }

    /// What search reads of page `i`: title, aliases, tags, summary, and the text of its body, facts
    /// and events.
    public func searchDocument(_ i: PageID, kinds: [PageKind]) -> SearchDocument {
        let p = pages[i], r = resolved[i.index]
        var text = SearchText.plainText(r.bodyHTML)
        for f in r.facts {
            text += " · " + f.label + ": " + SearchText.plainText(f.html)
        }
        for e in r.events {
            text += " · " + SearchText.plainText(e.textHTML)
        }
        return SearchDocument(title: p.meta.title, aliases: p.meta.aliases.map(\.value), tags: p.meta.tags,
                              summary: p.meta.summary, text: text, kind: kinds.firstIndex(of: p.kind) ?? 0)
    }

    /// The inverted index of every page's text.
    public func searchIndex() -> SearchIndex {
        let kinds = searchKinds
        return SearchIndex.build(kinds: kinds.map(\.singular), count: pages.count) { searchDocument(PageID($0), kinds: kinds) }
    }

    /// `search/d/N.js` for page `i`.
    public func searchDocumentJS(_ i: PageID, kinds: [PageKind]) -> String {
        let d = searchDocument(i, kinds: kinds)
        return SearchIndex.documentJS(page: i.index, title: d.title, path: pages[i].urlPath, kind: pages[i].kind.singular,
                                      summary: d.summary, text: d.text)
    }

    /// The view of `search/`.
    public func searchPage() -> SearchPageView {
        let root = SiteIndex.relativePrefix(Self.searchPath)
        return SearchPageView(
            chrome: chrome(urlPath: Self.searchPath), title: "Search",
            summary: "Every word of every page: titles and aliases first, then summaries and text.",
            breadcrumbs: [Link(title: "Home", href: root)],
            kinds: searchKinds.enumerated().map { SearchPageView.Kind(value: $0.offset, label: $0.element.plural) },
            perPage: 20)
    }
}
