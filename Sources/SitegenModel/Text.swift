import Foundation

/// Bytes that HTML text and double-quoted attribute values escape: `"` `&` `'` `<` `>` (all below 64).
@usableFromInline let htmlSpecialMask: UInt64 = (1 << 34) | (1 << 38) | (1 << 39) | (1 << 60) | (1 << 62)

/// Eight bytes at a time (SWAR): a word of bytes, and tests that mark bytes of it with their high
/// bit. A test may also mark bytes after a marked one (borrows carry), never miss one: a scan passes a
/// word with no mark at once and reads a marked word byte by byte.
public enum ByteWords {
    public static let ones: UInt64 = 0x0101_0101_0101_0101
    public static let high: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `offset` (any alignment), the first in the lowest bits.
    @inlinable public static func load(_ raw: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Marks the bytes that are zero.
    @inlinable public static func zero(_ w: UInt64) -> UInt64 { (w &- ones) & ~w & high }

    /// Marks the bytes equal to `b`.
    @inlinable public static func equal(_ w: UInt64, _ b: UInt8) -> UInt64 { zero(w ^ (ones &* UInt64(b))) }

    /// Marks the bytes below `n` (at most 0x80); bytes of 0x80 and more are not marked.
    @inlinable public static func below(_ w: UInt64, _ n: UInt8) -> UInt64 { (w &- ones &* UInt64(n)) & ~w & high }

    /// Marks the bytes of 0x80 and more (the bytes of a multi-byte UTF-8 character).
    @inlinable public static func nonASCII(_ w: UInt64) -> UInt64 { w & high }
}

@inline(__always) @usableFromInline func isHTMLSpecial(_ b: UInt8) -> Bool {
    b < 64 && (htmlSpecialMask >> UInt64(b)) & 1 != 0
}

extension String {
    /// Escaped for HTML text and double-quoted attribute values. Works on bytes: the five characters
    /// it escapes are ASCII, and every other byte is copied as it is.
    public var htmlEscaped: String {
        var copy = self
        return copy.withUTF8 { Self.htmlEscaped($0) } ?? self
    }

    /// The escaped text of `buf`, or `nil` when nothing needs escaping.
    static func htmlEscaped(_ buf: UnsafeBufferPointer<UInt8>) -> String? {
        var extra = 0
        for b in buf where isHTMLSpecial(b) {
            switch b {
            case 38, 39: extra += 4    // &amp; &#39;
            case 60, 62: extra += 3    // &lt; &gt;
            default: extra += 5        // &quot;
            }
        }
        guard extra > 0 else { return nil }
        return String(unsafeUninitializedCapacity: buf.count + extra) { out in
            var j = 0
            @inline(__always) func put(_ s: StaticString) {
                s.withUTF8Buffer { e in
                    for c in e { out[j] = c; j += 1 }
                }
            }
            for b in buf {
                if isHTMLSpecial(b) {
                    switch b {
                    case 38: put("&amp;")
                    case 60: put("&lt;")
                    case 62: put("&gt;")
                    case 34: put("&quot;")
                    default: put("&#39;")
                    }
                } else {
                    out[j] = b
                    j += 1
                }
            }
            return j
        }
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
        // Letters and digits among ASCII bytes (every byte of a longer character is 128 or more).
        var bytes: [UInt8] = []
        var dash = false
        for c in folded.utf8 {
            if (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) {
                if dash && !bytes.isEmpty { bytes.append(45) }
                dash = false
                bytes.append(c)
            } else {
                dash = true
            }
        }
        let out = String(decoding: bytes, as: UTF8.self)
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

/// Fixed-point numbers for SVG coordinates and figures: deterministic across platforms, and written
/// digit by digit instead of through `String(Int64)` and string concatenation.
public enum FixedPoint {
    /// `v` with at most `digits` decimals, trailing zeros removed: `12.5`, `-3`, `0.25`.
    public static func string(_ v: Double, _ digits: Int = 1) -> String {
        // On the stack: no array is allocated for a number (maps write hundreds of thousands).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buf in
            let n = write(v, digits, into: buf)
            return String(decoding: UnsafeBufferPointer(rebasing: buf[..<n]), as: UTF8.self)
        }
    }

    /// Appends `string(v, digits)`'s bytes to `out`.
    public static func append(_ v: Double, _ digits: Int = 1, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buf in
            let n = write(v, digits, into: buf)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[..<n]))
        }
    }

    /// Writes `string(v, digits)`'s bytes at the start of `buf` (40 bytes at least); returns their count.
    static func write(_ v: Double, _ digits: Int, into buf: UnsafeMutableBufferPointer<UInt8>) -> Int {
        guard v.isFinite, (abs(v) * pow10(digits)).rounded() < 9e15 else {
            // `inf`, `nan` and numbers too large for 16 digits, as Swift writes them.
            let text = Array(String(v).utf8)
            let n = min(text.count, buf.count)
            for k in 0..<n { buf[k] = text[k] }
            return n
        }
        return writeFixed(v, digits, into: buf)
    }

    static func pow10(_ digits: Int) -> Double {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return scale
    }

    static func writeFixed(_ v: Double, _ digits: Int, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let digits = min(max(digits, 0), 18)
        let scaled = (abs(v) * pow10(digits)).rounded()
        let n = UInt64(scaled)
        var unit: UInt64 = 1
        for _ in 0..<digits { unit *= 10 }
        var whole = n / unit
        var frac = n % unit
        // At most 16 digits, a sign, a point and `digits` decimals, written from the end of a scratch
        // area, then moved to the front.
        var end = out.count
        if digits > 0 && frac != 0 {
            var d = digits
            while frac % 10 == 0 { frac /= 10; d -= 1 }
            while d > 0 {
                end -= 1; out[end] = 48 + UInt8(frac % 10)
                frac /= 10; d -= 1
            }
            end -= 1; out[end] = 46
        }
        repeat {
            end -= 1; out[end] = 48 + UInt8(whole % 10)
            whole /= 10
        } while whole > 0
        if v < 0 && n != 0 { end -= 1; out[end] = 45 }
        let count = out.count - end
        for k in 0..<count { out[k] = out[end + k] }
        return count
    }
}
