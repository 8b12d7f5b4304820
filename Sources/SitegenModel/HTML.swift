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
        var first = true
        for h in self {
            if !first { out += separator.string }
            first = false
            out += h.string
        }
        return HTML(trusted: out)
    }
}
