/// An English suffix stemmer for search: Porter's algorithm (M. F. Porter, "An algorithm for suffix
/// stripping", 1980), with one change: a final `-er` goes when the rest has at least one vowel-consonant
/// sequence (Porter asks for two), so that agent nouns meet their verb (`smugglers`, `smuggler`,
/// `smuggling` and `smuggled` all stem to `smuggl`). Words stem to the same string when they are forms of
/// one word; the stem itself need not be a word.
///
/// Works on lowercase ASCII letters; any other word (digits, accented letters left after folding) is its
/// own stem, and so is a word of three letters or fewer (Porter would make `one` into `on`).
public enum Stemmer {
    public static func stem(_ word: String) -> String {
        let bytes = Array(word.utf8)
        guard bytes.count > 3, bytes.allSatisfy({ $0 >= 97 && $0 <= 122 }) else { return word }
        var w = Word(bytes)
        w.step1a(); w.step1b(); w.step1c(); w.step2(); w.step3(); w.step4(); w.step5()
        return String(decoding: w.b, as: UTF8.self)
    }

    struct Word {
        var b: [UInt8]
        init(_ b: [UInt8]) { self.b = b }

        /// Whether the letter at `i` is a consonant (`y` is one after a vowel or at the start).
        func cons(_ i: Int) -> Bool {
            switch b[i] {
            case 97, 101, 105, 111, 117: return false
            case 121: return i == 0 ? true : !cons(i - 1)
            default: return true
            }
        }

        /// m: the number of vowel-consonant sequences in the first `n` letters.
        func measure(_ n: Int) -> Int {
            var m = 0, i = 0
            while i < n && cons(i) { i += 1 }
            while i < n {
                while i < n && !cons(i) { i += 1 }
                guard i < n else { break }
                while i < n && cons(i) { i += 1 }
                m += 1
            }
            return m
        }

        func hasVowel(_ n: Int) -> Bool { (0..<n).contains { !cons($0) } }

        /// The first `n` letters end in a double consonant.
        func doubleCons(_ n: Int) -> Bool { n >= 2 && b[n - 1] == b[n - 2] && cons(n - 1) }

        /// The first `n` letters end consonant-vowel-consonant, the last not w, x or y.
        func cvc(_ n: Int) -> Bool {
            guard n >= 3, cons(n - 1), !cons(n - 2), cons(n - 3) else { return false }
            let c = b[n - 1]
            return c != 119 && c != 120 && c != 121
        }

        func ends(_ s: String) -> Bool {
            let u = Array(s.utf8)
            return b.count >= u.count && Array(b[(b.count - u.count)...]) == u
        }

        /// Replaces suffix `s` by `r` when the stem before it has measure above `minM`; true when `s` matched.
        mutating func replace(_ s: String, _ r: String, minM: Int) -> Bool {
            guard ends(s) else { return false }
            let n = b.count - s.utf8.count
            if measure(n) > minM { b = Array(b[..<n]) + Array(r.utf8) }
            return true
        }

        mutating func step1a() {
            if ends("sses") { b.removeLast(2) }
            else if ends("ies") { b.removeLast(2) }
            else if ends("ss") { }
            else if ends("s") { b.removeLast() }
        }

        mutating func step1b() {
            if ends("eed") {
                if measure(b.count - 3) > 0 { b.removeLast() }
                return
            }
            var cut = 0
            if ends("ed") && hasVowel(b.count - 2) { cut = 2 }
            else if ends("ing") && hasVowel(b.count - 3) { cut = 3 }
            guard cut > 0 else { return }
            b.removeLast(cut)
            if ends("at") || ends("bl") || ends("iz") {
                b.append(101)
            } else if doubleCons(b.count), ![108, 115, 122].contains(b[b.count - 1]) {
                b.removeLast()
            } else if measure(b.count) == 1 && cvc(b.count) {
                b.append(101)
            }
        }

        mutating func step1c() {
            if ends("y") && hasVowel(b.count - 1) { b[b.count - 1] = 105 }
        }

        static let step2List: [(String, String)] = [
            ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
            ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"),
            ("ization", "ize"), ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"),
            ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"), ("logi", "log"),
        ]
        static let step3List: [(String, String)] = [
            ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
        ]
        static let step4List = [
            "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism",
            "ate", "iti", "ous", "ive", "ize",
        ]

        static let step2Longest = step2List.sorted { ($0.0.count, $1.0) > ($1.0.count, $0.0) }
        static let step4Longest = step4List.sorted { ($0.count, $1) > ($1.count, $0) }

        mutating func step2() {
            // Longest match first among suffixes ending alike: the list is tried in an order where a
            // suffix never precedes a longer one it ends.
            for (s, r) in Self.step2Longest where replace(s, r, minM: 0) { return }
        }

        mutating func step3() {
            for (s, r) in Self.step3List where replace(s, r, minM: 0) { return }
        }

        mutating func step4() {
            for s in Self.step4Longest where ends(s) {
                let n = b.count - s.utf8.count
                if s == "ion" {
                    if measure(n) > 1, n > 0, b[n - 1] == 115 || b[n - 1] == 116 { b.removeLast(3) }
                } else if measure(n) > (s == "er" ? 0 : 1) {
                    b.removeLast(s.utf8.count)
                }
                return
            }
        }

        mutating func step5() {
            if ends("e") {
                let n = b.count - 1
                let m = measure(n)
                if m > 1 || (m == 1 && !cvc(n)) { b.removeLast() }
            }
            if measure(b.count) > 1 && doubleCons(b.count) && b[b.count - 1] == 108 { b.removeLast() }
        }
    }
}
