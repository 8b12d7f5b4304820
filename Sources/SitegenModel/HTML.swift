import Foundation

/// A piece of HTML. Its string interpolation escapes every `String` and inserts `HTML` as it is, so
/// escaping is the default and raw markup is visible in the types:
///
/// ```swift
/// let row: HTML = "<th>\(label)</th><td>\(valueHTML)</td>"   // label: String is escaped
/// ```
///
/// The literal parts of a template are trusted (they are written in the template's source). Markup
/// from elsewhere enters only through `init(trusted:)`, which the code that sanitises it uses
/// (cmark's safe-mode output); a test keeps that list short.
public struct HTML: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// The markup's UTF-8 bytes. Templates append to one byte buffer per fragment: a third of the
    /// instructions of `String` appends, which check uniqueness, capacity and ASCII flags.
    public private(set) var bytes: [UInt8]

    /// The markup as a string (made from the bytes on each call).
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Literals are `StaticString`s: their UTF-8 bytes are read where the compiler put them.
    public init(stringLiteral value: StaticString) {
        bytes = value.withUTF8Buffer { Array($0) }
    }
    public init(stringInterpolation: Interpolation) { bytes = stringInterpolation.out }
    /// Markup that the caller has made safe.
    public init(trusted markup: String) { bytes = Array(markup.utf8) }
    /// Markup that the caller has made safe, as UTF-8 bytes.
    public init(trusted bytes: [UInt8]) { self.bytes = bytes }

    public static let empty: HTML = ""
    public var isEmpty: Bool { bytes.isEmpty }
    public var description: String { string }

    public static func + (a: HTML, b: HTML) -> HTML { HTML(trusted: a.bytes + b.bytes) }
    public static func += (a: inout HTML, b: HTML) {
        makeRoom(b.bytes.count, in: &a.bytes)
        a.bytes += b.bytes
    }

    /// Room for `n` more bytes in `out`: grown by half again as much as is needed, at least double,
    /// so that markup with several large parts moves its bytes only a few times.
    @inline(__always) static func makeRoom(_ n: Int, in out: inout [UInt8]) {
        if out.capacity - out.count < n { out.reserveCapacity(Swift.max(out.capacity * 2, out.count + n + n / 2 + 64)) }
    }

    /// Text escaped for HTML text and attribute values.
    public static func text(_ s: String) -> HTML {
        var out: [UInt8] = []
        appendEscaped(s, to: &out)
        return HTML(trusted: out)
    }

    /// Appends `s`'s UTF-8 bytes to `out` with one copy (a literal's bytes are read where they are).
    @inline(__always) static func appendUTF8(_ s: String, to out: inout [UInt8]) {
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { out.append(contentsOf: $0) }
        if done == nil { out.append(contentsOf: Array(s.utf8)) }
    }

    /// Appends `text`'s bytes to `out`, escaped for HTML text and double-quoted attribute values;
    /// runs with nothing to escape are copied in one piece.
    public static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { appendEscaped($0, to: &out) }
        if done == nil {
            let copy = Array(text.utf8)
            copy.withUnsafeBufferPointer { appendEscaped($0, to: &out) }
        }
    }

    static func appendEscaped(_ buf: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var start = 0
        for i in 0..<buf.count where isHTMLSpecial(buf[i]) {
            if i > start { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<i])) }
            switch buf[i] {
            case 38: out.append(contentsOf: [38, 97, 109, 112, 59] as [UInt8])          // &amp;
            case 60: out.append(contentsOf: [38, 108, 116, 59] as [UInt8])             // &lt;
            case 62: out.append(contentsOf: [38, 103, 116, 59] as [UInt8])             // &gt;
            case 34: out.append(contentsOf: [38, 113, 117, 111, 116, 59] as [UInt8])   // &quot;
            default: out.append(contentsOf: [38, 35, 51, 57, 59] as [UInt8])           // &#39;
            }
            start = i + 1
        }
        if start < buf.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<buf.count])) }
    }

    public struct Interpolation: StringInterpolationProtocol {
        var out: [UInt8]
        public init(literalCapacity: Int, interpolationCount: Int) {
            out = []
            out.reserveCapacity(literalCapacity + interpolationCount * 32)
        }

        public mutating func appendLiteral(_ literal: StaticString) {
            if literal.hasPointerRepresentation {
                out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
            } else {
                literal.withUTF8Buffer { out.append(contentsOf: $0) }
            }
        }
        /// Text: escaped straight into the markup.
        public mutating func appendInterpolation(_ text: String) { HTML.appendEscaped(text, to: &out) }
        /// Optional text: escaped; nothing when `nil`.
        public mutating func appendInterpolation(_ text: String?) {
            if let text { HTML.appendEscaped(text, to: &out) }
        }
        /// Text: escaped.
        public mutating func appendInterpolation<S: StringProtocol>(_ text: S) { HTML.appendEscaped(String(text), to: &out) }
        /// Optional text: escaped; nothing when `nil`.
        public mutating func appendInterpolation<S: StringProtocol>(_ text: S?) {
            if let text { HTML.appendEscaped(String(text), to: &out) }
        }
        /// A number with at most `digits` decimals (`FixedPoint`): SVG coordinates.
        public mutating func appendInterpolation(fixed v: Double, _ digits: Int = 1) {
            FixedPoint.append(v, digits, to: &out)
        }
        public mutating func appendInterpolation(_ html: HTML) {
            HTML.makeRoom(html.bytes.count, in: &out)
            out.append(contentsOf: html.bytes)
        }
        public mutating func appendInterpolation(_ html: HTML?) { if let html { appendInterpolation(html) } }
        public mutating func appendInterpolation(_ n: Int) { HTML.appendUTF8(String(n), to: &out) }
        /// A list of fragments, one after the other.
        public mutating func appendInterpolation<S: Sequence>(_ items: S) where S.Element == HTML {
            for h in items { appendInterpolation(h) }
        }
    }
}

extension Sequence where Element == HTML {
    /// The fragments joined by `separator`.
    public func joined(separator: HTML = "") -> HTML {
        var out: [UInt8] = []
        // Sized once when the fragments are at hand (a dossier joins a megabyte of sections).
        if let all = self as? [HTML] {
            out.reserveCapacity(all.reduce(0) { $0 + $1.bytes.count } + separator.bytes.count * Swift.max(0, all.count - 1))
        }
        var first = true
        for h in self {
            if !first { out.append(contentsOf: separator.bytes) }
            first = false
            out.append(contentsOf: h.bytes)
        }
        return HTML(trusted: out)
    }
}

extension HTML {
    /// SVG path data built from numbers (`M230 148c-14 0-14-132-28-132`): inserted as it is when it
    /// holds only digits, signs, points, spaces and ASCII letters, else escaped like any text.
    public static func pathData(_ bytes: [UInt8]) -> HTML {
        let plain = bytes.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 32 || $0 == 45 || $0 == 46 || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) }
        return plain ? HTML(trusted: bytes) : HTML.text(String(decoding: bytes, as: UTF8.self))
    }

    /// A `<script type="application/ld+json">` element holding `json`. Every `<` becomes `\u003c`
    /// (the same character to a JSON parser), so the text can never close the script.
    public static func jsonLD(_ json: String) -> HTML {
        let safe = json.utf8.contains(UInt8(ascii: "<")) ? json.replacingOccurrences(of: "<", with: "\\u003c") : json
        return HTML(trusted: "<script type=\"application/ld+json\">" + safe + "</script>")
    }

    /// This markup placed among other pages in a document `up` folders further down (a dossier):
    /// every `id` and in-page `#fragment` link gets `idPrefix`, every relative `href` and `src` starts
    /// with `up` (`../`), and headings go `demote` levels down (at most to `h6`). Only attributes and
    /// tags change: text cannot hold them, since it is escaped. One pass over the bytes.
    public func relocated(idPrefix: String, up: String, demote: Int = 0) -> HTML {
        let prefix = Array(idPrefix.htmlEscaped.utf8), upBytes = Array(up.htmlEscaped.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            let n = b.count
            func at(_ i: Int, _ word: StaticString) -> Bool {
                let len = word.utf8CodeUnitCount
                return i + len <= n && memcmp(base + i, word.utf8Start, len) == 0
            }
            func copy(_ from: Int, _ to: Int) {
                if from < to { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[from..<to])) }
            }
            var i = 0
            while i < n {
                // Text up to the next tag is copied in one piece.
                let j = memchr(base + i, 60, n - i).map { UnsafeRawPointer(base).distance(to: $0) } ?? n
                copy(i, j)
                guard j < n else { break }
                out.append(60)
                i = j + 1
                // <hN or </hN followed by a space or >: demote the level.
                let h = i < n && b[i] == 47 ? i + 1 : i
                if demote > 0, h + 2 < n, b[h] == 104, (49...54).contains(b[h + 1]), b[h + 2] == 32 || b[h + 2] == 62 {
                    copy(i, h + 1)
                    out.append(UInt8(min(54, Int(b[h + 1]) + demote)))
                    i = h + 2
                }
                // Inside the tag: runs up to the next space or `>` are copied as they are.
                while i < n {
                    var k = i
                    while k < n && b[k] != 32 && b[k] != 62 { k += 1 }
                    copy(i, k)
                    i = k
                    guard i < n else { break }
                    if b[i] == 62 {
                        out.append(62)
                        i += 1
                        break
                    }
                    if at(i, " id=\"") {
                        out.append(contentsOf: [32, 105, 100, 61, 34] as [UInt8])
                        out += prefix
                        i += 5
                        continue
                    }
                    let attr = at(i, " href=\"") ? 7 : at(i, " src=\"") ? 6 : 0
                    if attr > 0 {
                        copy(i, i + attr)
                        i += attr
                        if i < n, b[i] == 35 { // #
                            out.append(35)
                            out += prefix
                            i += 1
                        } else if i < n, b[i] != 47, !Self.hasScheme(UnsafeBufferPointer(rebasing: b[i...])) {
                            out += upBytes
                        }
                        continue
                    }
                    out.append(32)
                    i += 1
                }
            }
        }
        return HTML(trusted: out)
    }

    /// Whether a URL starts with a scheme (`https:`, `mailto:`).
    static func hasScheme<C: Collection<UInt8>>(_ s: C) -> Bool {
        var n = 0
        for c in s {
            if c == 58 { return n > 0 } // :
            let letter = (c | 0x20) >= 97 && (c | 0x20) <= 122
            let other = (48...57).contains(c) || c == 43 || c == 45 || c == 46
            if !(letter || (n > 0 && other)) { return false }
            n += 1
        }
        return false
    }
}
