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
        /// Text: escaped.
        public mutating func appendInterpolation<S: StringProtocol>(_ text: S) { out += String(text).htmlEscaped }
        /// Optional text: escaped; nothing when `nil`.
        public mutating func appendInterpolation<S: StringProtocol>(_ text: S?) {
            if let text { out += String(text).htmlEscaped }
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
    /// A `<script type="application/ld+json">` element holding `json`. Every `<` becomes `\u003c`
    /// (the same character to a JSON parser), so the text can never close the script.
    public static func jsonLD(_ json: String) -> HTML {
        HTML(trusted: "<script type=\"application/ld+json\">" + json.replacingOccurrences(of: "<", with: "\\u003c") + "</script>")
    }

    /// This markup placed among other pages in a document `up` folders further down (a dossier):
    /// every `id` and in-page `#fragment` link gets `idPrefix`, every relative `href` and `src` starts
    /// with `up` (`../`), and headings go `demote` levels down (at most to `h6`). Only attributes and
    /// tags change: text cannot hold them, since it is escaped.
    public func relocated(idPrefix: String, up: String, demote: Int = 0) -> HTML {
        let prefix = idPrefix.htmlEscaped, upText = up.htmlEscaped
        var out = ""
        out.reserveCapacity(string.utf8.count + 256)
        var rest = Substring(string)
        while let lt = rest.firstIndex(of: "<") {
            out += rest[..<lt]
            guard let gt = rest[lt...].firstIndex(of: ">") else { break }
            var tag = String(rest[lt...gt])
            rest = rest[rest.index(after: gt)...]
            if demote > 0, tag.count >= 3 {
                let chars = Array(tag)
                let close = chars[1] == "/"
                let at = close ? 2 : 1
                if chars.count > at + 1, chars[at] == "h", let n = chars[at + 1].wholeNumberValue, (1...6).contains(n),
                   chars.count == at + 2 || chars[at + 2] == " " || chars[at + 2] == ">" {
                    tag = String(chars[..<(at + 1)]) + String(min(6, n + demote)) + String(chars[(at + 2)...])
                }
            }
            tag = tag.replacingOccurrences(of: " id=\"", with: " id=\"" + prefix)
            for attr in [" href=\"", " src=\""] {
                var t = ""
                var r = Substring(tag)
                while let a = r.range(of: attr) {
                    t += r[..<a.upperBound]
                    r = r[a.upperBound...]
                    if r.hasPrefix("#") {
                        t += "#" + prefix
                        r = r.dropFirst()
                    } else if !r.hasPrefix("/"), !Self.hasScheme(r) {
                        t += upText
                    }
                }
                tag = t + r
            }
            out += tag
        }
        out += rest
        return HTML(trusted: out)
    }

    /// Whether a URL starts with a scheme (`https:`, `mailto:`).
    static func hasScheme(_ s: Substring) -> Bool {
        for (n, c) in s.enumerated() {
            if c == ":" { return n > 0 }
            if !(c.isASCII && (c.isLetter || (n > 0 && (c.isNumber || c == "+" || c == "-" || c == ".")))) { return false }
        }
        return false
    }
}
