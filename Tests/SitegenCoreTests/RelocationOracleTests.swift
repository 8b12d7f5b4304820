import Foundation
import XCTest
@testable import SitegenModel

/// `HTML.relocated` (a dossier's ids, links and headings) gives the bytes of the byte-at-a-time
/// scan it replaced, kept here as the reference, on random markup.
final class RelocationOracleTests: XCTestCase {
    static func reference(_ markup: HTML, idPrefix: String, up: String, demote: Int = 0) -> HTML {
        let prefix = Array(idPrefix.htmlEscaped.utf8), upBytes = Array(up.htmlEscaped.utf8)
        let b = markup.bytes
        var out: [UInt8] = []
        out.reserveCapacity(b.count + b.count / 8)
        func at(_ i: Int, _ word: StaticString) -> Bool {
            let n = word.utf8CodeUnitCount
            guard i + n <= b.count else { return false }
            return word.withUTF8Buffer { w in (0..<n).allSatisfy { b[i + $0] == w[$0] } }
        }
        var i = 0, inTag = false
        while i < b.count {
            let c = b[i]
            if !inTag {
                // Text up to the next tag is copied in one piece.
                guard c == 60 else {
                    var j = i + 1
                    while j < b.count && b[j] != 60 { j += 1 }
                    out += b[i..<j]
                    i = j
                    continue
                }
                out.append(c)
                i += 1
                inTag = true
                // <hN or </hN followed by a space or >: demote the level.
                let h = i < b.count && b[i] == 47 ? i + 1 : i
                if demote > 0, h + 2 < b.count, b[h] == 104, (49...54).contains(b[h + 1]), b[h + 2] == 32 || b[h + 2] == 62 {
                    out += b[i..<(h + 1)]
                    out.append(UInt8(min(54, Int(b[h + 1]) + demote)))
                    i = h + 2
                }
                continue
            }
            if c == 62 { inTag = false } // >
            if c == 32 {
                if at(i, " id=\"") {
                    out += Array(" id=\"".utf8) + prefix
                    i += 5
                    continue
                }
                let attr = at(i, " href=\"") ? 7 : at(i, " src=\"") ? 6 : 0
                if attr > 0 {
                    out += b[i..<(i + attr)]
                    i += attr
                    if i < b.count, b[i] == 35 { // #
                        out.append(35)
                        out += prefix
                        i += 1
                    } else if i < b.count, b[i] != 47, !HTML.hasScheme(b[i...]) {
                        out += upBytes
                    }
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return HTML(trusted: out)
    }

    func testRelocationMatchesTheByteScan() {
        let pieces = ["<", ">", " ", "</", "<h1>", "<h2 id=\"x\">", "</h3>", "<h6>", "<h7>", "<p>", "text", "é", "&amp;",
                      " id=\"", " href=\"", " src=\"", "#top", "https://x.org/", "mailto:a@b", "/abs", "../up", "a b", "\"",
                      "<a href=\"", "<img src=\"", "<a href=\"#ref-1\">", "<a href=\"countries/x/\">", "<sup id=\"c-1\">", "h", "1"]
        var state: UInt64 = 7
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        for round in 0..<4000 {
            let text = (0..<(next() % 30)).map { _ in pieces[next() % pieces.count] }.joined()
            let markup = HTML(trusted: text)
            let prefix = round % 3 == 0 ? "x_" : "a&b_", up = round % 2 == 0 ? "../" : "../../"
            let demote = round % 4
            XCTAssertEqual(markup.relocated(idPrefix: prefix, up: up, demote: demote).string,
                           Self.reference(markup, idPrefix: prefix, up: up, demote: demote).string, text)
        }
    }
}
