import CCmark
import Foundation
import SitegenModel

/// A heading of a page body, with the id it is given in the HTML.
public struct Heading: Sendable, Hashable {
    public var level: Int
    public var text: String
    public var id: String
    public init(level: Int, text: String, id: String) {
        self.level = level
        self.text = text
        self.id = id
    }
}

/// The marked boxes a block quote can become (`> [!EDITOR]` …).
public enum Callout: String, Sendable, Hashable, CaseIterable {
    case editor = "EDITOR", disagreement = "DISAGREEMENT", note = "NOTE"
}

/// Where a citation mark points: its number in the page's References, the id of this particular mark,
/// and the link to the reference (`#ref-3`, or the citing page's reference from another page).
public struct CitationMark: Sendable, Hashable {
    public var number: Int
    public var markID: String
    public var href: String
    public init(number: Int, markID: String, href: String) {
        self.number = number
        self.markID = markID
        self.href = href
    }
}

/// The markup of annotations. The site's templates provide it, so that every tag lives there.
public protocol AnnotationMarkup: Sendable {
    /// Around the label of a resolved wiki link.
    func wikiLink(href: String, summary: String) -> (open: HTML, close: HTML)
    /// A citation's reference mark.
    func citationMark(_ mark: CitationMark) -> HTML
    /// Around the content of a callout box.
    func callout(_ kind: Callout) -> (open: HTML, close: HTML)
    /// Around the content of a heading.
    func heading(level: Int, id: String) -> (open: HTML, close: HTML)
    /// Ids the templates use on a page; headings never take them. None starts with `h-`, the prefix
    /// that headings whose slug is reserved are given.
    func isReservedID(_ id: String) -> Bool
}

/// Receives the annotations of one Markdown text: resolves links and citations and records problems.
/// The graph stage implements it; the pass itself knows no pages.
public protocol AnnotationHandler {
    /// The link and label text of `[[target]]` or `[[target|label]]`; `nil` when it does not resolve
    /// (the handler has reported why).
    mutating func wikiLink(target: String, label: String?, at: SourceLocation) -> (href: String, summary: String, label: String)?
    /// The mark of `[@source]` or `[@source "quote"]`; `nil` when it does not resolve.
    mutating func citation(source: String, quote: String?, at: SourceLocation) -> CitationMark?
    /// The URL to write for a plain Markdown link or image inside the site; `nil` when it does not
    /// resolve (the handler has reported why) or is to be left as written.
    mutating func siteLink(_ url: SiteURL, image: Bool, at: SourceLocation) -> String?
    mutating func error(_ loc: SourceLocation, _ message: String)
    mutating func warning(_ loc: SourceLocation, _ message: String)
}

extension AnnotationHandler {
    /// Handlers that check no Markdown links leave them as written.
    public mutating func siteLink(_ url: SiteURL, image: Bool, at: SourceLocation) -> String? { nil }
}

/// The annotation pass over a cmark tree: callouts, wiki links, citations and headings are rewritten
/// into custom nodes carrying the templates' markup, and plain links inside the site are checked.
/// Works on the AST, never on raw Markdown.
public struct AnnotationPass<Handler: AnnotationHandler> {
    public var handler: Handler
    let markup: any AnnotationMarkup
    private var warnedUnclosed = false
    /// The kinds of callout boxes to record in `callouts`, with their HTML.
    public var recordCallouts: Set<Callout> = []
    /// The recorded callout boxes, in the order met.
    public private(set) var callouts: [CalloutRecord] = []
    /// The sentence around each resolved wiki link, by the link's location: for the first links to
    /// each page only (a reader sees two per linking page), and at most `maxSentences` in all.
    public private(set) var sentences: [SourceLocation: LinkSentence] = [:]
    private var sentencesPerTarget: [String: Int] = [:]
    static var maxSentences: Int { 500 }
    static var maxSentencesPerTarget: Int { 2 }
    /// The recorded boxes of the document being annotated.
    private var calloutNodes: [MarkdownNode: Int] = [:]
    /// Line and byte column of each text node of the document being annotated.

    public init(handler: Handler, markup: any AnnotationMarkup) {
        self.handler = handler
        self.markup = markup
    }

    /// Rewrites wiki links, citations, callouts and headings in `doc`. Lines of the Markdown start at
    /// file line `lineBase + 1`; `firstColumn` is added to columns of its first line.
    public mutating func annotate(_ doc: MarkdownDocument, lineBase: Int, firstColumn: Int = 0) -> [Heading] {
        annotate(doc) { l, c in
            SourceLocation(line: l + lineBase, column: l == 1 ? c + firstColumn : c)
        }
    }

    /// Rewrites wiki links, citations, callouts and headings in `doc`; `loc` turns cmark's line and
    /// character column into the place in the file (a document can join several texts of a file).
    public mutating func annotate(_ doc: MarkdownDocument, location loc: @escaping (Int, Int) -> SourceLocation) -> [Heading] {
        // 1. Callouts first: they edit the first text of a block quote.
        calloutNodes = [:]
        for n in doc.nodes() where n.type == CMARK_NODE_BLOCK_QUOTE {
            callout(n, doc, loc)
        }
        // 2. Gather what to change, then change it.
        var runParents: [MarkdownNode] = []
        var seenParents = Set<MarkdownNode>()
        var headings: [MarkdownNode] = []
        // Where each text starts. cmark puts the text after a hard line break (a `\` or two spaces at
        // the end of a line) and everything after it in the paragraph on the line before; lines are
        // counted here from the block's first line and the breaks, and a text's own line is taken only
        // when it is further on (after a code span that spans lines, whose line breaks are gone).
        var line = 1
        for n in doc.nodes() {
            if n.type.rawValue <= CMARK_NODE_LAST_BLOCK.rawValue {
                if n.startLine > 0 { line = n.startLine }
            } else if n.type == CMARK_NODE_SOFTBREAK || n.type == CMARK_NODE_LINEBREAK {
                line += 1
            } else if n.type == CMARK_NODE_TEXT {
                if n.startLine >= line {
                    line = n.startLine
                    n.place = (n.startLine, n.startColumn)
                } else {
                    n.place = (line, 1)
                }
            } else if n.type == CMARK_NODE_HTML_INLINE {
                line += n.literal.utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 }
            }
            // Other inlines' positions are not used: cmark puts a link that spans lines on its last line.
            switch n.type {
            case CMARK_NODE_TEXT:
                guard let p = n.parent, !seenParents.contains(p), !insideLink(n) else { continue }
                if n.literalMayHoldAnnotation {
                    seenParents.insert(p)
                    runParents.append(p)
                }
            case CMARK_NODE_HEADING:
                headings.append(n)
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                let (l, c) = doc.position(n)
                handler.warning(loc(l, c), "raw HTML is not rendered: `\(clip(n.literal, 40))`; write Markdown instead")
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                let url = n.url
                if URLSafety.isDangerous(url) {
                    let (l, c) = doc.position(n)
                    handler.warning(loc(l, c), "unsafe link URL `\(clip(url, 40))` removed")
                } else if var site = SiteURL(url) {
                    // A link inside the site is checked like a wiki link, and written relative to the page.
                    site.fragmentIsTemplateID = site.fragment.map(markup.isReservedID) ?? false
                    let (l, c) = doc.position(n)
                    if let href = handler.siteLink(site, image: n.type == CMARK_NODE_IMAGE, at: loc(l, c)), href != url {
                        n.setURL(href)
                    }
                }
            default: break
            }
        }
        for p in runParents { rewriteRuns(in: p, doc, loc) }
        // The heading each recorded box sits under: the last one before its top-level block.
        var headingIndex = Dictionary(uniqueKeysWithValues: headings.enumerated().map { ($1, $0) })
        var boxHeading: [(box: MarkdownNode, heading: Int?)] = []
        if !calloutNodes.isEmpty {
            for (box, _) in calloutNodes.sorted(by: { $0.value < $1.value }) {
                var top = box
                while let p = top.parent, p.type != CMARK_NODE_DOCUMENT { top = p }
                var h: Int?
                var prev = top.previous
                while let n = prev, h == nil {
                    h = headingIndex[n]
                    prev = n.previous
                }
                boxHeading.append((box, h))
            }
        }
        headingIndex = [:]
        let texts = headings.map { $0.plainText.trimmedWhitespace }
        let ids = HeadingIDs.assign(texts.map(\.anchorSlug), markup: markup)
        var result: [Heading] = []
        for (n, h) in headings.enumerated() {
            let level = h.headingLevel
            result.append(Heading(level: level, text: texts[n], id: ids[n]))
            let (open, close) = markup.heading(level: level, id: ids[n])
            let block = MarkdownNode.customBlock(enter: open, exit: close)
            for c in h.children { c.unlink(); block.append(c) }
            h.insertBefore(block)
            h.unlinkAndFree()
        }
        for (box, h) in boxHeading {
            let i = calloutNodes[box]!
            callouts[i].heading = h.map { result[$0] }
            callouts[i].html = doc.renderHTML(box)
        }
        calloutNodes = [:]
        return result
    }

    private func insideLink(_ n: MarkdownNode) -> Bool {
        var p = n.parent
        while let cur = p {
            if cur.type == CMARK_NODE_LINK || cur.type == CMARK_NODE_IMAGE || cur.type == CMARK_NODE_CUSTOM_INLINE { return true }
            p = cur.parent
        }
        return false
    }

    private mutating func callout(_ quote: MarkdownNode, _ doc: MarkdownDocument, _ loc: (Int, Int) -> SourceLocation) {
        guard let para = quote.firstChild, para.type == CMARK_NODE_PARAGRAPH,
              let text = para.firstChild, text.type == CMARK_NODE_TEXT else { return }
        let lit = text.literal
        guard lit.hasPrefix("[!"), let close = lit.firstIndex(of: "]") else { return }
        let name = String(lit[lit.index(lit.startIndex, offsetBy: 2)..<close])
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter }) else { return }
        guard let kind = Callout(rawValue: name.uppercased()) else {
            let (l, c) = doc.position(para)
            handler.error(loc(l, c), "unknown callout `[!\(clip(name, 40))]`; use [!EDITOR], [!DISAGREEMENT] or [!NOTE]")
            return
        }
        let rest = lit[lit.index(after: close)...].drop { $0 == " " }
        if rest.isEmpty {
            if let nx = text.next, nx.type == CMARK_NODE_SOFTBREAK { nx.unlinkAndFree() }
            text.unlinkAndFree()
        } else {
            text.setLiteral(String(rest))
        }
        let (open, closeHTML) = markup.callout(kind)
        let block = MarkdownNode.customBlock(enter: open, exit: closeHTML)
        for c in quote.children { c.unlink(); block.append(c) }
        quote.insertBefore(block)
        quote.unlinkAndFree()
        if recordCallouts.contains(kind) {
            calloutNodes[block] = callouts.count
            callouts.append(CalloutRecord(kind: kind, heading: nil, citations: [], html: "", line: loc(doc.position(para).0, 1).line))
        }
    }

    /// The index of the recorded box that holds `node`.
    private func enclosingCallout(_ node: MarkdownNode) -> Int? {
        var p: MarkdownNode? = node
        while let cur = p {
            if let i = calloutNodes[cur] { return i }
            p = cur.parent
        }
        return nil
    }

    /// Rewrites each run of adjacent text and soft-break children of `parent` that holds annotations.
    private mutating func rewriteRuns(in parent: MarkdownNode, _ doc: MarkdownDocument, _ loc: (Int, Int) -> SourceLocation) {
        var run: [MarkdownNode] = []
        var child = parent.firstChild
        while true {
            let isText = child.map { $0.type == CMARK_NODE_TEXT || $0.type == CMARK_NODE_SOFTBREAK } ?? false
            if isText {
                run.append(child!)
            } else {
                if !run.isEmpty { rewrite(run, followedByInline: child != nil, parent: parent, doc, loc) }
                run = []
            }
            guard let c = child else { break }
            child = c.next
        }
    }

    private struct Segment { var offset: Int; var line: Int; var column: Int }

    /// Line and column of byte offsets of a run, asked in increasing order: one forward scan in all.
    private struct Locator {
        let bytes: [UInt8]
        let segments: [Segment]
        var segment = 0
        var offset: Int, line: Int, column: Int

        init(bytes: [UInt8], segments: [Segment], fallback: (Int, Int)) {
            self.bytes = bytes
            self.segments = segments
            let first = segments.first ?? Segment(offset: 0, line: fallback.0, column: fallback.1)
            (offset, line, column) = (first.offset, first.line, first.column)
        }

        mutating func at(_ off: Int) -> (Int, Int) {
            if off < offset, let first = segments.first {
                // Asked out of order: start again (never happens in the pass, kept for safety).
                (segment, offset, line, column) = (0, first.offset, first.line, first.column)
            }
            while segment + 1 < segments.count, segments[segment + 1].offset <= off {
                segment += 1
                (offset, line, column) = (segments[segment].offset, segments[segment].line, segments[segment].column)
            }
            while offset < off {
                let b = bytes[offset]
                if b == 10 { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
                offset += 1
            }
            return (line, column)
        }
    }

    private mutating func rewrite(_ run: [MarkdownNode], followedByInline: Bool, parent: MarkdownNode,
                                  _ doc: MarkdownDocument, _ loc: (Int, Int) -> SourceLocation) {
        var bytes: [UInt8] = []
        var segments: [Segment] = []
        var (lastLine, lastCol) = doc.position(parent)
        for n in run {
            if n.type == CMARK_NODE_SOFTBREAK {
                bytes.append(10)
                lastLine += 1
                lastCol = 1
                continue
            }
            var (l, c) = n.place ?? (n.startLine, n.startColumn)
            if l == 0 { (l, c) = (lastLine, lastCol) } else { c = doc.characterColumn(line: l, byteColumn: c) }
            segments.append(Segment(offset: bytes.count, line: l, column: c))
            bytes.append(contentsOf: n.literal.utf8)
            (lastLine, lastCol) = (l, c)
        }
        guard bytes.contains(91) else { return }
        var locator = Locator(bytes: bytes, segments: segments, fallback: (lastLine, lastCol))
        var openers = OpenerColumns(doc: doc, bytes: bytes, firstStart: segments.first.map { ($0.line, $0.column) })
        /// Where the annotation starting at `off` (with `[[` or `[@`) is: its line from the text, its
        /// column from the source line when the source has the same openers.
        func location(_ off: Int) -> SourceLocation {
            let (l, c) = locator.at(off)
            return loc(l, openers.column(at: off, line: l) ?? c)
        }
        let tokens = AnnotationScanner(bytes).scan()
        guard tokens.contains(where: { if case .text = $0 { return false }; return true }) else { return }
        let first = run[0]
        var pieces: [SentencePiece] = []
        var linkPieces: [(index: Int, at: SourceLocation)] = []
        let box = calloutNodes.isEmpty ? nil : enclosingCallout(parent)
        func emitText(_ s: ArraySlice<UInt8>, into parent: MarkdownNode? = nil) {
            var start = s.startIndex
            func put(_ n: MarkdownNode) { if let parent { parent.append(n) } else { first.insertBefore(n) } }
            for i in s.indices where s[i] == 10 {
                if i > start { put(.text(s[start..<i])) }
                put(.softBreak())
                start = i + 1
            }
            if start < s.endIndex { put(.text(s[start..<s.endIndex])) }
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
                pieces.append(.text(Self.spaced(bytes[r])))
            case let .wikiLink(r, target, label):
                let raw = String(decoding: bytes[target].map { $0 == 10 ? 32 : $0 }, as: UTF8.self)
                let labelText = label.map { String(decoding: bytes[$0], as: UTF8.self) }
                let at = location(r.lowerBound)
                if let link = handler.wikiLink(target: raw, label: labelText, at: at) {
                    let (open, close) = markup.wikiLink(href: link.href, summary: link.summary)
                    let a = MarkdownNode.customInline(enter: open, exit: close)
                    first.insertBefore(a)
                    emitText(Array(link.label.utf8)[...], into: a)
                    let target = link.href.utf8.firstIndex(of: UInt8(ascii: "#")).map { String(link.href[..<$0]) } ?? link.href
                    let seen = sentencesPerTarget[target, default: 0]
                    if seen < Self.maxSentencesPerTarget, sentences.count + linkPieces.count < Self.maxSentences {
                        sentencesPerTarget[target] = seen + 1
                        linkPieces.append((pieces.count, at))
                    }
                    pieces.append(.link(Self.spaced(Array(link.label.utf8)[...])))
                } else {
                    emitText(bytes[r])
                    pieces.append(.text(Self.spaced(bytes[r])))
                }
            case let .citation(r, slug, quote):
                let at = location(r.lowerBound)
                let q = quote.map { String(decoding: bytes[$0].map { $0 == 10 ? 32 : $0 }, as: UTF8.self) }
                if let mark = handler.citation(source: String(decoding: bytes[slug], as: UTF8.self), quote: q, at: at) {
                    first.insertBefore(.customInline(enter: markup.citationMark(mark), exit: ""))
                    pieces.append(.cite(mark.number))
                    if let box { callouts[box].citations.append(mark.number) }
                } else {
                    emitText(bytes[r])
                    pieces.append(.text(Self.spaced(bytes[r])))
                }
            case let .malformedCitation(r):
                handler.error(location(r.lowerBound), "malformed citation `\(clip(String(decoding: bytes[r], as: UTF8.self), 60))`: write [@source-slug] or [@source-slug \"exact quote\"]")
                emitText(bytes[r])
            case let .unclosed(r, what):
                if followedByInline && r.upperBound == bytes.count {
                    handler.error(location(r.lowerBound), "\(what) contains formatting (emphasis, code or a link) or is not closed; annotations take plain text only")
                } else if !warnedUnclosed {
                    warnedUnclosed = true
                    handler.warning(location(r.lowerBound), "unclosed `\(what == "citation" ? "[@" : "[[")` is shown as text")
                }
                emitText(bytes[r])
            }
        }
        for n in run { n.unlinkAndFree() }
        for (i, at) in linkPieces { sentences[at] = LinkSentence.around(pieces, i) }
    }

    /// Bytes of a run as text, line breaks as spaces.
    static func spaced(_ s: ArraySlice<UInt8>) -> String {
        guard !s.isEmpty else { return "" }
        return s.withUnsafeBufferPointer { b in
            String(unsafeUninitializedCapacity: b.count) { out in
                for i in 0..<b.count { out[i] = b[i] == 10 ? 32 : b[i] }
                return b.count
            }
        }
    }
}

/// Exact columns of the `[[` and `[@` openers of a run of text, asked in increasing order: the n-th
/// opener on a line of the text is the n-th opener of that line of the source, at or after where cmark
/// says the text starts. cmark's own columns count bytes and miss the indentation of continuation lines
/// and the backslashes of escapes. Linear over a run; `nil` (the counted column is used) when the
/// source's openers do not line up with the text's (escaped brackets).
private struct OpenerColumns {
    let doc: MarkdownDocument
    let bytes: [UInt8]
    /// cmark's line and byte column of the run's first text.
    let firstStart: (line: Int, column: Int)?
    private var line = 0
    private var failed = false, retried = false
    private var lineTextStart = 0, base = 0
    /// The source line being matched, as byte offsets of `doc.source`.
    private var lineStart = 0, lineEnd = 0
    /// Next offset of the text and of the source to look for openers at.
    private var textScan = 0, sourceScan = 0
    /// Characters before `scalarsAt` on the source line.
    private var scalarsAt = 0, scalars = 0

    init(doc: MarkdownDocument, bytes: [UInt8], firstStart: (line: Int, column: Int)?) {
        self.doc = doc
        self.bytes = bytes
        self.firstStart = firstStart
    }

    private static func isOpener(_ b: [UInt8], _ i: Int, end: Int) -> Bool {
        i + 1 < end && b[i] == 91 && (b[i + 1] == 91 || b[i + 1] == 64)
    }

    mutating func column(at off: Int, line l: Int) -> Int? {
        let text = bytes, src = doc.source
        guard Self.isOpener(text, off, end: text.count) else { return nil }
        if l != line {
            line = l
            failed = false
            retried = false
            let range = doc.lineRange(l)
            (lineStart, lineEnd) = (range.lowerBound, range.upperBound)
            // The text of this line starts after the last line break before `off`.
            var start = off
            while start > 0, text[start - 1] != 10 { start -= 1 }
            lineTextStart = start
            // On the run's first line other inlines may come first: start where cmark puts the text.
            base = lineStart
            if start == 0, let f = firstStart, f.line == l { base = min(lineEnd, lineStart + max(0, f.column - 1)) }
            (textScan, sourceScan) = (start, base)
            (scalarsAt, scalars) = (lineStart, 0)
        }
        if failed { return nil }
        var found: Int?
        while textScan <= off {
            if !Self.isOpener(text, textScan, end: text.count) { textScan += 1; continue }
            var p = sourceScan
            while p < lineEnd, !Self.isOpener(src, p, end: lineEnd) { p += 1 }
            guard p < lineEnd, src[p + 1] == text[textScan + 1] else {
                // cmark's column can also be too far on (a lazy continuation line of a list item):
                // once per line, look again from the last opener before it.
                if retried { failed = true; return nil }
                retried = true
                var back = base - 1
                while back >= lineStart, !Self.isOpener(src, back, end: lineEnd) { back -= 1 }
                if back < lineStart { failed = true; return nil }
                (textScan, sourceScan) = (lineTextStart, back)
                (scalarsAt, scalars) = (lineStart, 0)
                found = nil
                continue
            }
            found = p
            sourceScan = p + 1
            textScan += 1
        }
        guard let p = found else { return nil }
        while scalarsAt < p {
            if src[scalarsAt] & 0xC0 != 0x80 { scalars += 1 }
            scalarsAt += 1
        }
        return scalars + 1
    }
}

/// Unique heading ids for one page: `id`, `id-2`, `id-3` … in linear time, never an id the templates use.
public enum HeadingIDs {
    /// The id of a heading with this text before de-duplication, and the anchor of `[[Page#text]]`:
    /// its slug, or `h-` and its slug when the templates use the slug (`ref-1`, `toc-title`, `m-…`).
    public static func base(_ text: String, markup: any AnnotationMarkup) -> String {
        namespaced(text.anchorSlug, markup)
    }

    static func namespaced(_ id: String, _ markup: any AnnotationMarkup) -> String {
        markup.isReservedID(id) ? "h-" + id : id
    }

    /// The ids of headings with these slugs, in order. The first heading with a given text always gets
    /// its base, so that `[[#text]]` lands on it: a later duplicate never takes another heading's base
    /// (`A`, `A`, `A 2` give `a`, `a-3`, `a-2`).
    static func assign(_ slugs: [String], markup: any AnnotationMarkup) -> [String] {
        let bases = slugs.map { namespaced($0, markup) }
        var used = Set(bases)
        var first = Set<String>()
        var next: [String: Int] = [:]
        return bases.map { base in
            if first.insert(base).inserted { return base }
            // `m` twice gives `m-2`, which is a reserved prefix: such candidates are namespaced too. The
            // markup's reserved ids never start with `h-`, so each candidate is tried once and the loop ends.
            var k = next[base] ?? 2
            var id = namespaced("\(base)-\(k)", markup)
            while used.contains(id) || markup.isReservedID(id) {
                k += 1
                id = namespaced("\(base)-\(k)", markup)
            }
            next[base] = k + 1
            used.insert(id)
            return id
        }
    }
}

/// At most `n` characters of `s` with white space folded, for messages.
public func clip(_ s: String, _ n: Int = 120) -> String {
    var folded = ""
    var space = false
    var count = 0
    for ch in s {
        if ch.isWhitespace { space = true; continue }
        if space && !folded.isEmpty { folded.append(" "); count += 1 }
        space = false
        if count >= n { return folded + "…" }
        folded.append(ch)
        count += 1
    }
    return folded
}

/// Splits text into plain runs, wiki links and citations. Runs in linear time on any input.
public struct AnnotationScanner {
    public enum Token: Equatable {
        case text(Range<Int>)
        case wikiLink(Range<Int>, target: Range<Int>, label: Range<Int>?)
        case citation(Range<Int>, slug: Range<Int>, quote: Range<Int>?)
        case malformedCitation(Range<Int>)
        /// An opening `[[` or `[@` with no close; `what` names the annotation.
        case unclosed(Range<Int>, what: String)
    }

    let b: [UInt8]
    public init(_ bytes: [UInt8]) { b = bytes }

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

    public func scan() -> [Token] {
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

/// Whether bytes hold `[[` or `[@`: each `[` found with `memchr`, then the byte after it looked at.
func holdsAnnotationOpener(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = b.baseAddress else { return false }
    var i = 0
    while i + 1 < b.count {
        guard let p = memchr(base + i, 91, b.count - i - 1) else { return false }
        let k = UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self) - base
        if b[k + 1] == 91 || b[k + 1] == 64 { return true }
        i = k + 1
    }
    return false
}
