import Foundation

/// What every page's rendering may consult: the pages, the link table and the source texts.
public struct SiteIndex: Sendable {
    public let pages: [Page]
    public let table: LinkTable
    /// `nil` when no source texts were given: quotes are then counted as unverified.
    public let sourceTexts: SourceTexts?
    /// Page index of each source page by slug.
    public let sourceBySlug: [String: Int]
    /// Each page's title in lower case, for sorting lists by title.
    public let sortKeys: [String]

    public init(pages: [Page], sourceTexts: SourceTexts?) {
        self.pages = pages
        self.table = LinkTable(pages: pages)
        self.sourceTexts = sourceTexts
        var s: [String: Int] = [:]
        for (i, p) in pages.enumerated() where p.kind == .source { s[p.slug] = i }
        sourceBySlug = s
        sortKeys = pages.map { $0.meta.title.lowercased() }
    }

    /// Page indices sorted by title, ties by index.
    public func sortedByTitle(_ idx: [Int]) -> [Int] {
        idx.sorted { (sortKeys[$0], $0) < (sortKeys[$1], $1) }
    }

    /// `../` for each folder level of `urlPath` ("" for the root).
    public static func relativePrefix(_ urlPath: String) -> String {
        String(repeating: "../", count: urlPath.split(separator: "/").count)
    }
}

/// How one page refers to another.
public enum LinkVia: String, Sendable {
    case wikiLink, field, citation
}

/// A reference from one page to another, recorded while rendering and checked afterwards.
public struct OutgoingLink: Sendable {
    public var target: Int
    public var anchor: String?
    public var location: SourceLocation
    public var via: LinkVia
}

/// One entry of a page's References list.
public struct Citation: Sendable {
    public var number: Int
    public var source: Int
    public var quote: String?
    /// How many marks in the page point at this entry.
    public var uses: Int
}

/// Numbers a page's citations: each distinct source-and-quote pair gets one number.
struct CitationRegistry {
    private(set) var citations: [Citation] = []
    private var numbers: [String: Int] = [:]

    /// Returns the citation's number and the id of this particular mark.
    mutating func cite(source: Int, quote: String?) -> (number: Int, markID: String) {
        let key = "\(source)\u{1}\(quote.map(SourceTexts.normalize) ?? "")"
        if let n = numbers[key] {
            citations[n - 1].uses += 1
            return (n, "cite-\(n)-\(citations[n - 1].uses)")
        }
        let n = citations.count + 1
        numbers[key] = n
        citations.append(Citation(number: n, source: source, quote: quote, uses: 1))
        return (n, "cite-\(n)-1")
    }
}
