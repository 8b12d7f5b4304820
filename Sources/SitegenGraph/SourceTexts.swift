import CCmark
import Foundation
import SitegenLoad
import SitegenModel

/// What one build keeps of the source documents for the next: the bytes they were normalised from.
public final class SourceTextsCache: @unchecked Sendable {
    var sourceDocuments: [String: Data] = [:]
    var sourceTexts: SourceTexts?
    public init() {}
}

/// The source documents, normalised for quote checking.
///
/// White space runs become one space; typographic quotes and dashes become their ASCII forms.
/// Page furniture (lines listed in a source's `page_headers`, and lines holding only a page number)
/// becomes a barrier that no quote can span.
public struct SourceTexts: Sendable, Hashable {
    /// Normalised text per document file name.
    private var texts: [String: [UInt8]] = [:]
    /// The documents as written, and for each byte of the normalised text the offset in them of the
    /// character it comes from: quotes are shown in context from the original (`context(of:in:)`).
    var originals: [String: [UInt8]] = [:]
    var offsets: [String: [Int32]] = [:]

    public init() {}

    /// The largest source document read; a device or named pipe is never read.
    static let maxDocumentSize = 256 << 20

    /// Loads the documents that `sources` name from `folder`; unreadable documents are errors on the source page.
    public static func load(folder: URL, sources: [Page], cache: SourceTextsCache? = nil) -> (SourceTexts, [Diagnostic]) {
        var st = SourceTexts()
        var diags: [Diagnostic] = []
        // Checks of the pages themselves come first, so that a reused text never hides them.
        for page in sources {
            guard let doc = page.meta.document else { continue }
            if doc.value.contains("/") || doc.value.hasPrefix(".") {
                diags.append(.error(page.displayPath, doc.location, "`document` must be a file name in the source-texts folder, not a path"))
            }
        }
        // Reuse the last normalised texts when every document and its page headers are unchanged.
        var inputs: [String: Data] = [:]
        for page in sources where cache != nil {
            guard let doc = page.meta.document?.value, !doc.contains("/"), !doc.hasPrefix(".") else { continue }
            let data = (try? SiteConfig.readRegularFile(folder.appendingPathComponent(doc).path, limit: maxDocumentSize).get()) ?? Data()
            inputs[doc + "\u{1}" + page.meta.pageHeaders.joined(separator: "\u{1}")] = data
        }
        if let cache, let cached = cache.sourceTexts, cache.sourceDocuments == inputs,
           inputs.values.allSatisfy({ !$0.isEmpty }) {
            return (cached, diags)
        }
        defer {
            if let cache, diags.isEmpty {
                cache.sourceDocuments = inputs
                cache.sourceTexts = st
            }
        }
        // Documents read, decoded and normalised in parallel; added in the pages' order.
        enum Loaded { case none, problem(Diagnostic), text(String, [UInt8], [Int32], [UInt8]) }
        let loaded: [Loaded] = concurrentMap(sources.count) { i in
            let page = sources[i]
            guard let doc = page.meta.document else { return .none }
            if doc.value.contains("/") || doc.value.hasPrefix(".") { return .none }
            let url = folder.appendingPathComponent(doc.value)
            let data: Data
            switch SiteConfig.readRegularFile(url.path, limit: maxDocumentSize) {
            case let .success(d): data = d
            case .failure(.missing):
                return .problem(.error(page.displayPath, doc.location, "source document `\(doc.value)` not found in \(folder.path)"))
            case let .failure(problem):
                return .problem(.error(page.displayPath, doc.location, problem.message(what: "source document `\(doc.value)`", limit: "256 MB")))
            }
            guard case let .success(text) = TextDecoding.decode(data) else {
                return .problem(.error(page.displayPath, doc.location, "source document `\(doc.value)` is not UTF-8 text"))
            }
            let n = normalised(text, pageHeaders: page.meta.pageHeaders)
            return .text(doc.value, n.text, n.offsets, Array(text.utf8))
        }
        for l in loaded {
            switch l {
            case .none: break
            case let .problem(d): diags.append(d)
            case let .text(doc, text, offsets, original):
                st.texts[doc] = text
                st.offsets[doc] = offsets
                st.originals[doc] = original
            }
        }
        return (st, diags)
    }

    public mutating func add(document: String, text: String, pageHeaders: [String] = []) {
        let n = Self.normalised(text, pageHeaders: pageHeaders)
        texts[document] = n.text
        originals[document] = Array(text.utf8)
        offsets[document] = n.offsets
    }

    /// A document's normalised text (page furniture as barrier bytes) and, for each of its bytes, the
    /// offset in the original text of the character it comes from.
    static func normalised(_ text: String, pageHeaders: [String]) -> (text: [UInt8], offsets: [Int32]) {
        let headers = Set(pageHeaders.map { Self.normalize($0) })
        var out: [UInt8] = []
        var map: [Int32] = []
        var lineStart = 0
        // Lines end at each line feed byte (a CRLF line keeps its CR, which normalising drops as space).
        let utf8 = text.utf8
        var from = utf8.startIndex
        var more = true
        while more {
            let end = utf8[from...].firstIndex(of: 10) ?? utf8.endIndex
            let line = Substring(utf8[from..<end])
            more = end != utf8.endIndex
            if more { from = utf8.index(after: end) }
            let (n, lineMap) = Self.normalizeMapped(line, base: lineStart)
            let lineBreak = Int32(max(0, lineStart - 1))
            lineStart += line.utf8.count + 1
            if (!n.isEmpty && n.allSatisfy { $0 >= 48 && $0 <= 57 }) || (!headers.isEmpty && headers.contains(String(decoding: n, as: UTF8.self))) {
                out.append(1)  // barrier
                map.append(Int32(lineStart - line.utf8.count - 1))
            } else if !n.isEmpty {
                if let last = out.last, last != 32, last != 1 {
                    out.append(32)
                    map.append(lineBreak)
                }
                out.append(contentsOf: n)
                map.append(contentsOf: lineMap)
            }
        }
        return (out, map)
    }

    /// `normalize` of one line, with the offset (from `base`) of the character each byte comes from.
    static func normalizeMapped(_ line: Substring, base: Int) -> ([UInt8], [Int32]) {
        var out: [UInt8] = [], map: [Int32] = []
        var space = false
        var spaceAt: Int32 = 0
        var offset = base
        for u in line.unicodeScalars {
            let at = Int32(offset)
            offset += UTF8.width(u)
            var v = u.value
            switch v {
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032: v = 39
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033: v = 34
            case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212: v = 45
            case 0x00A0, 0x2007, 0x202F: v = 32
            default: break
            }
            let isSpace = v < 128 ? (v == 32 || (v >= 9 && v <= 13)) : u.properties.isWhitespace
            if isSpace {
                if !space { spaceAt = at }
                space = true
                continue
            }
            if space && !out.isEmpty {
                out.append(32)
                map.append(spaceAt)
            }
            space = false
            if v < 128 {
                out.append(UInt8(v))
                map.append(at)
            } else {
                UTF8.encode(u) { out.append($0); map.append(at) }
            }
        }
        return (out, map)
    }

    public func has(_ document: String) -> Bool { texts[document] != nil }

    /// Changes whenever any document's normalised text changes.
    public var fingerprint: Int {
        var h = Hasher()
        for k in texts.keys.sorted() {
            h.combine(k)
            h.combine(texts[k]!)
        }
        return h.finalize()
    }

    public enum Match: Equatable {
        case found
        case notFound(closest: String)
    }

    /// Whether `quote` is an excerpt of `document`.
    public func verify(_ quote: String, in document: String) -> Match? {
        check(quote, in: document, context: false).map(\.match)
    }

    /// Whether `quote` is an excerpt of `document` and, when it is and `context` is asked, the quote in
    /// its place in the original text.
    public func check(_ quote: String, in document: String, context: Bool = true) -> (match: Match, context: QuoteContext?)? {
        guard let text = texts[document] else { return nil }
        // Byte 1 marks page furniture in the normalised texts: a quote holding it (or any other
        // control character) could match across a page header. Such a quote matches nothing.
        if ControlCharacters.first(in: quote) != nil { return (.notFound(closest: ""), nil) }
        let q = Array(Self.normalize(quote).utf8)
        if q.isEmpty { return (.notFound(closest: ""), nil) }
        if let at = Self.find(q, in: text) {
            return (.found, context ? self.context(at..<(at + q.count), in: document) : nil)
        }
        return (.notFound(closest: closestPassage(q, in: text)), nil)
    }

    /// The words before and after a verified quote, from its document: the rest of its sentence and,
    /// when that is short, one more sentence, at most about `limit` characters a side.
    public func context(of quote: String, in document: String) -> QuoteContext? {
        check(quote, in: document)?.context
    }

    func context(_ r: Range<Int>, in document: String, limit: Int = 240) -> QuoteContext? {
        guard let text = texts[document], let map = offsets[document], let original = originals[document],
              r.upperBound <= text.count, !r.isEmpty else { return nil }
        let n = text.count
        func endsSentence(_ k: Int) -> Bool {
            guard k >= 0 else { return false }
            let c = text[k]
            // `U.S.` and `J.` are not the end of a sentence.
            if c == 46, k >= 1, text[k - 1] >= 65, text[k - 1] <= 90, k < 2 || text[k - 2] == 46 || text[k - 2] == 32 { return false }
            if c == 46 || c == 33 || c == 63 { return true }
            if (c == 34 || c == 39 || c == 41), k >= 1 { return [46, 33, 63].contains(text[k - 1]) }
            return false
        }
        /// Whether a sentence begins at `j` (a boundary between `j - 1` and `j`).
        func boundary(_ j: Int) -> Bool {
            if j <= 0 || j >= n { return true }
            if text[j - 1] == 1 || text[j] == 1 { return true }
            // A sentence starts with a capital, a digit or a quote, not a lower-case letter.
            return text[j - 1] == 32 && !(text[j] >= 97 && text[j] <= 122) && endsSentence(j - 2)
        }
        func start(_ i: Int) -> Int {
            var j = max(0, i)
            while !boundary(j) { j -= 1 }
            return j
        }
        func end(_ i: Int) -> Int {
            var j = min(n, i)
            while !boundary(j) { j += 1 }
            return j
        }
        var a = start(r.lowerBound)
        if r.lowerBound - a < 60, a > 0, text[a - 1] != 1 { a = start(a - 1) }
        var b = end(r.upperBound)
        if b - r.upperBound < 60, b < n, text[b] != 1 { b = end(b + 1) }
        // Original offsets: where normalised byte `k` starts, and where the character before `k` ends.
        func from(_ k: Int) -> Int { k < n ? Int(map[k]) : original.count }
        func upTo(_ k: Int) -> Int {
            guard k > 0 else { return 0 }
            let at = Int(map[k - 1])
            let lead = original[at]
            let width = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            return min(original.count, at + width)
        }
        func slice(_ x: Int, _ y: Int) -> String {
            guard x < y else { return "" }
            return String(decoding: original[x..<y], as: UTF8.self)
        }
        let qa = from(r.lowerBound), qb = upTo(r.upperBound)
        let before = Self.foldSpace(slice(from(a), qa), keepEdges: true)
        let after = Self.foldSpace(slice(qb, upTo(b)), keepEdges: true)
        return QuoteContext(before: Self.clip(before, limit, fromEnd: true), quote: Self.foldSpace(slice(qa, qb), keepEdges: false),
                            after: Self.clip(after, limit, fromEnd: false))
    }

    /// White space runs as one space; without `keepEdges`, none at either end.
    static func foldSpace(_ s: String, keepEdges: Bool) -> String {
        var s = s
        return s.withUTF8 { b in
            var out: [UInt8] = []
            out.reserveCapacity(b.count)
            var space = false
            var i = 0
            while i < b.count {
                let w = whiteSpaceWidth(b, i)
                if w > 0 { space = true; i += w; continue }
                if space && (keepEdges || !out.isEmpty) { out.append(32) }
                space = false
                out.append(b[i])
                i += 1
            }
            if space && keepEdges && !out.isEmpty { out.append(32) }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The length in bytes of the white-space character (Unicode `White_Space`) at `i`, or 0.
    @inline(__always) static func whiteSpaceWidth(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let c = b[i]
        if c < 0x80 { return c == 32 || (c >= 9 && c <= 13) ? 1 : 0 }
        let n = b.count - i
        switch c {
        case 0xC2 where n >= 2: return b[i + 1] == 0x85 || b[i + 1] == 0xA0 ? 2 : 0
        case 0xE1 where n >= 3: return b[i + 1] == 0x9A && b[i + 2] == 0x80 ? 3 : 0
        case 0xE2 where n >= 3:
            let (x, y) = (b[i + 1], b[i + 2])
            if x == 0x80 && (y <= 0x8A || y == 0xA8 || y == 0xA9 || y == 0xAF) && y >= 0x80 { return 3 }
            return x == 0x81 && y == 0x9F ? 3 : 0
        case 0xE3 where n >= 3: return b[i + 1] == 0x80 && b[i + 2] == 0x80 ? 3 : 0
        default: return 0
        }
    }

    /// At most about `n` characters, cut at a space, with `…` where it was cut.
    static func clip(_ s: String, _ n: Int, fromEnd: Bool) -> String {
        guard s.count > n else { return s }
        if fromEnd {
            var tail = String(s.suffix(n))
            if let sp = tail.firstIndex(of: " ") { tail = String(tail[sp...]) }
            return "…" + tail
        }
        var head = String(s.prefix(n))
        if let sp = head.lastIndex(of: " ") { head = String(head[..<sp]) }
        return head + "…"
    }

    /// The passage of `text` that shares the longest prefix or suffix with `q`.
    func closestPassage(_ q: [UInt8], in text: [UInt8]) -> String {
        func longest(_ probe: (Int) -> [UInt8]) -> (len: Int, pos: Int) {
            var lo = 0, hi = q.count, best = (0, 0)
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if let p = Self.find(probe(mid), in: text) { best = (mid, p); lo = mid } else { hi = mid - 1 }
            }
            return best
        }
        let pre = longest { Array(q[..<$0]) }
        let suf = longest { Array(q[(q.count - $0)...]) }
        var start: Int
        if pre.len >= suf.len { start = pre.pos } else { start = max(0, suf.pos + suf.len - q.count) }
        // A few shared letters say nothing: require a real run of the quote.
        if max(pre.len, suf.len) < min(12, max(1, q.count / 2)) { return "" }
        start = max(0, min(start, text.count))
        var end = min(text.count, start + q.count + 20)
        // Widen to UTF-8 character boundaries.
        while start > 0, text[start] & 0xC0 == 0x80 { start -= 1 }
        while end < text.count, text[end] & 0xC0 == 0x80 { end += 1 }
        let slice = text[start..<end].map { $0 == 1 ? UInt8(ascii: "|") : $0 }
        return String(decoding: slice, as: UTF8.self)
    }

    static func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        if needle.isEmpty { return 0 }
        return hay.withUnsafeBytes { h in
            needle.withUnsafeBytes { n in
                guard let p = sitegen_memmem(h.baseAddress, h.count, n.baseAddress, n.count) else { return nil }
                return h.baseAddress!.distance(to: UnsafeRawPointer(p))
            }
        }
    }

    /// The normal form used on both sides of a comparison.
    public static func normalize(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var space = false
        for u in s.unicodeScalars {
            var v = u.value
            switch v {
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032: v = 39 // '
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033: v = 34 // "
            case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212: v = 45 // -
            case 0x00A0, 0x2007, 0x202F: v = 32
            default: break
            }
            let isSpace = v < 128 ? (v == 32 || (v >= 9 && v <= 13)) : u.properties.isWhitespace
            if isSpace {
                space = true
                continue
            }
            if space && !out.isEmpty { out.append(32) }
            space = false
            if v < 128 {
                out.append(UInt8(v))
            } else {
                UTF8.encode(u) { out.append($0) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
