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
    public var xmlEscaped: String { htmlEscaped }

    /// A URL fragment made from heading text: `Legal challenges` → `legal-challenges`. Other scripts
    /// are transliterated (`Москва` → `moskva`); text with no letters or digits at all (emoji) gets an
    /// id made of its code points (`🎉` → `u1f389`), so that different headings get different ids.
    public var anchorSlug: String {
        var folded = utf8.allSatisfy({ $0 < 128 }) ? lowercased() : folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        if !folded.utf8.allSatisfy({ $0 < 128 }), let latin = folded.applyingTransform(.toLatin, reverse: false) {
            folded = latin.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        }
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
        if out.isEmpty {
            let points = unicodeScalars.filter { !$0.properties.isWhitespace }.prefix(8)
            if points.isEmpty { return "section" }
            return "u" + points.map { String($0.value, radix: 16) }.joined(separator: "-")
        }
        return out
    }
}

/// Checks URLs that would be unsafe in an `href` or `src`.
public enum URLSafety {
    /// `javascript:`, `vbscript:`, `file:` and `data:` URLs.
    public static func isDangerous(_ url: String) -> Bool {
        let u = url.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            .filter { !$0.isWhitespace && $0 != "\0" }
        return u.hasPrefix("javascript:") || u.hasPrefix("vbscript:") || u.hasPrefix("file:") || u.hasPrefix("data:")
    }
}

extension StringProtocol where UTF8View: BidirectionalCollection {
    /// `trimmingCharacters(in: .whitespaces)` (tab and the Unicode space separators), without
    /// Foundation's bridging.
    public var trimmedWhitespace: String {
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
