import Foundation
import SitegenLoad
import SitegenMarkdown
import SitegenModel

/// What resolving a page may read of the other pages: their names and places, never their bodies.
public struct LinkTarget: Sendable, Hashable {
    public var kind: PageKind
    public var slug: String
    public var title: String
    public var summary: String
    public var urlPath: String
    public var displayPath: String
    /// A source's document file name.
    public var document: String?
    /// Whether the page's front matter has errors (reported on it): nothing more is said about it.
    public var hasErrors = false
}

/// Everything a page's resolution reads besides the page itself: the link table, every page's
/// `LinkTarget`, the sources by slug and the source texts. Its hash is the key under which a resolved
/// page is reused, so that key cannot miss an input.
public struct ResolutionEnvironment: Sendable, Hashable {
    public let table: LinkTable
    public let targets: [LinkTarget]
    /// Source pages by slug.
    public let sourceBySlug: [String: PageID]
    /// `nil` when no source texts were given: quotes are then counted as unverified.
    public let sourceTexts: SourceTexts?
    /// Pages by output folder (`countries/mexico/`, "" for home), for plain Markdown links.
    public let pageByURL: [String: PageID]
    /// Pages by file in the content folder (`countries/mexico.md`), for links to `.md` files.
    public let pageByFile: [String: PageID]
    /// What else a link may point at: generated pages (`figures/`), files (`404.html`) and assets
    /// (`assets/site.css`).
    public let otherOutputs: Set<String>

    /// Outputs of every build besides the pages and the assets.
    public static let generatedOutputs: Set<String> = Set(PageKind.sections.compactMap { $0.folder.map { $0 + "/" } })
        .union(["", "figures/", "timeline/", "map/", "disagreements/", "404.html", "search/", "sitemap.xml"])
        .union(["tags/", "feed.xml", "figures.csv", "events.csv", "citations.csv", "graph.json"])

    public init(pages: [Page], sourceTexts: SourceTexts?, assets: [String] = []) {
        table = LinkTable(pages: pages)
        targets = pages.map {
            LinkTarget(kind: $0.kind, slug: $0.slug, title: $0.meta.title, summary: $0.meta.summary, urlPath: $0.urlPath,
                       displayPath: $0.displayPath, document: $0.meta.document?.value, hasErrors: $0.hasErrors)
        }
        var s: [String: PageID] = [:]
        for (i, p) in pages.enumerated() where p.kind == .source { s[p.slug] = PageID(i) }
        sourceBySlug = s
        self.sourceTexts = sourceTexts
        var byURL: [String: PageID] = [:], byFile: [String: PageID] = [:]
        for (i, p) in pages.enumerated() {
            byURL[p.urlPath] = PageID(i)
            byFile[p.relativePath] = PageID(i)
        }
        pageByURL = byURL
        pageByFile = byFile
        otherOutputs = Self.generatedOutputs.union(assets.map { "assets/" + $0 })
    }
}

/// The pages of a build with what every later stage consults: the resolution environment and sort keys.
public struct SiteIndex: Sendable {
    public let pages: [Page]
    public let environment: ResolutionEnvironment
    /// Each page's title in lower case, for sorting lists by title.
    public let sortKeys: [String]
    /// Each page's place among all pages sorted by title (ties by id): sorting by it is sorting by
    /// title, without comparing strings.
    public let titleRank: [Int32]

    /// `assets`: the files of the assets folder, relative to it.
    public init(pages: [Page], sourceTexts: SourceTexts?, assets: [String] = []) {
        self.pages = pages
        environment = ResolutionEnvironment(pages: pages, sourceTexts: sourceTexts, assets: assets)
        let keys = pages.map { $0.meta.title.lowercased() }
        sortKeys = keys
        var rank = [Int32](repeating: 0, count: pages.count)
        for (n, i) in pages.indices.sorted(by: { (keys[$0], $0) < (keys[$1], $1) }).enumerated() { rank[i] = Int32(n) }
        titleRank = rank
    }

    public var ids: [PageID] { pages.ids }
    public var sourceBySlug: [String: PageID] { environment.sourceBySlug }

    /// Pages sorted by title, ties by id.
    public func sortedByTitle(_ ids: [PageID]) -> [PageID] {
        let rank = titleRank
        return ids.sorted { rank[$0.index] < rank[$1.index] }
    }

    /// `../` for each folder level of `urlPath` ("" for the root).
    /// (A level is a non-empty run of characters between slashes; counted over the UTF-8 bytes.)
    public static func relativePrefix(_ urlPath: String) -> String {
        var levels = 0, inName = false
        for b in urlPath.utf8 {
            if b == 47 { inName = false } else if !inName { inName = true; levels += 1 }
        }
        switch levels {
        case 0: return ""
        case 1: return "../"
        case 2: return "../../"
        default: return String(repeating: "../", count: levels)
        }
    }
}

/// How one page refers to another.
public enum LinkVia: String, Sendable, Hashable {
    case wikiLink, field, citation
    /// A plain Markdown link or image.
    case markdownLink
}

/// A reference from one page to another, recorded while resolving and checked afterwards.
public struct OutgoingLink: Sendable, Hashable {
    public var target: PageID
    public var anchor: String?
    public var location: SourceLocation
    public var via: LinkVia
    /// For a wiki link in text: the sentence it stands in, with its citation marks.
    public var sentence: LinkSentence? = nil
}

/// One entry of a page's References list.
public struct Citation: Sendable, Hashable {
    public var number: Int
    public var source: PageID
    public var quote: String?
    /// How many marks in the page point at this entry.
    public var uses: Int
    /// The quote in its place in the source document, when it was verified.
    public var context: QuoteContext?
}

/// Numbers a page's citations: each distinct source-and-quote pair gets one number.
struct CitationRegistry {
    private(set) var citations: [Citation] = []
    private var numbers: [String: Int] = [:]

    /// Returns the citation's number and the id of this particular mark.
    mutating func cite(source: PageID, quote: String?, context: QuoteContext? = nil) -> (number: Int, markID: String) {
        let key = "\(source.index)\u{1}\(quote.map(SourceTexts.normalize) ?? "")"
        if let n = numbers[key] {
            citations[n - 1].uses += 1
            return (n, "cite-\(n)-\(citations[n - 1].uses)")
        }
        let n = citations.count + 1
        numbers[key] = n
        citations.append(Citation(number: n, source: source, quote: quote, uses: 1, context: context))
        return (n, "cite-\(n)-1")
    }
}
