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
        if let hash = name.utf8.firstIndex(of: UInt8(ascii: "#")) {
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

    // MARK: plain Markdown links

    /// Checks a plain link or image inside the site, as a wiki link is checked, and returns its URL
    /// relative to the folder being rendered. Its path is taken from the page's output folder
    /// (`../mexico/`), from the site root (`/actors/amlo/`), or, for a `.md` file, from the page's file
    /// in the content folder (`mexico.md`, `../actors/amlo.md`); `#anchor` must name a heading.
    mutating func siteLink(_ url: SiteURL, image: Bool, at loc: SourceLocation) -> String? {
        let what = image ? "image" : "link"
        let raw = url.raw.trimmingCharacters(in: .whitespaces)
        let suffix = raw.firstIndex { $0 == "?" || $0 == "#" }.map { String(raw[$0...]) } ?? ""
        let anchor = url.fragment.flatMap { $0.isEmpty || url.fragmentIsTemplateID ? nil : $0 }
        func found(_ target: PageID) -> String {
            links.append(OutgoingLink(target: target, anchor: anchor, location: loc, via: .markdownLink))
            return rootPrefix + env.targets[target.index].urlPath + suffix
        }
        if url.path.isEmpty {
            // This page: kept as written, unless the text is shown on another page.
            let href = found(id)
            return referencesHref.isEmpty ? nil : href
        }
        let absolute = url.path.hasPrefix("/")
        if url.path.hasSuffix(".md") {
            let folder = page.relativePath.split(separator: "/").dropLast().map { $0 + "/" }.joined()
            let base = absolute ? "" : folder
            if let file = Self.join(base, url.path), let target = env.pageByFile[file] { return found(target) }
            var msg = "broken \(what): `\(clip(raw, 80))` matches no page file in the content folder"
            if let file = Self.join(base, url.path),
               let s = YAMLReader.suggestion(for: file, among: Array(env.pageByFile.keys).sorted()) {
                msg += "; did you mean `\(absolute ? "/" + s : Self.relative(s, from: folder))`?"
            }
            error(loc, msg)
            return nil
        }
        guard var path = Self.join(absolute ? "" : page.urlPath, url.path) else {
            error(loc, "broken \(what): `\(clip(raw, 80))` leads out of the site")
            return nil
        }
        if path == "index.html" || path.hasSuffix("/index.html") { path.removeLast("index.html".count) }
        let folder = path.isEmpty || path.hasSuffix("/") ? path : path + "/"
        if let target = env.pageByURL[path] ?? env.pageByURL[folder] { return found(target) }
        if env.otherOutputs.contains(path) { return rootPrefix + path + suffix }
        if env.otherOutputs.contains(folder) { return rootPrefix + folder + suffix }
        var msg = "broken \(what): `\(clip(raw, 80))` matches no page or file of the site"
        let candidates = (Array(env.pageByURL.keys) + env.otherOutputs).sorted()
        if let s = YAMLReader.suggestion(for: path, among: candidates) {
            msg += "; did you mean `\(absolute ? "/" + s : Self.relative(s, from: page.urlPath))`?"
        }
        error(loc, msg)
        return nil
    }

    /// `path` taken from folder `base` ("" or ending in `/`), with `.` and `..` worked out and no leading
    /// `/`; a trailing `/` is kept. `nil` when it climbs above the root.
    static func join(_ base: String, _ path: String) -> String? {
        var parts = base.split(separator: "/").map(String.init)
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        for seg in segments {
            switch seg {
            case ".": continue
            case "..":
                if parts.isEmpty { return nil }
                parts.removeLast()
            default: parts.append(String(seg))
            }
        }
        let folderLike = path.hasSuffix("/") || segments.last == "." || segments.last == ".."
        if parts.isEmpty { return "" }
        return parts.joined(separator: "/") + (folderLike ? "/" : "")
    }

    /// Site path `target` written relative to folder `from` (both without a leading `/`).
    static func relative(_ target: String, from: String) -> String {
        let a = from.split(separator: "/")
        var b = target.split(separator: "/")
        var common = 0
        while common < a.count, common < b.count - (target.hasSuffix("/") ? 0 : 1), a[common] == b[common] { common += 1 }
        b.removeFirst(common)
        let up = String(repeating: "../", count: a.count - common)
        let rest = b.joined(separator: "/") + (target.hasSuffix("/") && !b.isEmpty ? "/" : "")
        return up + rest
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
        let context = quote.flatMap { checkQuote($0, source: src, at: loc) }
        let (n, markID) = registry.cite(source: src, quote: quote, context: context)
        links.append(OutgoingLink(target: src, anchor: nil, location: loc, via: .citation))
        // Seen from another page, marks carry no id: ids are unique only within their page.
        return CitationMark(number: n, markID: referencesHref.isEmpty ? markID : "", href: referencesHref + "#ref-\(n)")
    }

    /// Checks a quote against its source's text; returns it in its context there when it is found.
    @discardableResult
    mutating func checkQuote(_ quote: String, source: PageID, at loc: SourceLocation) -> QuoteContext? {
        if quote.trimmedWhitespace.isEmpty {
            error(loc, "empty quote in citation")
            return nil
        }
        // A source page with errors may lack its document: its errors say enough.
        if env.targets[source.index].hasErrors && env.targets[source.index].document == nil { return nil }
        quotesChecked += 1
        let length = SourceTexts.normalize(quote).count
        if length > Self.maxQuoteLength {
            error(loc, "quote is \(length) characters long; quote at most \(Self.maxQuoteLength) (a clause or a sentence)")
        }
        let target = env.targets[source.index]
        guard let texts = env.sourceTexts, let doc = target.document, let checked = texts.check(quote, in: doc) else {
            quotesUnverified += 1
            return nil
        }
        if case let .notFound(closest) = checked.match {
            quotesNotFound += 1
            var msg = "quote not found in `\(doc)` (\(target.slug)): \"\(Self.clipQuote(quote))\""
            msg += closest.isEmpty ? "; no passage of the document comes close" : "; closest passage: \"\(closest)\""
            error(loc, msg)
        }
        return checked.context
    }

    /// Quotes are short excerpts, never whole paragraphs.
    static let maxQuoteLength = 300

    static func clipQuote(_ s: String, _ n: Int = 120) -> String {
        let t = SourceTexts.normalize(s)
        return t.count <= n ? t : String(t.prefix(n)) + "…"
    }
}
