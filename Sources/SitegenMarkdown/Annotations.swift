import CCmark
import Foundation

/// A heading of a page body, with the id it is given in the HTML.
public struct Heading: Sendable, Equatable {
    public var level: Int
    public var text: String
    public var id: String
}

/// Resolves the annotations of one page: wiki links and citations in Markdown (on the cmark AST)
/// and the page names in front-matter fields. Records every link and citation it sees.
struct PageResolver {
    let site: SiteIndex
    let pageIndex: Int
    var page: Page { site.pages[pageIndex] }
    /// The output folder that links are made relative to (the page's own, unless rendering for another view).
    var fromPath: String { didSet { rootPrefix = SiteIndex.relativePrefix(fromPath) } }
    /// `../` for each folder of `fromPath`.
    private(set) var rootPrefix: String
    var registry = CitationRegistry()
    var links: [OutgoingLink] = []
    var diagnostics: [Diagnostic] = []
    var quotesChecked = 0
    var quotesUnverified = 0
    private var warnedUnclosed = false

    /// Ids that the page template uses; headings never take them.
    static let reservedIDs: Set<String> = ["top", "main", "contents", "infobox", "references", "referenced-by",
                                           "related", "chronology", "figures", "map", "search", "viewpoints"]

    init(site: SiteIndex, pageIndex: Int) {
        self.site = site
        self.pageIndex = pageIndex
        self.fromPath = site.pages[pageIndex].urlPath
        self.rootPrefix = SiteIndex.relativePrefix(site.pages[pageIndex].urlPath)
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
        var page: Int
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
                error(loc, "`\(raw)`: a field names a page, not a heading")
                return nil
            }
            guard !text.isEmpty else {
                error(loc, "wiki link `[[\(raw)]]` has an empty heading after `#`")
                return nil
            }
            heading = text
            anchor = text.anchorSlug
        }
        if name.isEmpty {
            if anchor != nil {
                links.append(OutgoingLink(target: pageIndex, anchor: anchor, location: loc, via: via))
                return Target(page: pageIndex, name: name, heading: heading, anchor: anchor)
            }
            error(loc, "empty wiki link")
            return nil
        }
        switch site.table.resolve(name) {
        case let .page(i):
            links.append(OutgoingLink(target: i, anchor: anchor, location: loc, via: via))
            return Target(page: i, name: name, heading: heading, anchor: anchor)
        case let .notFound(suggestion):
            var msg = via == .field ? "no page matches `\(name)`" : "broken wiki link: no page matches `\(name)`"
            if let s = suggestion { msg += "; did you mean `\(s)`?" }
            error(loc, msg)
        case let .ambiguous(hits):
            let names = hits.map { "\(site.pages[$0].displayPath) (`\(site.pages[$0].kind.folder.map { $0 + "/" } ?? "")\(site.pages[$0].slug)`)" }
            error(loc, "ambiguous wiki link `\(name)` matches \(names.joined(separator: " and ")); use the kind-qualified slug")
        }
        return nil
    }

    /// Registers a citation and returns the HTML of its reference mark.
    mutating func cite(_ slug: String, quote: String?, at loc: SourceLocation) -> String? {
        guard let src = site.sourceBySlug[slug] else {
            var msg = "unknown source `\(slug)` in citation"
            if let s = YAMLReader.suggestion(for: slug, among: Array(site.sourceBySlug.keys).sorted()) { msg += "; did you mean `\(s)`?" }
            else if site.table.resolve(slug) != .notFound(suggestion: nil), case .page = site.table.resolve(slug) {
                msg += "; citations name a page in content/sources/"
            }
            error(loc, msg)
            return nil
        }
        if let q = quote { checkQuote(q, source: src, at: loc) }
        let (n, id) = registry.cite(source: src, quote: quote)
        links.append(OutgoingLink(target: src, anchor: nil, location: loc, via: .citation))
        return "<sup class=\"cite\" id=\"\(id)\"><a href=\"#ref-\(n)\" aria-label=\"Reference \(n)\">[\(n)]</a></sup>"
    }

    mutating func checkQuote(_ quote: String, source: Int, at loc: SourceLocation) {
        if quote.trimmedWhitespace.isEmpty {
            error(loc, "empty quote in citation")
            return
        }
        quotesChecked += 1
        let length = SourceTexts.normalize(quote).count
        if length > Self.maxQuoteLength {
            error(loc, "quote is \(length) characters long; quote at most \(Self.maxQuoteLength) (a clause or a sentence)")
        }
        guard let texts = site.sourceTexts, let doc = site.pages[source].meta.document?.value, texts.has(doc) else {
            quotesUnverified += 1
            return
        }
        if case let .notFound(closest) = texts.verify(quote, in: doc) {
            var msg = "quote not found in `\(doc)` (\(site.pages[source].slug)): \"\(Self.clip(quote))\""
            msg += closest.isEmpty ? "; no passage of the document comes close" : "; closest passage: \"\(closest)\""
            error(loc, msg)
        }
    }

    /// Quotes are short excerpts, never whole paragraphs.
    static let maxQuoteLength = 300

    static func clip(_ s: String, _ n: Int = 120) -> String {
        let t = SourceTexts.normalize(s)
        return t.count <= n ? t : String(t.prefix(n)) + "…"
    }

    // MARK: the Markdown AST

    /// Rewrites wiki links, citations, callouts and headings in `doc`. Lines of the Markdown start at
    /// file line `lineBase + 1`; `firstColumn` is added to columns of its first line.
    mutating func annotate(_ doc: MarkdownDocument, lineBase: Int, firstColumn: Int = 0) -> [Heading] {
        let loc: (Int, Int) -> SourceLocation = { l, c in
            SourceLocation(line: l + lineBase, column: l == 1 ? c + firstColumn : c)
        }
        // 1. Callouts first: they edit the first text of a block quote.
        for n in doc.nodes() where n.type == CMARK_NODE_BLOCK_QUOTE {
            callout(n, loc)
        }
        // 2. Gather what to change, then change it.
        var runParents: [MarkdownNode] = []
        var seenParents = Set<MarkdownNode>()
        var headings: [MarkdownNode] = []
        for n in doc.nodes() {
            switch n.type {
            case CMARK_NODE_TEXT:
                guard let p = n.parent, !seenParents.contains(p), !insideLink(n) else { continue }
                let lit = n.literal
                if Self.mayHoldAnnotation(lit) {
                    seenParents.insert(p)
                    runParents.append(p)
                }
            case CMARK_NODE_HEADING:
                headings.append(n)
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                let (l, c) = n.location
                warning(loc(l, c), "raw HTML is not rendered: `\(Self.clip(n.literal, 40))`; write Markdown instead")
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                if URLSafety.isDangerous(n.url) {
                    let (l, c) = n.location
                    warning(loc(l, c), "unsafe link URL `\(Self.clip(n.url, 40))` removed")
                }
            default: break
            }
        }
        for p in runParents { rewriteRuns(in: p, loc) }
        var used = Self.reservedIDs
        var result: [Heading] = []
        for h in headings {
            let text = h.plainText.trimmedWhitespace
            var id = text.anchorSlug
            if used.contains(id) {
                var k = 2
                while used.contains("\(id)-\(k)") { k += 1 }
                id = "\(id)-\(k)"
            }
            used.insert(id)
            let level = h.headingLevel
            result.append(Heading(level: level, text: text, id: id))
            let block = MarkdownNode.customBlock(enter: "<h\(level) id=\"\(id)\">", exit: "</h\(level)>")
            for c in h.children { c.unlink(); block.append(c) }
            h.insertBefore(block)
            h.unlinkAndFree()
        }
        return result
    }

    /// Whether text holds `[[` or `[@` (checked on bytes: this runs on every text node).
    static func mayHoldAnnotation(_ s: String) -> Bool {
        var previous: UInt8 = 0
        for b in s.utf8 {
            if previous == 91 && (b == 91 || b == 64) { return true }
            previous = b
        }
        return false
    }

    private func insideLink(_ n: MarkdownNode) -> Bool {
        var p = n.parent
        while let cur = p {
            if cur.type == CMARK_NODE_LINK || cur.type == CMARK_NODE_IMAGE || cur.type == CMARK_NODE_CUSTOM_INLINE { return true }
            p = cur.parent
        }
        return false
    }

    static let callouts: [String: (cls: String, label: String)] = [
        "EDITOR": ("editor", "Editor’s note"),
        "DISAGREEMENT": ("disagreement", "Sources disagree"),
        "NOTE": ("note", "Note"),
    ]

    private mutating func callout(_ quote: MarkdownNode, _ loc: (Int, Int) -> SourceLocation) {
        guard let para = quote.firstChild, para.type == CMARK_NODE_PARAGRAPH,
              let text = para.firstChild, text.type == CMARK_NODE_TEXT else { return }
        let lit = text.literal
        guard lit.hasPrefix("[!"), let close = lit.firstIndex(of: "]") else { return }
        let name = String(lit[lit.index(lit.startIndex, offsetBy: 2)..<close])
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter }) else { return }
        guard let kind = Self.callouts[name.uppercased()] else {
            let (l, c) = para.location
            error(loc(l, c), "unknown callout `[!\(name)]`; use [!EDITOR], [!DISAGREEMENT] or [!NOTE]")
            return
        }
        let rest = lit[lit.index(after: close)...].drop { $0 == " " }
        if rest.isEmpty {
            if let nx = text.next, nx.type == CMARK_NODE_SOFTBREAK { nx.unlinkAndFree() }
            text.unlinkAndFree()
        } else {
            text.setLiteral(String(rest))
        }
        let block = MarkdownNode.customBlock(
            enter: "<aside class=\"callout callout-\(kind.cls)\" role=\"note\"><p class=\"callout-label\">\(kind.label)</p>",
            exit: "</aside>")
        for c in quote.children { c.unlink(); block.append(c) }
        quote.insertBefore(block)
        quote.unlinkAndFree()
    }

    /// Rewrites each run of adjacent text and soft-break children of `parent` that holds annotations.
    private mutating func rewriteRuns(in parent: MarkdownNode, _ loc: (Int, Int) -> SourceLocation) {
        var run: [MarkdownNode] = []
        var child = parent.firstChild
        while true {
            let isText = child.map { $0.type == CMARK_NODE_TEXT || $0.type == CMARK_NODE_SOFTBREAK } ?? false
            if isText {
                run.append(child!)
            } else {
                if !run.isEmpty { rewrite(run, followedByInline: child != nil, parent: parent, loc) }
                run = []
            }
            guard let c = child else { break }
            child = c.next
        }
    }

    private struct Segment { var offset: Int; var line: Int; var column: Int }

    private mutating func rewrite(_ run: [MarkdownNode], followedByInline: Bool, parent: MarkdownNode,
                                  _ loc: (Int, Int) -> SourceLocation) {
        var bytes: [UInt8] = []
        var segments: [Segment] = []
        var (lastLine, lastCol) = parent.location
        for n in run {
            if n.type == CMARK_NODE_SOFTBREAK {
                bytes.append(10)
                lastLine += 1
                lastCol = 1
                continue
            }
            var (l, c) = (n.startLine, n.startColumn)
            if l == 0 { (l, c) = (lastLine, lastCol) }
            segments.append(Segment(offset: bytes.count, line: l, column: c))
            bytes.append(contentsOf: n.literal.utf8)
            (lastLine, lastCol) = (l, c)
        }
        guard bytes.contains(91) else { return }
        func location(_ off: Int) -> SourceLocation {
            var seg = segments.first ?? Segment(offset: 0, line: lastLine, column: lastCol)
            for s in segments where s.offset <= off { seg = s }
            var line = seg.line, col = seg.column
            for b in bytes[seg.offset..<off] {
                if b == 10 { line += 1; col = 1 } else if b & 0xC0 != 0x80 { col += 1 }
            }
            return loc(line, col)
        }
        let tokens = AnnotationScanner(bytes).scan()
        guard tokens.contains(where: { if case .text = $0 { return false }; return true }) else { return }
        let first = run[0]
        func emitText(_ s: ArraySlice<UInt8>) {
            var start = s.startIndex
            for i in s.indices where s[i] == 10 {
                if i > start { first.insertBefore(.text(String(decoding: s[start..<i], as: UTF8.self))) }
                first.insertBefore(.softBreak())
                start = i + 1
            }
            if start < s.endIndex { first.insertBefore(.text(String(decoding: s[start..<s.endIndex], as: UTF8.self))) }
        }
        for (n, t) in tokens.enumerated() {
            switch t {
            case var .text(r):
                // A reference mark sits right after the word it supports, as in print.
                if n + 1 < tokens.count, case .citation = tokens[n + 1] {
                    while r.upperBound > r.lowerBound, bytes[r.upperBound - 1] == 32 || bytes[r.upperBound - 1] == 10 {
                        r = r.lowerBound..<(r.upperBound - 1)
                    }
                }
                emitText(bytes[r])
            case let .wikiLink(r, target, label):
                let raw = String(decoding: bytes[target].map { $0 == 10 ? 32 : $0 }, as: UTF8.self)
                let at = location(r.lowerBound)
                var shown = label.map { String(decoding: bytes[$0], as: UTF8.self) } ?? raw
                if let target = resolve(raw, at: at, via: .wikiLink) {
                    let p = target.page
                    if label == nil, let heading = target.heading {
                        shown = p == pageIndex || target.name.isEmpty ? heading : "\(target.name) § \(heading)"
                    }
                    let href = rootPrefix + site.pages[p].urlPath + (target.anchor.map { "#" + $0 } ?? "")
                    let summary = site.pages[p].meta.summary
                    let a = MarkdownNode.customInline(
                        enter: "<a class=\"wl\" href=\"\(href.htmlEscaped)\" data-summary=\"\(summary.htmlEscaped)\">", exit: "</a>")
                    first.insertBefore(a)
                    var start = 0
                    let sb = Array(shown.utf8)
                    for (i, b) in sb.enumerated() where b == 10 {
                        a.append(.text(String(decoding: sb[start..<i], as: UTF8.self)))
                        a.append(.softBreak())
                        start = i + 1
                    }
                    a.append(.text(String(decoding: sb[start...], as: UTF8.self)))
                } else {
                    emitText(bytes[r])
                }
            case let .citation(r, slug, quote):
                let at = location(r.lowerBound)
                let q = quote.map { String(decoding: bytes[$0].map { $0 == 10 ? 32 : $0 }, as: UTF8.self) }
                if let html = cite(String(decoding: bytes[slug], as: UTF8.self), quote: q, at: at) {
                    first.insertBefore(.customInline(enter: html, exit: ""))
                } else {
                    emitText(bytes[r])
                }
            case let .malformedCitation(r):
                error(location(r.lowerBound), "malformed citation `\(Self.clip(String(decoding: bytes[r], as: UTF8.self), 60))`: write [@source-slug] or [@source-slug \"exact quote\"]")
                emitText(bytes[r])
            case let .unclosed(r, what):
                if followedByInline && r.upperBound == bytes.count {
                    error(location(r.lowerBound), "\(what) contains formatting (emphasis, code or a link) or is not closed; annotations take plain text only")
                } else if !warnedUnclosed {
                    warnedUnclosed = true
                    warning(location(r.lowerBound), "unclosed `\(what == "citation" ? "[@" : "[[")` is shown as text")
                }
                emitText(bytes[r])
            }
        }
        for n in run { n.unlinkAndFree() }
    }
}

/// Splits text into plain runs, wiki links and citations. Runs in linear time on any input.
struct AnnotationScanner {
    enum Token {
        case text(Range<Int>)
        case wikiLink(Range<Int>, target: Range<Int>, label: Range<Int>?)
        case citation(Range<Int>, slug: Range<Int>, quote: Range<Int>?)
        case malformedCitation(Range<Int>)
        /// An opening `[[` or `[@` with no close; `what` names the annotation.
        case unclosed(Range<Int>, what: String)
    }

    let b: [UInt8]
    init(_ bytes: [UInt8]) { b = bytes }

    /// Positions found by forward-only searches, so that every byte is examined a bounded number of times.
    private final class Cursor {
        let pattern: (UInt8, UInt8?)
        var found: Int? = -1   // -1: not searched yet; nil: none at or after `from`
        var from = 0
        init(_ a: UInt8, _ b: UInt8?) { pattern = (a, b) }
        func next(_ b: [UInt8], atOrAfter i: Int) -> Int? {
            if let f = found, f >= i, f != -1 { return f }
            if found == nil && from <= i { return nil }
            var j = max(i, from)
            while j + (pattern.1 == nil ? 0 : 1) < b.count {
                if b[j] == pattern.0 && (pattern.1 == nil || b[j + 1] == pattern.1!) { found = j; from = j; return j }
                j += 1
            }
            found = nil
            from = i
            return nil
        }
    }

    func scan() -> [Token] {
        var out: [Token] = []
        let closeLink = Cursor(93, 93)      // ]]
        let openLink = Cursor(91, 91)       // [[
        let closeQuote = Cursor(34, 93)     // "]
        let closeBracket = Cursor(93, nil)  // ]
        var textStart = 0
        var i = 0
        let n = b.count
        func flush(_ upTo: Int) {
            if upTo > textStart { out.append(.text(textStart..<upTo)) }
        }
        while i + 1 < n {
            guard b[i] == 91 else { i += 1; continue }
            if b[i + 1] == 91 {
                // [[target|label]]
                let close = closeLink.next(b, atOrAfter: i + 2)
                let reopen = openLink.next(b, atOrAfter: i + 1)
                if let c = close, reopen == nil || reopen! >= c {
                    // Reject a paragraph break or brackets inside.
                    let inner = (i + 2)..<c
                    if !inner.isEmpty, !b[inner].contains(91), !b[inner].contains(93) {
                        flush(i)
                        var target = inner
                        var label: Range<Int>?
                        if let bar = b[inner].firstIndex(of: 124) {
                            target = inner.lowerBound..<bar
                            label = (bar + 1)..<inner.upperBound
                        }
                        out.append(.wikiLink(i..<(c + 2), target: target, label: label))
                        i = c + 2
                        textStart = i
                        continue
                    }
                }
                if close == nil {
                    flush(i)
                    out.append(.unclosed(i..<n, what: "wiki link"))
                    return out
                }
                i += 1
                continue
            }
            if b[i + 1] == 64 {
                // [@slug] or [@slug "quote"]
                var j = i + 2
                while j < n, Self.isSlugByte(b[j]) { j += 1 }
                let slug = (i + 2)..<j
                if slug.isEmpty { i += 2; continue }
                if j < n, b[j] == 93 {
                    flush(i)
                    out.append(.citation(i..<(j + 1), slug: slug, quote: nil))
                    i = j + 1
                    textStart = i
                    continue
                }
                var k = j
                while k < n, b[k] == 32 || b[k] == 10 { k += 1 }
                if k > j, k < n, b[k] == 34 {
                    if let c = closeQuote.next(b, atOrAfter: k + 1) {
                        flush(i)
                        out.append(.citation(i..<(c + 2), slug: slug, quote: (k + 1)..<c))
                        i = c + 2
                        textStart = i
                        continue
                    }
                    flush(i)
                    out.append(.unclosed(i..<n, what: "citation"))
                    return out
                }
                if k >= n {
                    flush(i)
                    out.append(.unclosed(i..<n, what: "citation"))
                    return out
                }
                // `[@slug` followed by something else.
                let end = closeBracket.next(b, atOrAfter: j).map { $0 + 1 } ?? n
                flush(i)
                out.append(.malformedCitation(i..<end))
                i = end
                textStart = i
                continue
            }
            i += 1
        }
        flush(n)
        return out
    }

    static func isSlugByte(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 45
    }
}
