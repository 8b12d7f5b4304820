import Foundation
import SitegenModel

// Full-text search, built at build time and read by `assets/search.js` without a server:
//
//   search/terms.js      every distinct word of the site but numbers, grouped by stem (one group a
//                        line), the kind of each page and the number of postings files; loaded on the
//                        first keystroke
//   search/p-K.js        the postings of the stems whose number modulo the number of files is K, and of
//                        the numbers whose hash modulo the number of files is K: for
//                        each page holding the stem, the page, where the stem is (title, alias,
//                        summary or tags, body) and how often
//   search/d/N.js        page N's title, path, kind, summary and full text, for a result's excerpt;
//                        loaded only for the results shown
//
// All are scripts that assign to a window global, so that search works from `file://` and under any
// sub-folder. The client needs no stemmer: it matches each query word against the vocabulary (exactly,
// by prefix, or within an edit distance) and takes the postings of the matched words' stems.

/// Folding and word splitting, the same as `assets/search.js` does for a query.
public enum SearchText {
    /// Letters are lowercased and lose their diacritics (NFD, marks U+0300–U+036F removed); a word is a
    /// run of letters and digits; a `,` or `.` between two digits is dropped (`18,000` is `18000`);
    /// words of one letter and of more than `maxWordLength` bytes are not words.
    public static let maxWordLength = 40

    /// The words of `text`, in order.
    public static func words(_ text: String) -> [String] {
        var out: [String] = []
        forEachWord(text) { out.append(String(decoding: $0, as: UTF8.self)) }
        return out
    }

    /// The folded form of `text`: what `assets/search.js` compares (lowercase, no diacritics).
    public static func fold(_ text: String) -> String {
        var out: [UInt8] = []
        for s in text.unicodeScalars {
            if s.value < 128 {
                let c = UInt8(s.value)
                out.append(c >= 65 && c <= 90 ? c + 32 : c)
            } else if let f = foldScalar(s) {
                out += f
            } else {
                out += Array(String(s).utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Calls `body` with the UTF-8 bytes of each word of `text`.
    public static func forEachWord(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        text.withUTF8 { split($0, body) }
    }

    /// `forEachWord` over UTF-8 bytes: ASCII (nearly all) at once, other characters decoded. The word
    /// is gathered in a buffer on the stack (a longer word is only counted: it is not a word).
    static func split(_ b: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let cap = maxWordLength
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: cap) { word in
            // `n` bytes so far (only the first `cap` are kept); `last` is the last one.
            var n = 0
            var last: UInt8 = 0
            // A `,` or `.` after a digit, kept until the next character says whether it joins two digits.
            var held = false
            var i = 0
            while i < b.count {
                let c = b[i]
                if c < 128 {
                    i += 1
                    if (c >= 97 && c <= 122) || isDigit(c) {
                        if held && !isDigit(c) { emit(word, &n, body) }
                        held = false
                        if n < cap { word[n] = c }
                        n += 1
                        last = c
                    } else if c >= 65 && c <= 90 {
                        if held { emit(word, &n, body); held = false }
                        if n < cap { word[n] = c + 32 }
                        n += 1
                        last = c + 32
                    } else if (c == 44 || c == 46) && !held && n > 0 && isDigit(last) {
                        held = true
                    } else {
                        emit(word, &n, body)
                        held = false
                    }
                    continue
                }
                // A lead byte and its continuation bytes (the string is valid UTF-8).
                let k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
                var v = UInt32(c) & (k == 4 ? 0x07 : k == 3 ? 0x0F : 0x1F)
                for j in 1..<k where i + j < b.count { v = v << 6 | UInt32(b[i + j] & 0x3F) }
                i += k
                if held { emit(word, &n, body); held = false }
                if let f = Unicode.Scalar(v).flatMap(foldScalar) {
                    for x in f {
                        if n < cap { word[n] = x }
                        n += 1
                        last = x
                    }
                } else {
                    emit(word, &n, body)
                }
            }
            emit(word, &n, body)
        }
    }

    /// Passes the first `n` bytes of `word` to `body` when they are a word, and empties it.
    @inline(__always) static func emit(_ word: UnsafeMutableBufferPointer<UInt8>, _ n: inout Int,
                                       _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard n > 0 else { return }
        if n <= maxWordLength && (n > 1 || isDigit(word[0])) { body(UnsafeBufferPointer(rebasing: word[..<n])) }
        n = 0
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// Inline elements: their tags join the text on both sides (`<em>a</em>b` is `ab`); any other tag
    /// separates it.
    static let inlineTags: Set<UInt64> = Set(["a", "em", "strong", "code", "span", "b", "i", "abbr", "mark", "small", "sub",
                                              "s", "del", "ins", "q", "cite", "time", "kbd", "u", "var", "dfn", "bdi", "bdo"].map(tagKey))
    static let supTag = tagKey("sup")

    /// A tag name of up to 8 letters as a number (lowercase), 0 for a longer one.
    static func tagKey<C: Collection>(_ name: C) -> UInt64 where C.Element == UInt8 {
        guard name.count <= 8 else { return 0 }
        var k: UInt64 = 0
        for c in name { k = k << 8 | UInt64(c >= 65 && c <= 90 ? c + 32 : c) }
        return k
    }
    static func tagKey(_ name: String) -> UInt64 { tagKey(Array(name.utf8)) }

    /// The text of rendered HTML as a reader sees it: tags removed (a block's tag separates words,
    /// an inline one does not), citation marks (`<sup>…</sup>`) left out, white space folded, the
    /// entities that cmark and sitegen write decoded.
    public static func plainText(_ html: String) -> String {
        var html = html
        return html.withUTF8 { b in
            // The text is never longer than the markup: written in place, with no per-byte checks.
            String(unsafeUninitializedCapacity: max(b.count, 1)) { out in
                plainText(b, into: out)
            }
        }
    }

    /// `plainText` of markup.
    public static func plainText(_ html: HTML) -> String {
        html.bytes.withUnsafeBufferPointer { b in
            // The text is never longer than the markup: written in place, with no per-byte checks.
            String(unsafeUninitializedCapacity: max(b.count, 1)) { out in
                plainText(b, into: out)
            }
        }
    }

    /// `plainText` over bytes: writes the text into `out` (as long as `b` at least) and returns its length.
    static func plainText(_ b: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var n = 0
        var space = false
        var i = 0
        func tagName(_ at: Int) -> (name: UInt64, closing: Bool, end: Int) {
            var j = at + 1
            let closing = j < b.count && b[j] == 47
            if closing { j += 1 }
            let start = j
            while j < b.count, (b[j] >= 97 && b[j] <= 122) || (b[j] >= 65 && b[j] <= 90) || (b[j] >= 48 && b[j] <= 57) { j += 1 }
            let name = tagKey(UnsafeBufferPointer(rebasing: b[start..<j]))
            while j < b.count && b[j] != 62 { j += 1 }
            return (name, closing, min(j + 1, b.count))
        }
        func has(_ name: StaticString, at i: Int) -> Bool {
            let len = name.utf8CodeUnitCount
            guard i + len <= b.count else { return false }
            let p = name.utf8Start
            for k in 0..<len where b[i + k] != p[k] { return false }
            return true
        }
        while i < b.count {
            let c = b[i]
            // A run of ordinary text bytes (no tag, entity or white space) is copied as it is.
            if c > 32 && c != 60 && c != 38 {
                if space && n > 0 { out[n] = 32; n += 1 }
                space = false
                repeat {
                    out[n] = b[i]
                    n += 1
                    i += 1
                } while i < b.count && b[i] > 32 && b[i] != 60 && b[i] != 38
                continue
            }
            if c == 60 {
                let t = tagName(i)
                i = t.end
                if t.name == supTag && !t.closing {
                    // Skip to the matching </sup>.
                    var depth = 1
                    while i < b.count && depth > 0 {
                        if b[i] == 60 {
                            let u = tagName(i)
                            if u.name == supTag { depth += u.closing ? -1 : 1 }
                            i = u.end
                        } else {
                            i += 1
                        }
                    }
                    continue
                }
                if !inlineTags.contains(t.name) { space = true }
                continue
            }
            var byte = c
            switch c {
            case 32, 9, 10, 13:
                space = true
                i += 1
                continue
            case 38:
                if has("&quot;", at: i) { byte = 34; i += 6 }
                else if has("&#39;", at: i) { byte = 39; i += 5 }
                else if has("&lt;", at: i) { byte = 60; i += 4 }
                else if has("&gt;", at: i) { byte = 62; i += 4 }
                else if has("&amp;", at: i) { byte = 38; i += 5 }
                else { i += 1 }
            default:
                i += 1
            }
            if space && n > 0 { out[n] = 32; n += 1 }
            space = false
            out[n] = byte
            n += 1
        }
        return n
    }

    /// Folded non-ASCII characters below U+2000, made once.
    static let folded: [[UInt8]?] = (0..<0x2000).map { v in v < 128 ? nil : computeFold(Unicode.Scalar(UInt32(v))) }

    /// The folded bytes of a non-ASCII character: empty for a combining mark U+0300–U+036F, nil for
    /// a character that is not part of a word.
    static func foldScalar(_ s: Unicode.Scalar) -> [UInt8]? {
        s.value < 0x2000 ? folded[Int(s.value)] : computeFold(s)
    }

    static func computeFold(_ s: Unicode.Scalar?) -> [UInt8]? {
        guard let s else { return nil }
        if (0x300...0x36F).contains(s.value) { return [] }
        let stripped = String(String.UnicodeScalarView(String(s).decomposedStringWithCanonicalMapping.unicodeScalars
            .filter { !(0x300...0x36F).contains($0.value) })).lowercased()
        let scalars = stripped.unicodeScalars.filter { !(0x300...0x36F).contains($0.value) }
        guard !scalars.isEmpty, scalars.allSatisfy(isWordScalar) else { return nil }
        return Array(String(String.UnicodeScalarView(scalars)).utf8)
    }

    /// A letter or a digit (JavaScript's `\p{L}` and `\p{N}`).
    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}

/// What search reads of one page.
public struct SearchDocument: Sendable, Hashable {
    public var title: String
    public var aliases: [String]
    public var tags: [String]
    public var summary: String
    /// The page's text: body, facts, events.
    public var text: String
    /// Index into `SearchIndex.kinds`.
    public var kind: Int

    public init(title: String, aliases: [String], tags: [String], summary: String, text: String, kind: Int) {
        (self.title, self.aliases, self.tags, self.summary, self.text, self.kind) = (title, aliases, tags, summary, text, kind)
    }
}

/// The inverted index of the site's text.
public struct SearchIndex: Sendable {
    /// Where a word is on a page, from the best: the whole or most of the title (at most two words),
    /// a short alias, the title, an alias, the summary or a tag, the text.
    public enum Level: UInt8, Sendable {
        case text = 0, summary, alias, title, shortAlias, shortTitle
    }

    /// One stem: the words of the site that stem to it, and the pages holding any of them.
    public struct Group: Sendable, Equatable {
        public var stem: String
        public var words: [String]
        /// Page numbers, ascending.
        public var pages: [Int32]
        /// Per page: `level * 16 + min(count, 15)`.
        public var weights: [UInt8]
    }

    public var kinds: [String]
    public var pageKinds: [Int]
    /// Sorted by stem; a stem's number is its place here. Numbers are not here but in `numbers`.
    public var groups: [Group]
    /// Words of digits only (years, figures, citation numbers: most of the distinct words of a site
    /// with many figures), sorted. They are not in the vocabulary, which they would make several
    /// times bigger: the client finds a number's postings by its hash (`numberShard`).
    public var numbers: [Group] = [] {
        didSet { numbersByShard = Self.bucket(numbers, shardCount) }
    }
    /// For each postings file, the places in `numbers` of the numbers it holds.
    var numbersByShard: [[Int]] = []
    /// Number of postings files: stem `n` is in file `n % shardCount`, number `w` in `numberShard(w)`.
    public var shardCount: Int

    /// The number of postings files for a site of `pages` pages: one per 16 pages (a page holds a few
    /// hundred distinct words, two or three bytes each in a postings list), so that a file stays
    /// around 10 KB whatever the size of the site. Known before the index is built, so that the
    /// files can be listed as outputs first.
    public static func shardCount(pages: Int) -> Int { max(1, min(4096, (pages + 15) / 16)) }

    /// Positions of entries by a 32-bit hash of their key, with linear probing; the caller compares
    /// keys. The partition of a word is its hash modulo 16, so the slot is taken from the higher bits.
    struct PostingTable {
        private var slots = [Int32](repeating: -1, count: 1024)
        private var hashes: [UInt32] = []

        /// The position of the entry with this hash for which `same` holds.
        func find(_ hash: UInt32, _ same: (Int) -> Bool) -> Int? {
            let mask = slots.count - 1
            var s = Int(hash >> 4) & mask
            while slots[s] >= 0 {
                let n = Int(slots[s])
                if hashes[n] == hash && same(n) { return n }
                s = (s + 1) & mask
            }
            return nil
        }

        /// Records entry `n` (the next position) under `hash`.
        mutating func insert(_ hash: UInt32, _ n: Int) {
            hashes.append(hash)
            if hashes.count * 2 > slots.count {
                slots = [Int32](repeating: -1, count: slots.count * 2)
                for (k, h) in hashes.enumerated() { place(h, k) }
            } else {
                place(hash, n)
            }
        }

        private mutating func place(_ hash: UInt32, _ n: Int) {
            let mask = slots.count - 1
            var s = Int(hash >> 4) & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(n)
        }
    }

    /// Builds the index of `count` documents; `document(i)` is called once per page, in parallel.
    public static func build(kinds: [String], count: Int, document: (Int) -> SearchDocument) -> SearchIndex {
        let partitions = 16
        /// A word of a page: its bytes in the page's word arena, its hash and its weight there.
        struct Hit { var start: Int32; var length: Int32; var hash: UInt32; var weight: UInt8 }
        /// A word's pages; the word as bytes too, to compare the hits with (a hit becomes no `String`).
        struct Posting { var word: String; var bytes: [UInt8]; var stem: String; var pages: [Int32]; var weights: [UInt8] }
        final class Partition: @unchecked Sendable {
            /// The words' postings, found through an open-addressing table on the words' FNV hashes
            /// (computed once per page already), so that no word is hashed again.
            var index = PostingTable()
            var list: [Posting] = []
        }
        let states = (0..<partitions).map { _ in Partition() }
        var pageKinds = [Int](repeating: 0, count: count)
        // Pages in batches, so that the words of only one batch are held at a time.
        let batch = 512
        for start in stride(from: 0, to: count, by: batch) {
            let end = min(count, start + batch)
            // 1. Per page (in parallel): its words with their best level and count, split into
            // partitions by a hash of the word, so that the merge can run in parallel too.
            let perPage: [(kind: Int, arena: [UInt8], parts: [[Hit]])] = concurrentMap(end - start) { k in
                let d = document(start + k)
                var found = WordTable(expected: 64 + d.text.utf8.count / 20)
                func short(_ s: String) -> Bool { SearchText.words(s).count <= 2 }
                found.collect(d.title, short(d.title) ? .shortTitle : .title)
                for a in d.aliases { found.collect(a, short(a) ? .shortAlias : .alias) }
                for t in d.tags { found.collect(t, .summary) }
                found.collect(d.summary, .summary)
                found.collect(d.text, .text)
                var parts = [[Hit]](repeating: [], count: partitions)
                found.forEach { start, length, hash, level, count in
                    parts[Int(hash % UInt32(partitions))].append(Hit(start: start, length: length, hash: hash,
                                                                     weight: level * 16 + UInt8(min(count, 15))))
                }
                return (d.kind, found.arena, parts)
            }
            for (k, p) in perPage.enumerated() { pageKinds[start + k] = p.kind }
            // 2. Per partition (in parallel): each word's postings, pages in order.
            _ = concurrentMap(partitions) { part -> Bool in
                // Taken out of the class while they change (a class's properties are checked at
                // each access), put back after.
                let s = states[part]
                var index = s.index, list = s.list
                (s.index, s.list) = (PostingTable(), [])
                for (k, p) in perPage.enumerated() {
                    p.arena.withUnsafeBufferPointer { arena in
                        for hit in p.parts[part] {
                            let w = UnsafeBufferPointer(rebasing: arena[Int(hit.start)..<Int(hit.start + hit.length)])
                            let n = index.find(hit.hash) { n in
                                list[n].bytes.count == w.count
                                    && list[n].bytes.withUnsafeBufferPointer { w.isEmpty || memcmp($0.baseAddress!, w.baseAddress!, w.count) == 0 }
                            } ?? {
                                index.insert(hit.hash, list.count)
                                list.append(Posting(word: String(decoding: w, as: UTF8.self), bytes: Array(w), stem: "", pages: [], weights: []))
                                return list.count - 1
                            }()
                            list[n].pages.append(Int32(start + k))
                            list[n].weights.append(hit.weight)
                        }
                    }
                }
                (s.index, s.list) = (index, list)
                return true
            }
        }
        let merged: [[Posting]] = concurrentMap(partitions) { part in
            var list = states[part].list
            for k in list.indices { list[k].stem = Stemmer.stem(list[k].word) }
            return list
        }

        // 3. Words grouped by stem, their postings merged; sorted, so that the output is deterministic.
        var byStem: [String: [Posting]] = [:]
        for part in merged { for p in part { byStem[p.stem, default: []].append(p) } }
        let keys = byStem.keys.sorted()
        let isNumber = { (w: String) in w.utf8.allSatisfy(SearchText.isDigit) }
        let stems = keys.filter { !isNumber($0) }
        let numbers: [Group] = keys.filter(isNumber).map { w in
            let p = byStem[w]![0]
            return Group(stem: w, words: [w], pages: p.pages, weights: p.weights)
        }
        let groups: [Group] = concurrentMap(stems.count) { n in
            let postings = byStem[stems[n]]!.sorted { $0.word < $1.word }
            if postings.count == 1 {
                let p = postings[0]
                return Group(stem: stems[n], words: [p.word], pages: p.pages, weights: p.weights)
            }
            var pairs: [(Int32, UInt8)] = []
            for p in postings { pairs += zip(p.pages, p.weights) }
            pairs.sort { $0.0 < $1.0 }
            var pages: [Int32] = [], weights: [UInt8] = []
            for (page, w) in pairs {
                if pages.last == page {
                    let old = weights[weights.count - 1]
                    let level = max(old >> 4, w >> 4), n = min(15, Int(old & 15) + Int(w & 15))
                    weights[weights.count - 1] = level << 4 | UInt8(n)
                } else {
                    pages.append(page)
                    weights.append(w)
                }
            }
            return Group(stem: stems[n], words: postings.map(\.word), pages: pages, weights: weights)
        }
        var index = SearchIndex(kinds: kinds, pageKinds: pageKinds, groups: groups, shardCount: shardCount(pages: count))
        index.numbers = numbers
        return index
    }

    /// The distinct words of one page with their best level and count, keyed on their bytes (a word
    /// becomes a `String` only when the index first meets it). Open addressing, FNV-1a hashes.
    struct WordTable {
        /// The words' bytes, one after the other.
        private(set) var arena: [UInt8] = []
        private var slots: [Int32]
        private var words: [(start: Int32, length: Int32, hash: UInt32, level: UInt8, count: Int32)] = []

        init(expected: Int) {
            var size = 64
            while size < expected * 2 { size *= 2 }
            slots = [Int32](repeating: -1, count: size)
            words.reserveCapacity(expected)
        }

        mutating func collect(_ text: String, _ level: Level) {
            let l = level.rawValue
            SearchText.forEachWord(text) { add($0, l) }
        }

        mutating func add(_ w: UnsafeBufferPointer<UInt8>, _ level: UInt8) {
            var h: UInt32 = 2_166_136_261
            for b in w { h = (h ^ UInt32(b)) &* 16_777_619 }
            let mask = slots.count - 1
            var s = Int(h) & mask
            while true {
                let e = Int(slots[s])
                if e < 0 { break }
                let x = words[e]
                if x.hash == h, Int(x.length) == w.count,
                   arena.withUnsafeBufferPointer({ memcmp($0.baseAddress! + Int(x.start), w.baseAddress!, w.count) == 0 }) {
                    words[e].level = max(x.level, level)
                    words[e].count += 1
                    return
                }
                s = (s + 1) & mask
            }
            slots[s] = Int32(words.count)
            words.append((Int32(arena.count), Int32(w.count), h, level, 1))
            arena.append(contentsOf: w)
            if words.count * 2 > slots.count { grow() }
        }

        private mutating func grow() {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            let mask = slots.count - 1
            for (i, x) in words.enumerated() {
                var s = Int(x.hash) & mask
                while slots[s] >= 0 { s = (s + 1) & mask }
                slots[s] = Int32(i)
            }
        }

        /// Each word (in the order first seen): where its bytes are in `arena`, its FNV-1a hash, best
        /// level and count.
        func forEach(_ body: (_ start: Int32, _ length: Int32, _ hash: UInt32, _ level: UInt8, _ count: Int) -> Void) {
            for x in words { body(x.start, x.length, x.hash, x.level, Int(x.count)) }
        }
    }

    /// FNV-1a of the word's bytes: the same on every run, and in `assets/search.js`.
    static func fnv(_ s: String) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for b in s.utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
        return h
    }

    // MARK: files

    /// The 64 digits of the postings code: 5 bits of a number each, the 6th bit set when more follow.
    static let digits = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_".utf8)

    /// `n` in the postings code, least significant 5 bits first.
    static func encode(_ n: Int, into out: inout [UInt8]) {
        var n = n
        while n >= 32 {
            out.append(digits[n & 31 | 32])
            n >>= 5
        }
        out.append(digits[n])
    }

    /// A stem's postings: per page, the gap since the previous page (minus one) and the weight.
    public static func encodePostings(pages: [Int32], weights: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(pages.count * 2)
        var previous = -1
        for (p, w) in zip(pages, weights) {
            encode(Int(p) - previous - 1, into: &out)
            encode(Int(w), into: &out)
            previous = Int(p)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `search/terms.js`: `n` postings files, the `kinds` and the kind of each page (`pk`, one base-36
    /// digit a page), and `t`, one line (`;`-separated) per stem in stem order: the number of pages
    /// holding it in base 36, then its words, separated by spaces.
    public func termsJS() -> String {
        var t = ""
        t.reserveCapacity(groups.count * 16)
        for (n, g) in groups.enumerated() {
            if n > 0 { t += ";" }
            t += String(g.pages.count, radix: 36)
            for w in g.words { t += " "; t += w }
        }
        let pk = String(pageKinds.map { Character(String($0, radix: 36)) })
        return "window.SITEGEN_TERMS={\"v\":1,\"n\":\(shardCount),\"kinds\":[\(kinds.map(SiteViews.json).joined(separator: ","))],"
            + "\"pk\":\"\(pk)\",\"t\":\(SiteViews.json(t))};\n"
    }

    static func bucket(_ numbers: [Group], _ count: Int) -> [[Int]] {
        var out = [[Int]](repeating: [], count: count)
        for (k, g) in numbers.enumerated() { out[numberShard(g.stem, count: count)].append(k) }
        return out
    }

    /// The postings file of a number: FNV-1a of its digits modulo the number of files.
    public static func numberShard(_ word: String, count: Int) -> Int { Int(fnv(word) % UInt32(count)) }

    /// Postings file `shard`: stem number → its postings, and `#` + number → its postings.
    public func shardJS(_ shard: Int) -> String {
        var out = "(window.SITEGEN_POSTINGS=window.SITEGEN_POSTINGS||{})[\(shard)]={"
        var first = true
        var n = shard
        while n < groups.count {
            let g = groups[n]
            out += first ? "" : ","
            out += "\"\(n)\":\"" + Self.encodePostings(pages: g.pages, weights: g.weights) + "\""
            first = false
            n += shardCount
        }
        for k in numbersByShard.isEmpty ? [] : numbersByShard[shard] {
            let g = numbers[k]
            out += first ? "" : ","
            out += "\"#\(g.stem)\":\"" + Self.encodePostings(pages: g.pages, weights: g.weights) + "\""
            first = false
        }
        return out + "};\n"
    }

    public static func shardPath(_ shard: Int) -> String { "search/p-\(shard).js" }
    public static let termsPath = "search/terms.js"
    public static func documentPath(_ page: Int) -> String { "search/d/\(page).js" }

    /// `search/d/N.js`: what a result shows of page N.
    public static func documentJS(page: Int, title: String, path: String, kind: String, summary: String, text: String) -> String {
        "(window.SITEGEN_DOCS=window.SITEGEN_DOCS||{})[\(page)]={\"t\":\(SiteViews.json(title)),\"u\":\(SiteViews.json(path)),"
            + "\"k\":\(SiteViews.json(kind)),\"s\":\(SiteViews.json(summary)),\"x\":\(SiteViews.json(text))};\n"
    }
}
