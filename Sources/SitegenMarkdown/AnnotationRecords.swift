import SitegenModel

/// A piece of the sentence around a wiki link: text, the label of a wiki link, or a citation mark's
/// number in the page's References.
public enum SentencePiece: Sendable, Hashable {
    case text(String)
    case link(String)
    case cite(Int)
}

/// The sentence a wiki link stands in, as the pass saw it: the evidence shown under "Referenced by"
/// on the page it links to. At most `LinkSentence.limit` characters of text.
public struct LinkSentence: Sendable, Hashable {
    public var pieces: [SentencePiece]
    public init(pieces: [SentencePiece]) { self.pieces = pieces }

    /// The longest sentence kept, in characters; longer ones are cut around the link with `…`.
    public static let limit = 320

    /// The plain text (labels included, marks left out).
    public var text: String {
        pieces.map { p -> String in
            switch p {
            case let .text(t), let .link(t): return t
            case .cite: return ""
            }
        }.joined()
    }

    /// The citation numbers in the sentence.
    public var citations: [Int] {
        pieces.compactMap { if case let .cite(n) = $0 { return n }; return nil }
    }

    /// The sentence around `pieces[index]` (a `.link`): back to the end of the sentence before, on to
    /// the end of its own (citation marks right after it included).
    /// The first `n` characters of `t` (all when it has no more), and whether they are all of `t`.
    static func head(_ t: String, _ n: Int) -> ([Unicode.Scalar], Bool) {
        var t = t
        return t.withUTF8 { b in
            // The end of the n-th character: the start of the next one, or the end.
            var i = 0, count = 0
            while i < b.count {
                if b[i] & 0xC0 != 0x80 {
                    if count == n { break }
                    count += 1
                }
                i += 1
            }
            return (scalars(UnsafeBufferPointer(rebasing: b[..<i])), i == b.count)
        }
    }

    /// The characters (Unicode scalars) of valid UTF-8 bytes; ASCII at once.
    static func scalars(_ b: UnsafeBufferPointer<UInt8>) -> [Unicode.Scalar] {
        if b.allSatisfy({ $0 < 128 }) { return b.map { Unicode.Scalar($0) } }
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(b.count)
        var it = b.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&it) {
            case let .scalarValue(c): out.append(c)
            case .emptyInput: return out
            case .error: out.append("\u{FFFD}")
            }
        }
    }

    static func around(_ pieces: [SentencePiece], _ index: Int) -> LinkSentence {
        // Unicode scalars rather than characters: the marks looked for are single scalars, and
        // scalars need no grapheme breaking (this runs once per link).
        typealias Scalars = [Unicode.Scalar]
        func isLower(_ c: Unicode.Scalar) -> Bool {
            c.value < 128 ? (c.value >= 97 && c.value <= 122) : c.properties.isLowercase
        }
        func isUpper(_ c: Unicode.Scalar) -> Bool {
            c.value < 128 ? (c.value >= 65 && c.value <= 90) : c.properties.isUppercase
        }
        func isEnd(_ chars: Scalars, _ i: Int) -> Bool {
            // `.`, `!` or `?` (maybe closed by a quote or bracket) followed by a space.
            var k = i
            let c = chars[k]
            let closer = c == "\"" || c == "'" || c == ")" || c == "\u{201D}" || c == "\u{2019}"
            guard closer || c == "." || c == "!" || c == "?" else { return false }
            guard i + 1 < chars.count, chars[i + 1] == " " else { return false }
            if i + 2 < chars.count, isLower(chars[i + 2]) { return false }
            if closer, k > 0 { k -= 1 }
            // `U.S.` and `J.` are not the end of a sentence.
            if chars[k] == ".", k >= 1, isUpper(chars[k - 1]), k < 2 || chars[k - 2] == "." || chars[k - 2] == " " { return false }
            return chars[k] == "." || chars[k] == "!" || chars[k] == "?"
        }
        func string(_ s: Scalars.SubSequence) -> String {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: s)
            return String(v)
        }
        func length(_ s: String) -> Int {
            var s = s
            return s.withUTF8 { b in b.reduce(0) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 } }
        }
        func bytes(_ s: Scalars.SubSequence) -> Int { s.reduce(0) { $0 + UTF8.width($1) } }
        /// The last `n` characters of `t` (all when it has no more), the byte offset where they
        /// start, and whether they are all of `t`.
        func tail(_ t: String, _ n: Int) -> (Scalars, Int, Bool) {
            var t = t
            return t.withUTF8 { b in
                var i = b.count, count = 0
                while i > 0 && count < n {
                    i -= 1
                    if b[i] & 0xC0 != 0x80 { count += 1 }
                }
                return (Self.scalars(UnsafeBufferPointer(rebasing: b[i...])), i, i == 0)
            }
        }
        var out: [SentencePiece] = []
        // Backwards to the start of the sentence.
        var i = index - 1
        var before: [SentencePiece] = []
        var budget = limit / 2
        while i >= 0, budget > 0 {
            if case let .text(t) = pieces[i] {
                // Only the last `budget` characters can be kept: a sentence end further back gives
                // the same cut text as none. The window has six more, for the look-behind of `isEnd`.
                let (chars, offset, whole) = tail(t, budget + 6)
                var cut: Int?
                var k = chars.count - 2
                let lowest = whole ? 0 : 4
                while k >= lowest {
                    if isEnd(chars, k) { cut = k + 2; break }
                    k -= 1
                }
                var piece: String
                if let cut {
                    piece = String(decoding: t.utf8.dropFirst(offset + bytes(chars[..<cut])), as: UTF8.self)
                    if length(piece) > budget { piece = "…" + string(Array(piece.unicodeScalars).suffix(max(0, budget))[...]) }
                } else if !whole {
                    piece = "…" + string(chars.suffix(max(0, budget)))
                } else {
                    piece = t
                    if length(piece) > budget { piece = "…" + string(chars.suffix(max(0, budget))) }
                }
                budget -= length(piece)
                before.append(.text(piece))
                if cut != nil || piece.hasPrefix("…") { break }
            } else {
                before.append(pieces[i])
                if case let .link(l) = pieces[i] { budget -= length(l) }
            }
            i -= 1
        }
        out = before.reversed()
        out.append(pieces[index])
        // Forwards to the end of the sentence, then any marks that follow it.
        budget = limit / 2
        var j = index + 1
        var ended = false
        while j < pieces.count {
            if case let .text(t) = pieces[j] {
                if ended { break }
                // Only the first `budget` characters can be kept: the window has three more, for
                // the look-ahead of `isEnd`; the space after the text only when it is all there.
                let (head, whole) = Self.head(t, max(0, budget) + 3)
                let chars = whole ? head + [" "] : head
                var cut: Int?
                for k in 0..<(whole ? chars.count : min(chars.count, max(0, budget))) where isEnd(chars, k) {
                    cut = k + 1
                    break
                }
                var piece: String
                if let cut {
                    piece = String(decoding: t.utf8.prefix(bytes(chars[..<cut])), as: UTF8.self)
                } else if !whole {
                    piece = string(chars.prefix(max(0, budget))) + "…"
                    ended = true
                } else {
                    piece = t
                }
                if length(piece) > budget { piece = string(Array(piece.unicodeScalars).prefix(max(0, budget))[...]) + "…"; ended = true }
                budget -= length(piece)
                out.append(.text(piece))
                if cut != nil { ended = true }
            } else if case .cite = pieces[j] {
                out.append(pieces[j])
            } else {
                if ended || budget <= 0 { break }
                out.append(pieces[j])
                if case let .link(l) = pieces[j] { budget -= length(l) }
            }
            j += 1
        }
        // Only the link itself stays a link; other links are text.
        for k in out.indices where k != before.count {
            if case let .link(t) = out[k] { out[k] = .text(t) }
        }
        // Trim white space at both ends.
        if case let .text(t)? = out.first { out[0] = .text(String(t.drop { $0 == " " })) }
        if case let .text(t)? = out.last {
            var s = t
            while s.hasSuffix(" ") { s.removeLast() }
            out[out.count - 1] = .text(s)
        }
        return LinkSentence(pieces: out.filter { if case let .text(t) = $0 { return !t.isEmpty }; return true })
    }
}

/// A callout box the pass recorded: its kind, the heading it sits under, the numbers of the citations
/// inside it, and its rendered HTML (with links as the pass's handler made them).
public struct CalloutRecord: Sendable, Hashable {
    public var kind: Callout
    public var heading: Heading?
    public var citations: [Int]
    public var html: HTML
    /// The box's line in the file.
    public var line: Int
}
