import Foundation
import SitegenLoad
import SitegenMarkdown
import SitegenModel

/// Resolves the annotations of one page: wiki links and citations in Markdown (as the handler of the
/// cmark pass) and the page names in front-matter fields. Records every link and citation it sees.
/// Reads other pages only through the `ResolutionEnvironment`.
struct PageResolver: AnnotationHandler {
    let env: ResolutionEnvironment
    let page: Page
    let id: PageID
    /// The templates' markup, which decides the ids headings may not take.
    let markup: any AnnotationMarkup
    /// `../` for each folder of the output folder that links are made relative to.
    private(set) var rootPrefix: String
    /// Where citation marks point: "" (the page's own References) or the page's URL from another folder.
    private(set) var referencesHref = ""
    var registry = CitationRegistry()
    var links: [OutgoingLink] = []
    var diagnostics: [Diagnostic] = []
    var quotesChecked = 0
    var quotesUnverified = 0
    var quotesNotFound = 0

    init(env: ResolutionEnvironment, page: Page, id: PageID, markup: any AnnotationMarkup) {
        self.env = env
        self.markup = markup
        self.page = page
        self.id = id
        rootPrefix = SiteIndex.relativePrefix(page.urlPath)
    }

    /// This resolver as seen from another output folder: links relative to it, citation marks
    /// pointing at the page's References there.
    func viewed(from urlPath: String) -> PageResolver {
        var r = self
        r.rootPrefix = SiteIndex.relativePrefix(urlPath)
        r.referencesHref = r.rootPrefix + page.urlPath
        return r
    }

    mutating func error(_ loc: SourceLocation, _ msg: String) {
        diagnostics.append(.error(page.displayPath, loc, msg))
    }

    mutating func warning(_ loc: SourceLocation, _ msg: String) {
        diagnostics.append(.warning(page.displayPath, loc, msg))
    }

    // MARK: targets and citations

    /// A resolved target: the page, and for `Name#Heading` the heading's text and its anchor.
    struct Target {
        var page: PageID
        var name: String
        var heading: String?
        var anchor: String?
    }

    /// Resolves a wiki-link or field target (`Name`, `kind/slug`, `Name#Heading`), recording the link.
    mutating func resolve(_ raw: String, at loc: SourceLocation, via: LinkVia, allowAnchor: Bool = true) -> Target? {
        var name = raw.trimmedWhitespace
        var heading: String?
        var anchor: String?
        if let hash = name.firstIndex(of: "#") {
            let text = String(name[name.index(after: hash)...]).trimmedWhitespace
            name = String(name[..<hash]).trimmedWhitespace
            guard allowAnchor else {
                error(loc, "`\(clip(raw, 80))`: a field names a page, not a heading")
                return nil
            }
            guard !text.isEmpty else {
                error(loc, "wiki link `[[\(clip(raw, 80))]]` has an empty heading after `#`")
                return nil
            }
            heading = text
            anchor = HeadingIDs.base(text, markup: markup)
        }
        if name.isEmpty {
            if anchor != nil {
                links.append(OutgoingLink(target: id, anchor: anchor, location: loc, via: via))
                return Target(page: id, name: name, heading: heading, anchor: anchor)
            }
            error(loc, "empty wiki link")
            return nil
        }
        switch env.table.resolve(name) {
        case let .page(p):
            links.append(OutgoingLink(target: p, anchor: anchor, location: loc, via: via))
            return Target(page: p, name: name, heading: heading, anchor: anchor)
        case let .notFound(suggestion):
            var msg = via == .field ? "no page matches `\(clip(name, 80))`" : "broken wiki link: no page matches `\(clip(name, 80))`"
            if let s = suggestion { msg += "; did you mean `\(s)`?" }
            error(loc, msg)
        case let .ambiguous(hits):
            // At most a few candidates are named: a thousand same-titled pages are one problem, not a list.
            let shown = hits.prefix(3).map { h -> String in
                let t = env.targets[h.index]
                return "\(t.displayPath) (`\(t.kind.folder.map { $0 + "/" } ?? "")\(t.slug)`)"
            }
            let more = hits.count > 3 ? " and \(hits.count - 3) more" : ""
            error(loc, "ambiguous wiki link `\(clip(name, 80))` matches \(shown.joined(separator: " and "))\(more); use the kind-qualified slug")
        }
        return nil
    }

    mutating func wikiLink(target raw: String, label: String?, at loc: SourceLocation) -> (href: String, summary: String, label: String)? {
        guard let target = resolve(raw, at: loc, via: .wikiLink) else { return nil }
        var shown = label ?? raw
        if label == nil, let heading = target.heading {
            shown = target.page == id || target.name.isEmpty ? heading : "\(target.name) § \(heading)"
        }
        let t = env.targets[target.page.index]
        let href = target.page == id && target.anchor != nil && referencesHref.isEmpty
            ? "#" + target.anchor!
            : rootPrefix + t.urlPath + (target.anchor.map { "#" + $0 } ?? "")
        return (href, t.summary, shown)
    }

    /// Registers a citation and returns its mark.
    mutating func citation(source slug: String, quote: String?, at loc: SourceLocation) -> CitationMark? {
        guard let src = env.sourceBySlug[slug] else {
            var msg = "unknown source `\(clip(slug, 80))` in citation"
            if let s = YAMLReader.suggestion(for: slug, among: Array(env.sourceBySlug.keys).sorted()) {
                msg += "; did you mean `\(s)`?"
            } else if case .page = env.table.resolve(slug) {
                msg += "; citations name a page in content/sources/"
            }
            error(loc, msg)
            return nil
        }
        if let q = quote { checkQuote(q, source: src, at: loc) }
        let (n, markID) = registry.cite(source: src, quote: quote)
        links.append(OutgoingLink(target: src, anchor: nil, location: loc, via: .citation))
        // Seen from another page, marks carry no id: ids are unique only within their page.
        return CitationMark(number: n, markID: referencesHref.isEmpty ? markID : "", href: referencesHref + "#ref-\(n)")
    }

    mutating func checkQuote(_ quote: String, source: PageID, at loc: SourceLocation) {
        if quote.trimmedWhitespace.isEmpty {
            error(loc, "empty quote in citation")
            return
        }
        quotesChecked += 1
        let length = SourceTexts.normalize(quote).count
        if length > Self.maxQuoteLength {
            error(loc, "quote is \(length) characters long; quote at most \(Self.maxQuoteLength) (a clause or a sentence)")
        }
        let target = env.targets[source.index]
        guard let texts = env.sourceTexts, let doc = target.document, texts.has(doc) else {
            quotesUnverified += 1
            return
        }
        if case let .notFound(closest) = texts.verify(quote, in: doc) {
            quotesNotFound += 1
            var msg = "quote not found in `\(doc)` (\(target.slug)): \"\(Self.clipQuote(quote))\""
            msg += closest.isEmpty ? "; no passage of the document comes close" : "; closest passage: \"\(closest)\""
            error(loc, msg)
        }
    }

    /// Quotes are short excerpts, never whole paragraphs.
    static let maxQuoteLength = 300

    static func clipQuote(_ s: String, _ n: Int = 120) -> String {
        let t = SourceTexts.normalize(s)
        return t.count <= n ? t : String(t.prefix(n)) + "…"
    }
}
