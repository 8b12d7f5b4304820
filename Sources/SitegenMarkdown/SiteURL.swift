import Foundation

/// The URL of a plain Markdown link or image that points inside the site: `../countries/mexico/`,
/// `/actors/amlo/`, `mexico.md`, `#legal-challenges`, `../assets/map.png`. URLs with a scheme
/// (`https:`, `mailto:`) or a host (`//example.org`) are external and make no `SiteURL`.
public struct SiteURL: Sendable, Hashable {
    /// The URL as written.
    public var raw: String
    /// The path, percent-decoded; "" for a link to the same page (`#anchor`, `?query`).
    public var path: String
    public var query: String?
    /// The part after `#`, percent-decoded.
    public var fragment: String?
    /// Whether the fragment is an id the templates give (`#references`, `#ref-2`): it is not a heading.
    public var fragmentIsTemplateID = false

    public init?(_ url: String) {
        let u = url.trimmingCharacters(in: .whitespaces)
        guard !u.isEmpty, !u.hasPrefix("//"), !Self.hasScheme(u) else { return nil }
        raw = url
        var rest = Substring(u)
        if let hash = rest.firstIndex(of: "#") {
            let f = String(rest[rest.index(after: hash)...])
            fragment = f.removingPercentEncoding ?? f
            rest = rest[..<hash]
        }
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        path = String(rest).removingPercentEncoding ?? String(rest)
    }

    /// `scheme:` as RFC 3986 has it: a letter, then letters, digits, `+`, `-` or `.`, then `:`.
    static func hasScheme(_ u: String) -> Bool {
        var first = true
        for c in u.utf8 {
            if c == 58 { return !first }
            let letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
            if first {
                guard letter else { return false }
                first = false
            } else if !(letter || (c >= 48 && c <= 57) || c == 43 || c == 45 || c == 46) {
                return false
            }
        }
        return false
    }
}
