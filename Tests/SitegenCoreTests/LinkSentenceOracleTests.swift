import XCTest
@testable import SitegenMarkdown

/// `LinkSentence.around` reads only a window of each text around the link; these tests hold it to the
/// plain version that reads every character, on random sentences with abbreviations, quotes, accents
/// and texts longer and shorter than the limit.
final class LinkSentenceOracleTests: XCTestCase {
    func testWindowedSentenceMatchesTheFullScan() {
        var rng = IncrementalTests.LCG(state: 7)
        let words = ["word", "U.S.", "J.", "é", "Señor", "wall.", "end!", "why?", "“quoted.”", "it’s", "(aside.)", "x", "a", "Ñ", "…", "mid.dot", "  ", "Z.", "q?”"]
        for round in 0..<3000 {
            var pieces: [SentencePiece] = []
            let count = 1 + Int(rng.next() % 6)
            var linkAt: [Int] = []
            for _ in 0..<count {
                switch rng.next() % 4 {
                case 0:
                    linkAt.append(pieces.count)
                    pieces.append(.link(words[Int(rng.next() % UInt64(words.count))]))
                case 1:
                    pieces.append(.cite(Int(rng.next() % 9) + 1))
                default:
                    let n = Int(rng.next() % (rng.next() % 3 == 0 ? 120 : 12))
                    var t = ""
                    for k in 0..<n {
                        if k > 0 || rng.next() % 2 == 0 { t += " " }
                        t += words[Int(rng.next() % UInt64(words.count))]
                    }
                    if rng.next() % 3 == 0 { t += " " }
                    pieces.append(.text(t))
                }
            }
            for i in linkAt {
                XCTAssertEqual(LinkSentence.around(pieces, i), Self.fullScan(pieces, i), "round \(round): \(pieces) at \(i)")
            }
        }
    }

    /// The sentence around `pieces[index]`, every character of every text read.
    static func fullScan(_ pieces: [SentencePiece], _ index: Int) -> LinkSentence {
        typealias Scalars = [Unicode.Scalar]
        let limit = LinkSentence.limit
        func isLower(_ c: Unicode.Scalar) -> Bool { c.value < 128 ? (c.value >= 97 && c.value <= 122) : c.properties.isLowercase }
        func isUpper(_ c: Unicode.Scalar) -> Bool { c.value < 128 ? (c.value >= 65 && c.value <= 90) : c.properties.isUppercase }
        func isEnd(_ chars: Scalars, _ i: Int) -> Bool {
            var k = i
            let c = chars[k]
            let closer = c == "\"" || c == "'" || c == ")" || c == "\u{201D}" || c == "\u{2019}"
            guard closer || c == "." || c == "!" || c == "?" else { return false }
            guard i + 1 < chars.count, chars[i + 1] == " " else { return false }
            if i + 2 < chars.count, isLower(chars[i + 2]) { return false }
            if closer, k > 0 { k -= 1 }
            if chars[k] == ".", k >= 1, isUpper(chars[k - 1]), k < 2 || chars[k - 2] == "." || chars[k - 2] == " " { return false }
            return chars[k] == "." || chars[k] == "!" || chars[k] == "?"
        }
        func string(_ s: Scalars.SubSequence) -> String { var v = String.UnicodeScalarView(); v.append(contentsOf: s); return String(v) }
        func length(_ s: String) -> Int { s.unicodeScalars.count }
        func bytes(_ s: Scalars.SubSequence) -> Int { s.reduce(0) { $0 + UTF8.width($1) } }
        var i = index - 1
        var before: [SentencePiece] = []
        var budget = limit / 2
        while i >= 0, budget > 0 {
            if case let .text(t) = pieces[i] {
                let chars = Array(t.unicodeScalars)
                var cut: Int?
                var k = chars.count - 2
                while k >= 0 { if isEnd(chars, k) { cut = k + 2; break }; k -= 1 }
                var piece = cut.map { String(decoding: t.utf8.dropFirst(bytes(chars[..<$0])), as: UTF8.self) } ?? t
                if length(piece) > budget { piece = "…" + string(Array(piece.unicodeScalars).suffix(max(0, budget))[...]) }
                budget -= length(piece)
                before.append(.text(piece))
                if cut != nil || piece.hasPrefix("…") { break }
            } else {
                before.append(pieces[i])
                if case let .link(l) = pieces[i] { budget -= length(l) }
            }
            i -= 1
        }
        var out: [SentencePiece] = before.reversed()
        out.append(pieces[index])
        budget = limit / 2
        var j = index + 1
        var ended = false
        while j < pieces.count {
            if case let .text(t) = pieces[j] {
                if ended { break }
                let chars = Array(t.unicodeScalars) + [" "]
                var cut: Int?
                for k in chars.indices where isEnd(chars, k) { cut = k + 1; break }
                var piece = cut.map { String(decoding: t.utf8.prefix(bytes(chars[..<$0])), as: UTF8.self) } ?? t
                if length(piece) > budget { piece = string(Array(piece.unicodeScalars).prefix(max(0, budget))[...]) + "…"; ended = true }
                budget -= length(piece)
                out.append(.text(piece))
                if cut != nil { ended = true }
            } else if case .cite = pieces[j] {
                out.append(pieces[j])
            } else {
                if ended || budget <= 0 { break }
                out.append(pieces[j])
                if case let .link(l) = pieces[j] { budget -= length(l) }
            }
            j += 1
        }
        for k in out.indices where k != before.count { if case let .link(t) = out[k] { out[k] = .text(t) } }
        if case let .text(t)? = out.first { out[0] = .text(String(t.drop { $0 == " " })) }
        if case let .text(t)? = out.last { var s = t; while s.hasSuffix(" ") { s.removeLast() }; out[out.count - 1] = .text(s) }
        return LinkSentence(pieces: out.filter { if case let .text(t) = $0 { return !t.isEmpty }; return true })
    }
}
