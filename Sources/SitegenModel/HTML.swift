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
    /// The markup.
    public private(set) var string: String

    public init(stringLiteral value: String) { string = value }
    public init(stringInterpolation: Interpolation) { string = stringInterpolation.out }
    /// Markup that the caller has made safe.
    public init(trusted markup: String) { string = markup }

    public static let empty: HTML = ""
    public var isEmpty: Bool { string.isEmpty }
    public var description: String { string }

    public static func + (a: HTML, b: HTML) -> HTML { HTML(trusted: a.string + b.string) }
    public static func += (a: inout HTML, b: HTML) { a.string += b.string }

    /// Text escaped for HTML text and attribute values.
    public static func text(_ s: String) -> HTML { HTML(trusted: s.htmlEscaped) }

    public struct Interpolation: StringInterpolationProtocol {
        var out: String
        public init(literalCapacity: Int, interpolationCount: Int) {
            out = ""
            out.reserveCapacity(literalCapacity + interpolationCount * 16)
        }
        public mutating func appendLiteral(_ literal: String) { out += literal }
        /// Text: escaped straight into the markup.
        public mutating func appendInterpolation(_ text: String) { out.appendHTMLEscaped(text) }
        /// Optional text: escaped; nothing when `nil`.
        public mutating func appendInterpolation(_ text: String?) {
            if let text { out.appendHTMLEscaped(text) }
        }
        /// Text: escaped.
        public mutating func appendInterpolation<S: StringProtocol>(_ text: S) { out.appendHTMLEscaped(String(text)) }
        /// Optional text: escaped; nothing when `nil`.
        public mutating func appendInterpolation<S: StringProtocol>(_ text: S?) {
            if let text { out.appendHTMLEscaped(String(text)) }
        }
        /// A number with at most `digits` decimals (`FixedPoint`): SVG coordinates.
        public mutating func appendInterpolation(fixed v: Double, _ digits: Int = 1) {
            out += FixedPoint.string(v, digits)
        }
        public mutating func appendInterpolation(_ html: HTML) { out += html.string }
        public mutating func appendInterpolation(_ html: HTML?) { if let html { out += html.string } }
        public mutating func appendInterpolation(_ n: Int) { out += String(n) }
        /// A list of fragments, one after the other.
        public mutating func appendInterpolation<S: Sequence>(_ items: S) where S.Element == HTML {
            for h in items { out += h.string }
        }
    }
}

extension Sequence where Element == HTML {
    /// The fragments joined by `separator`.
    public func joined(separator: HTML = "") -> HTML {
        var out = ""
        // Sized once when the fragments are at hand (a dossier joins a megabyte of sections).
        if let all = self as? [HTML] {
            out.reserveCapacity(all.reduce(0) { $0 + $1.string.utf8.count } + separator.string.utf8.count * Swift.max(0, all.count - 1))
        }
        var first = true
        for h in self {
            if !first { out += separator.string }
            first = false
            out += h.string
        }
        return HTML(trusted: out)
    }
}

extension HTML {
    /// SVG path data built from numbers (`M230 148c-14 0-14-132-28-132`): inserted as it is when it
    /// holds only digits, signs, points, spaces and ASCII letters, else escaped like any text.
    public static func pathData(_ bytes: [UInt8]) -> HTML {
        let plain = bytes.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 32 || $0 == 45 || $0 == 46 || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) }
        let text = String(decoding: bytes, as: UTF8.self)
        return plain ? HTML(trusted: text) : HTML.text(text)
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
        let b = Array(string.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count + b.count / 8)
        func at(_ i: Int, _ word: StaticString) -> Bool {
            let n = word.utf8CodeUnitCount
            guard i + n <= b.count else { return false }
            return word.withUTF8Buffer { w in (0..<n).allSatisfy { b[i + $0] == w[$0] } }
        }
        var i = 0, inTag = false
        while i < b.count {
            let c = b[i]
            if !inTag {
                // Text up to the next tag is copied in one piece.
                guard c == 60 else {
                    var j = i + 1
                    while j < b.count && b[j] != 60 { j += 1 }
                    out += b[i..<j]
                    i = j
                    continue
                }
                out.append(c)
                i += 1
                inTag = true
                // <hN or </hN followed by a space or >: demote the level.
                let h = i < b.count && b[i] == 47 ? i + 1 : i
                if demote > 0, h + 2 < b.count, b[h] == 104, (49...54).contains(b[h + 1]), b[h + 2] == 32 || b[h + 2] == 62 {
                    out += b[i..<(h + 1)]
                    out.append(UInt8(min(54, Int(b[h + 1]) + demote)))
                    i = h + 2
                }
                continue
            }
            if c == 62 { inTag = false } // >
            if c == 32 {
                if at(i, " id=\"") {
                    out += Array(" id=\"".utf8) + prefix
                    i += 5
                    continue
                }
                let attr = at(i, " href=\"") ? 7 : at(i, " src=\"") ? 6 : 0
                if attr > 0 {
                    out += b[i..<(i + attr)]
                    i += attr
                    if i < b.count, b[i] == 35 { // #
                        out.append(35)
                        out += prefix
                        i += 1
                    } else if i < b.count, b[i] != 47, !Self.hasScheme(b[i...]) {
                        out += upBytes
                    }
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return HTML(trusted: String(decoding: out, as: UTF8.self))
    }

    /// Whether a URL starts with a scheme (`https:`, `mailto:`).
    static func hasScheme(_ s: ArraySlice<UInt8>) -> Bool {
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
