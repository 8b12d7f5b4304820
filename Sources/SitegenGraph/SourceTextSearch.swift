import CCmark
import Foundation
import SitegenModel

/// One source document, searchable for quotes (`sitegen quote`): its text normalised as quote checks
/// normalise it (white space folded, typographic quotes and dashes made plain, page furniture a
/// barrier), with the document line each byte comes from, so that a match is shown in its lines.
public struct SourceTextSearch {
    /// The document's lines as written.
    public let lines: [String]
    /// Normalised text, as `SourceTexts` keeps it (byte 1 is a barrier).
    let text: [UInt8]
    /// `text` with ASCII letters in lower case, for searching regardless of case.
    let folded: [UInt8]
    /// 0-based line of each byte of `text`.
    let lineOf: [Int32]

    /// A passage of the document: `quote` is its exact normalised text (what a citation may quote), on
    /// lines `firstLine...lastLine` (1-based).
    public struct Passage: Equatable, Sendable {
        public var quote: String
        public var firstLine: Int
        public var lastLine: Int
    }

    public init(text document: String, pageHeaders: [String] = []) {
        let headers = Set(pageHeaders.map { SourceTexts.normalize($0) })
        var out: [UInt8] = [], lineOf: [Int32] = []
        let lines = document.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (i, line) in lines.enumerated() {
            // The same steps as `SourceTexts.add`, so that a passage found here verifies there.
            let n = SourceTexts.normalize(line)
            if headers.contains(n) || (!n.isEmpty && n.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }) {
                out.append(1)
                lineOf.append(Int32(i))
                continue
            }
            if !n.isEmpty {
                if let last = out.last, last != 32, last != 1 {
                    out.append(32)
                    lineOf.append(Int32(i))
                }
                out.append(contentsOf: n.utf8)
                lineOf.append(contentsOf: repeatElement(Int32(i), count: n.utf8.count))
            }
        }
        self.lines = lines
        text = out
        folded = out.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        self.lineOf = lineOf
    }

    static func fold(_ s: String) -> [UInt8] {
        SourceTexts.normalize(s).utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
    }

    /// Every place `words` occur, ignoring case, white space and the forms of quotes and dashes; at
    /// most `limit`, in document order.
    public func find(_ words: String, limit: Int = 20) -> [Passage] {
        let q = Self.fold(words)
        guard !q.isEmpty else { return [] }
        var out: [Passage] = []
        var from = 0
        folded.withUnsafeBytes { hay in
            q.withUnsafeBytes { needle in
                while out.count < limit, from + q.count <= hay.count,
                      let p = sitegen_memmem(hay.baseAddress! + from, hay.count - from, needle.baseAddress, needle.count) {
                    let at = hay.baseAddress!.distance(to: UnsafeRawPointer(p))
                    out.append(passage(at..<(at + q.count)))
                    from = at + 1
                }
            }
        }
        return out
    }

    /// Passages close to `words` when none matches: the one that failing quotes show (sharing the
    /// longest start or end with the words), then the lines sharing the most of their words.
    public func closest(_ words: String, limit: Int = 3) -> [Passage] {
        var out: [Passage] = []
        let q = Self.fold(words)
        guard !q.isEmpty else { return [] }
        let near = SourceTexts().closestPassage(q, in: folded)
        // The matcher's passage, found again (up to any barrier) to know its place and its letters' case.
        if let piece = near.split(separator: "|").map({ Array($0.utf8) }).max(by: { $0.count < $1.count }), piece.count > 0,
           let at = SourceTexts.find(piece, in: folded) {
            out.append(passage(at..<(at + piece.count)))
        }
        // Lines by the number of the words' distinct words (of three letters or more) they hold.
        let wanted = Set(String(decoding: q, as: UTF8.self).split { !$0.isLetter && !$0.isNumber }.filter { $0.count >= 3 }.map(String.init))
        guard !wanted.isEmpty else { return out }
        var scored: [(score: Int, line: Int)] = []
        for (i, line) in lines.enumerated() {
            let have = Set(String(decoding: Self.fold(line), as: UTF8.self).split { !$0.isLetter && !$0.isNumber }.map(String.init))
            let score = wanted.intersection(have).count
            if score * 2 >= wanted.count, score > 0 { scored.append((score, i)) }
        }
        scored.sort { ($0.score, -$0.line) > ($1.score, -$1.line) }
        for s in scored where out.count < limit {
            let line = s.line + 1
            guard !out.contains(where: { $0.firstLine <= line && line <= $0.lastLine }) else { continue }
            let n = SourceTexts.normalize(lines[s.line])
            out.append(Passage(quote: n, firstLine: line, lastLine: line))
        }
        return out
    }

    private func passage(_ r: Range<Int>) -> Passage {
        let slice = text[r].map { $0 == 1 ? UInt8(ascii: "|") : $0 }
        return Passage(quote: String(decoding: slice, as: UTF8.self),
                       firstLine: Int(lineOf[r.lowerBound]) + 1, lastLine: Int(lineOf[r.upperBound - 1]) + 1)
    }
}
