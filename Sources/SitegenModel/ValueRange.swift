/// The range of values a figure's text allows: `370000` is exactly that, `more than 370,000` is at
/// least it, `up to 20 billion` at most it, `about 8000` within 10 % of it, `4 to 12 billion` between
/// the two. Two figures disagree only when their ranges do not overlap.
public struct ValueRange: Sendable, Hashable {
    public var low: Double
    public var high: Double

    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }

    public func overlaps(_ other: ValueRange) -> Bool { low <= other.high && other.low <= high }

    /// The range a figure's value text states, or `nil` when it is not a number with known qualifiers.
    public init?(text: String) {
        var t = text.lowercased().trimmedWhitespace
        for (from, to) in [("\u{2013}", " to "), ("\u{2014}", " to "), (",", ""), ("$", ""), ("%", ""), ("\"", "")] {
            t = t.replacingOccurrences(of: from, with: to)
        }
        let lowerBounds = ["more than ", "over ", "at least ", "above ", "upwards of "]
        let upperBounds = ["up to ", "at most ", "under ", "fewer than ", "less than ", "hardly ", "nearly ", "almost ", "below "]
        let approximate = ["about ", "around ", "roughly ", "some ", "approximately ", "approx. ", "circa ", "an estimated ", "estimated "]
        var kind = 0  // 0 exact, 1 at least, 2 at most, 3 about
        for (k, words) in [(1, lowerBounds), (2, upperBounds), (3, approximate)] {
            if let w = words.first(where: { t.hasPrefix($0) }) {
                kind = k
                t = String(t.dropFirst(w.count)).trimmedWhitespace
                break
            }
        }
        if let r = t.range(of: " to ") {
            let a = String(t[..<r.lowerBound]), b = String(t[r.upperBound...])
            // "4 to 12 billion": the scale word of the upper end applies to both.
            guard let hi = Self.number(b) else { return nil }
            let scale = Self.scale(of: b)
            guard let lo = Self.number(a) else { return nil }
            let loScaled = Self.scale(of: a) == 1 ? lo * scale : lo
            self.init(low: min(loScaled, hi), high: max(loScaled, hi))
            return
        }
        guard let n = Self.number(t) else { return nil }
        switch kind {
        case 1: self.init(low: n, high: .infinity)
        case 2: self.init(low: -.infinity, high: n)
        case 3: self.init(low: n * 0.9, high: n * 1.1)
        default: self.init(low: n, high: n)
        }
    }

    static let scales: [(String, Double)] = [("trillion", 1e12), ("billion", 1e9), ("bn", 1e9), ("million", 1e6), ("m", 1e6), ("thousand", 1e3), ("k", 1e3)]

    static func scale(of s: String) -> Double {
        guard let w = s.split(separator: " ").last else { return 1 }
        return scales.first { $0.0 == w }?.1 ?? 1
    }

    /// `2.6 million` → 2_600_000; `half a million` → 500_000; plain digits; nil otherwise.
    static func number(_ s: String) -> Double? {
        let t = s.trimmedWhitespace
        if t.hasPrefix("half a ") { return number("0.5 " + t.dropFirst("half a ".count)) }
        let words = t.split(separator: " ")
        guard let first = words.first, words.count <= 2 else { return nil }
        var digits = String(first)
        var multiplier = 1.0
        if let (suffix, v) = scales.first(where: { first.hasSuffix($0.0) && first.count > $0.0.count }),
           Double(first.dropLast(suffix.count)) != nil {
            digits = String(first.dropLast(suffix.count))
            multiplier = v
        }
        guard digits.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 46 }), let n = Double(digits), n.isFinite else { return nil }
        if words.count == 2 {
            guard let v = scales.first(where: { $0.0 == words[1] })?.1 else { return nil }
            multiplier = v
        }
        return n * multiplier
    }
}
