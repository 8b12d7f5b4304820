import Foundation
import XCTest
@testable import SitegenBuild
@testable import SitegenModel

/// Diagnostics as the command line shows them: source line, caret, suggestion, colour, JSON.
final class MessagesTests: XCTestCase {
    func report(_ files: [String: String]) throws -> (TempSite, DiagnosticReport) {
        let s = try TempSite(files, config: nil, templates: nil)
        return (s, DiagnosticReport(color: false, workingDirectory: s.root))
    }

    func testCaretAndSuggestion() throws {
        let (site, r0) = try report(["content/countries/x.md": "---\ntitle: X\n---\nSee [[Narnia]] and [[Mexcio]].\n"])
        var r = r0
        defer { withExtendedLifetime(site) {} }
        let d = Diagnostic.error("content/countries/x.md", SourceLocation(line: 4, column: 20),
                                 "broken wiki link: no page matches `Mexcio`; did you mean `Mexico`?")
        XCTAssertEqual(r.render(d), """
        content/countries/x.md:4:20: error: broken wiki link: no page matches `Mexcio`
         4 | See [[Narnia]] and [[Mexcio]].
           |                    ^ did you mean `Mexico`?


        """)
    }

    func testCaretUnderTheRightCharacterOfAMultiByteLine() throws {
        let (site, r0) = try report(["a.md": "**Pérez** y Zoë: [[Narnia]]\n\tñ 日本 [[Narnia]]\n"])
        var r = r0
        defer { withExtendedLifetime(site) {} }
        // Columns count characters: `**Pérez** y Zoë: ` is 17 of them (20 bytes).
        XCTAssertEqual(r.render(.error("a.md", SourceLocation(line: 1, column: 18), "m")), """
        a.md:1:18: error: m
         1 | **Pérez** y Zoë: [[Narnia]]
           |                  ^


        """)
        // A tab stays a tab; each of 日本 takes two cells.
        XCTAssertEqual(r.render(.warning("a.md", SourceLocation(line: 2, column: 7), "m")), """
        a.md:2:7: warning: m
         2 | \tñ 日本 [[Narnia]]
           | \t       ^


        """)
    }

    func testMultiByteColumnsFromTheBuild() throws {
        let s = try TempSite(["content/index.md": page("title: Home\nsummary: S.", "**Pérez** [[Narnia]] and ñ *a* [[Narnia]]")])
        XCTAssertEqual(s.errors(), [
            "content/index.md:5:11: error: broken wiki link: no page matches `Narnia`",
            "content/index.md:5:32: error: broken wiki link: no page matches `Narnia`",
        ])
    }

    func testFileLevelAndUnreadableLines() throws {
        let (site, r0) = try report(["a.md": "one line\n"])
        var r = r0
        defer { withExtendedLifetime(site) {} }
        XCTAssertEqual(r.render(.warning("a.md", .file, "orphan page")), "a.md: warning: orphan page\n")
        XCTAssertEqual(r.render(.error("a.md", SourceLocation(line: 9, column: 1), "m")), "a.md:9:1: error: m\n")
        XCTAssertEqual(r.render(.error("gone.md", SourceLocation(line: 1, column: 1), "m; did you mean `x`?")),
                       "gone.md:1:1: error: m; did you mean `x`?\n")
    }

    func testLongLineIsShownAroundTheColumn() throws {
        let long = String(repeating: "word ", count: 60) + "[[Narnia]]" + String(repeating: " tail", count: 40)
        let (site, r0) = try report(["a.md": long + "\n"])
        var r = r0
        defer { withExtendedLifetime(site) {} }
        let out = r.render(.error("a.md", SourceLocation(line: 1, column: 301), "m"))
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(lines[1].hasPrefix(" 1 | …"), String(lines[1]))
        XCTAssertTrue(lines[1].hasSuffix("…"))
        let caret = lines[2].firstIndex(of: "^")!
        let underCaret = lines[1][lines[1].index(lines[1].startIndex, offsetBy: lines[2].distance(from: lines[2].startIndex, to: caret))...]
        XCTAssertTrue(underCaret.hasPrefix("[[Narnia]]"), String(underCaret))
    }

    func testColour() throws {
        let (site, r0) = try report(["a.md": "x\n"])
        var r = r0
        defer { withExtendedLifetime(site) {} }
        r.color = true
        XCTAssertEqual(r.render(.error("a.md", SourceLocation(line: 1, column: 1), "m; did you mean `y`?")),
                       "\u{1B}[1ma.md:1:1:\u{1B}[0m \u{1B}[1;31merror:\u{1B}[0m \u{1B}[1mm\u{1B}[0m\n"
                       + "\u{1B}[34m 1 | \u{1B}[0mx\n"
                       + "\u{1B}[34m   | \u{1B}[0m\u{1B}[1;31m^\u{1B}[0m \u{1B}[1;36mdid you mean `y`?\u{1B}[0m\n\n")
        XCTAssertTrue(DiagnosticReport.useColor(isTerminal: true, environment: [:]))
        XCTAssertFalse(DiagnosticReport.useColor(isTerminal: false, environment: [:]))
        XCTAssertFalse(DiagnosticReport.useColor(isTerminal: true, environment: ["NO_COLOR": "1"]))
        XCTAssertTrue(DiagnosticReport.useColor(isTerminal: true, environment: ["NO_COLOR": ""]))
        XCTAssertFalse(DiagnosticReport.useColor(isTerminal: true, environment: ["TERM": "dumb"]))
    }

    func testControlCharactersInTheSourceLineAreNotSentToTheTerminal() throws {
        let (site, r0) = try report(["a.md": "a\u{1B}[31mb [[x]]\n"])
        var r = r0
        defer { withExtendedLifetime(site) {} }
        XCTAssertEqual(r.render(.error("a.md", SourceLocation(line: 1, column: 9), "m")), """
        a.md:1:9: error: m
         1 | a\u{FFFD}[31mb [[x]]
           |         ^


        """)
    }

    func testSummary() {
        var stats = BuildStats()
        stats.pagesByKind = [.home: 1, .country: 2, .source: 1]
        stats.linksResolved = 3
        stats.citations = 4
        stats.quotesChecked = 3
        stats.quotesNotFound = 1
        let result = BuildResult(diagnostics: [.error("a.md", .file, "m")], stats: stats)
        XCTAssertEqual(DiagnosticReport.summary(result, verb: "checked", seconds: 0.5),
                       "checked 4 pages (1 home, 2 countries, 1 source); 3 links resolved; 4 citations, 2 of 3 quotes verified; 1 error, 0 warnings; 0.50 s")
        XCTAssertEqual(DiagnosticReport.summary(result, verb: "built", seconds: 0.5, wroteNothing: true),
                       "0 files written: fix the errors above; read 4 pages (1 home, 2 countries, 1 source); 3 links resolved; 4 citations, 2 of 3 quotes verified; 1 error, 0 warnings; 0.50 s")
    }

    func testJSONLines() throws {
        let d = Diagnostic.error("content/a \"b\".md", SourceLocation(line: 3, column: 7),
                                 "quote not found: \"x\\y\"\t; did you mean `z`?")
        let line = DiagnosticReport.json(d)
        XCTAssertEqual(line, #"{"path":"content/a \"b\".md","line":3,"column":7,"severity":"error","message":"quote not found: \"x\\y\"\t; did you mean `z`?","suggestion":"did you mean `z`?"}"#)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        XCTAssertEqual(object["path"] as? String, "content/a \"b\".md")
        XCTAssertEqual(object["message"] as? String, d.message)
        XCTAssertEqual(object["line"] as? Int, 3)
        XCTAssertEqual(DiagnosticReport.json(.warning("p", .file, "w\u{1}")),
                       #"{"path":"p","line":0,"column":0,"severity":"warning","message":"w\u0001"}"#)
    }
}

/// One problem met in many places is shown a few times and counted, not printed in full each time.
final class RepeatedProblemTests: XCTestCase {
    func testARepeatedProblemIsShownFiveTimesAndCounted() {
        let ds = (1...2000).map { Diagnostic.error("content/countries/p\($0).md", SourceLocation(line: 6, column: 1), "broken wiki link: no page matches `Mexcio`; did you mean `Mexico`?") }
            + [Diagnostic.warning("content/x.md", .file, "orphan page: no other page links to it")]
        let (shown, more) = DiagnosticReport.collapsingRepeats(ds)
        XCTAssertEqual(shown.count, 6)
        XCTAssertEqual(more.count, 1)
        XCTAssertEqual(more[0].1, 1995)
        XCTAssertEqual(DiagnosticReport.moreLine(more[0].0, more[0].1),
                       "note: 1995 more places with the same error as content/countries/p5.md:6 (2000 in all; --format json lists every one)\n")
    }
}
