import Foundation
import XCTest
@testable import SitegenGraph
@testable import SitegenLoad
@testable import SitegenMarkdown
@testable import SitegenModel
@testable import SitegenViews

/// The byte-level text routines that replaced character-by-character ones give the same results as
/// straightforward versions written with Swift's Unicode properties and Foundation.
final class ByteLevelTextTests: XCTestCase {
    /// Strings mixing ASCII, accents, every Unicode white-space character, quotes and emoji.
    func samples() -> [String] {
        let pieces = ["a", "Zé", " ", "  ", "\t", "\n", "\r\n", "\u{85}", "\u{A0}", "\u{1680}", "\u{2000}", "\u{200A}",
                      "\u{200B}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{FEFF}", ".", "U.S.", "”",
                      "’", "\"", "<", "\\", "\u{1F600}", "é", "e\u{301}", "\u{0}", "\u{1F}", "\u{7F}", ",", "x\"y"]
        var rng = SystemRandomNumberGenerator()
        var out = pieces
        for _ in 0..<400 {
            out.append((0..<Int.random(in: 0..<12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined())
        }
        return out
    }

    func testFoldSpaceMatchesUnicodeWhiteSpace() {
        func reference(_ s: String, keepEdges: Bool) -> String {
            var out = String.UnicodeScalarView()
            var space = false
            for ch in s.unicodeScalars {
                if ch.properties.isWhitespace { space = true; continue }
                if space && (keepEdges || !out.isEmpty) { out.append(" ") }
                space = false
                out.append(ch)
            }
            if space && keepEdges && !out.isEmpty { out.append(" ") }
            return String(out)
        }
        for s in samples() {
            XCTAssertEqual(SourceTexts.foldSpace(s, keepEdges: true), reference(s, keepEdges: true), s.debugDescription)
            XCTAssertEqual(SourceTexts.foldSpace(s, keepEdges: false), reference(s, keepEdges: false), s.debugDescription)
        }
    }

    func testJSONStringsParseBackAndHideScriptEnds() throws {
        // Foundation's parser drops a byte-order mark inside a string; the text keeps it.
        for s in samples() where !s.unicodeScalars.contains("\u{FEFF}") {
            let literal = SiteViews.json(s)
            XCTAssertFalse(literal.contains("<"), literal)
            XCTAssertFalse(literal.contains("\u{2028}") || literal.contains("\u{2029}"), literal)
            let parsed = try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
            XCTAssertEqual(parsed, [s], literal)
        }
        // Plain text is read eight bytes at a time: each character that needs care, at every place
        // in a word and after runs of every length.
        for special in ["\"", "\\", "<", "\u{7F}", "\u{1}", "\n", "é", "\u{2028}", "\u{2029}", "\u{2027}", "’"] {
            for before in 0..<18 {
                let s = String(repeating: "a", count: before) + special + String(repeating: "b", count: 17 - before)
                let literal = SiteViews.json(s)
                XCTAssertFalse(literal.contains("<") || literal.contains("\u{2028}") || literal.contains("\u{2029}"), literal)
                XCTAssertFalse(literal.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, literal)
                let parsed = try JSONSerialization.jsonObject(with: Data("[\(literal)]".utf8)) as? [String]
                XCTAssertEqual(parsed, [s], literal)
            }
        }
    }

    func testJSONValueTextParsesAndEqualValuesHashAlike() throws {
        let v = JSONValue.object([("a", .array([.int(-3), .bool(true), .null, .string("x\"<y")])), ("b", .object([]))])
        let parsed = try JSONSerialization.jsonObject(with: Data(v.text.utf8)) as? [String: Any]
        let a = parsed?["a"] as? [Any]
        XCTAssertEqual(a?.count, 4)
        XCTAssertEqual(a?[0] as? Int, -3)
        XCTAssertEqual(a?[1] as? Bool, true)
        XCTAssertTrue(a?[2] is NSNull)
        XCTAssertEqual(a?[3] as? String, "x\"<y")
        let same = JSONValue.object([("a", .array([.int(-3), .bool(true), .null, .string("x\"<y")])), ("b", .object([]))])
        XCTAssertEqual(v, same)
        XCTAssertEqual(v.hashValue, same.hashValue)
        XCTAssertNotEqual(v, JSONValue.object([("b", .object([])), ("a", .null)]))
        XCTAssertNotEqual(JSONValue.string("1"), JSONValue.int(1))
    }

    /// HTML literals are static strings, one character long or longer, alone or around interpolations.
    func testHTMLLiteralsKeepTheirBytes() {
        let one: HTML = "<", none: HTML = "", accented: HTML = "<p>é “x”</p>", emoji: HTML = "\u{1F600}"
        XCTAssertEqual([one.string, none.string, accented.string, emoji.string], ["<", "", "<p>é “x”</p>", "\u{1F600}"])
        let text = "a&b", inner: HTML = "<b>é</b>"
        let h: HTML = "<\(text)>\(inner)é\(1)"
        XCTAssertEqual(h.string, "<a&amp;b><b>é</b>é1")
    }

    func testCSVRecordsQuoteOnlyWhatNeedsIt() {
        XCTAssertEqual(SiteViews.csvRecord(["plain", "a,b", "say \"hi\"", "line\nbreak", "", "é"]),
                       "plain,\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",,é\r\n")
    }

    func testPathDataIsInsertedOnlyWhenItIsNumbers() {
        XCTAssertEqual(HTML.pathData(Array("M230 148c-14 0-14.5-132-28-132".utf8)).string, "M230 148c-14 0-14.5-132-28-132")
        XCTAssertEqual(HTML.pathData(Array("M1 2\"/><script>".utf8)).string, "M1 2&quot;/&gt;&lt;script&gt;")
    }

    /// Fixed-point numbers for SVG and figures: trailing zeros dropped, no `-0`, and huge or
    /// non-finite values written as Swift writes them.
    func testFixedPointNumbers() {
        let cases: [(Double, Int, String)] = [(0, 1, "0"), (12.5, 1, "12.5"), (12.04, 1, "12"), (-3, 1, "-3"), (-0.04, 1, "0"),
                                              (0.25, 2, "0.25"), (1234567.891, 2, "1234567.89"), (5, 0, "5"), (-2.96, 1, "-3"),
                                              (1e20, 1, String(1e20)), (.infinity, 1, "inf"), (-.infinity, 2, "-inf")]
        for (v, d, want) in cases {
            XCTAssertEqual(FixedPoint.string(v, d), want, "\(v) with \(d)")
            var bytes: [UInt8] = [120]
            FixedPoint.append(v, d, to: &bytes)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "x" + want)
        }
        XCTAssertEqual(FixedPoint.string(.nan, 1), "nan")
    }

    func testPaddedMatchesFormat() {
        for (n, w) in [(0, 4), (7, 2), (12, 2), (2024, 4), (123_456, 4), (-5, 3)] {
            XCTAssertEqual(PartialDate.padded(n, w), String(format: "%0\(w)d", n))
        }
    }

    func testDisagreementBoxesAreFoundInAnyCase() {
        XCTAssertTrue(PageResolution.mayHoldDisagreement("x\n> [!DISAGREEMENT] y"))
        XCTAssertTrue(PageResolution.mayHoldDisagreement("> [!Disagreement]"))
        XCTAssertFalse(PageResolution.mayHoldDisagreement("> [!NOTE] disagreement"))
        XCTAssertFalse(PageResolution.mayHoldDisagreement("[!disagreement"))
        XCTAssertFalse(PageResolution.mayHoldDisagreement(""))
    }
    /// Control characters found eight bytes at a time, as by a scan of every byte: C0 bytes other
    /// than tab and line feed, DEL, and C1 characters (`C2 80` to `C2 9F`) at every place in a word
    /// and across words.
    func testControlCharactersAreFoundAsByAByteScan() {
        func plain(_ b: [UInt8]) -> Bool {
            var previous: UInt8 = 0
            for c in b {
                if (c < 0x20 && c != 0x09 && c != 0x0A) || c == 0x7F || (previous == 0xC2 && c >= 0x80 && c <= 0x9F) { return true }
                previous = c
            }
            return false
        }
        let alphabet: [[UInt8]] = [[0x61], [0x20], [0x09], [0x0A], [0x0D], [0x1F], [0x00], [0x7F], [0x7E], [0xC2, 0x80], [0xC2, 0x9F],
                                   [0xC2, 0xA0], [0xC3, 0xA9], [0xE2, 0x80, 0x9C], [0x80], [0x9F]]
        var state: UInt64 = 42
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        for _ in 0..<20000 {
            var b: [UInt8] = []
            // Mostly letters, so that most words have no control character at all.
            for _ in 0..<(next() % 40) { b += next() % 4 == 0 ? alphabet[next() % alphabet.count] : [0x61] }
            let found = b.withUnsafeBufferPointer { ContentLoader.hasControlCharacter($0) }
            XCTAssertEqual(found, plain(b), "\(b)")
        }
    }
}
