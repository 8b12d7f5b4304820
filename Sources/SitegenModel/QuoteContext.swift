/// A verified quote in its place in the source document, as the document writes it (its own quotes,
/// dashes and spelling; white space folded): the words before it, the quote, and the words after it,
/// about a sentence on each side, never across page furniture.
public struct QuoteContext: Sendable, Hashable {
    public var before: String
    public var quote: String
    public var after: String
    public init(before: String, quote: String, after: String) {
        self.before = before
        self.quote = quote
        self.after = after
    }

    /// A text fragment (`#:~:text=start,end`) that finds the quote in the published document: the
    /// whole quote when it is short, else its first and last words. `url`'s own fragment is dropped.
    public static func textFragmentURL(_ url: String, quote: String) -> String {
        let base = url.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? url
        let words = quote.split(whereSeparator: { $0.isWhitespace })
        guard !words.isEmpty else { return base }
        let directive: String
        if words.count <= 8 {
            directive = percentEncode(words.joined(separator: " "))
        } else {
            directive = percentEncode(words.prefix(4).joined(separator: " ")) + "," + percentEncode(words.suffix(4).joined(separator: " "))
        }
        return base + "#:~:text=" + directive
    }

    /// Every byte but ASCII letters and digits percent-encoded (`-`, `,` and `&` have a meaning in a
    /// text directive).
    public static func percentEncode(_ s: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in s.utf8 {
            if (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) {
                out.append(b)
            } else {
                out += [37, hex[Int(b >> 4)], hex[Int(b & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
