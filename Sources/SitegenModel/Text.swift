import Foundation

extension String {
    /// Escaped for HTML text and double-quoted attribute values.
    public var htmlEscaped: String {
        var needs = false
        for u in utf8 where u == 38 || u == 60 || u == 62 || u == 34 || u == 39 { needs = true; break }
        guard needs else { return self }
        var out = ""
        out.reserveCapacity(utf8.count + 16)
        for c in unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Escaped for XML text (sitemap).
    var xmlEscaped: String { htmlEscaped }

    /// A URL fragment made from heading text: `Legal challenges` → `legal-challenges`.
    public var anchorSlug: String {
        let folded = utf8.allSatisfy({ $0 < 128 }) ? lowercased() : folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        var out = ""
        var dash = false
        for c in folded.unicodeScalars {
            if c.isASCII, c.properties.isAlphabetic || ("0"..."9").contains(c) {
                if dash && !out.isEmpty { out += "-" }
                dash = false
                out.unicodeScalars.append(c)
            } else {
                dash = true
            }
        }
        return out.isEmpty ? "section" : out
    }
}

/// Checks URLs that would be unsafe in an `href` or `src`.
enum URLSafety {
    static func isDangerous(_ url: String) -> Bool {
        let u = url.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .filter { !$0.isWhitespace && $0 != "\0" }
        return u.hasPrefix("javascript:") || u.hasPrefix("vbscript:") || u.hasPrefix("file:") || u.hasPrefix("data:")
    }
}

extension StringProtocol where UTF8View: BidirectionalCollection {
    /// `trimmingCharacters(in: .whitespaces)` (tab and the Unicode space separators), without
    /// Foundation's bridging.
    var trimmedWhitespace: String {
        // Nothing to trim: the first and last bytes are ASCII and not blank.
        if let f = utf8.first, let l = utf8.last, f < 128, l < 128, f != 32, f != 9, l != 32, l != 9 { return String(self) }
        if utf8.isEmpty { return "" }
        func isSpace(_ s: Unicode.Scalar) -> Bool {
            s.value == 32 || s.value == 9 || (s.value >= 128 && s.properties.generalCategory == .spaceSeparator)
        }
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[start..<end])
        return String(out)
    }
}
