import Foundation
import XCTest
@testable import SitegenBuild
@testable import SitegenGraph
@testable import SitegenLoad
@testable import SitegenMarkdown
@testable import SitegenModel
@testable import SitegenViews
@testable import SiteTemplates

/// Hostile and careless input: each case asserts the exact diagnostic and its place, and runs under a
/// time bound, so that a hang or a super-linear blow-up fails fast instead of stalling the suite.
final class HostileInputTests: XCTestCase {
    /// Generous for a debug build: every case here takes well under a tenth of it.
    let bound = 2.0

    /// A valid site to which each case adds or replaces files.
    func site(_ files: [String: String], config: String? = "title: Test Wiki\nsource_texts: texts\n") throws -> TempSite {
        var all: [String: String] = [
            "content/sources/report.md": TempSite.source,
            "texts/report.txt": TempSite.sourceText,
            "content/countries/mexico.md": page("title: Mexico\nsummary: A country.\ntype: country",
                                                "## Migration\n\nText [@report \"grave security threat\"]."),
        ]
        for (k, v) in files { all[k] = v }
        return try TempSite(all, config: config)
    }

    /// Runs `body` on a thread of its own with a main-thread-sized stack; fails when it takes longer
    /// than `seconds` (a hung body is abandoned, not waited for).
    func within<T>(_ seconds: Double, file: StaticString = #filePath, line: UInt = #line, _ body: @escaping () -> T) -> T? {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let start = Date()
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        guard done.wait(timeout: .now() + seconds) == .success else {
            XCTFail("did not finish within \(seconds) s", file: file, line: line)
            return nil
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), seconds, file: file, line: line)
        return box.value
    }

    /// The errors of a check of `s`, as printed, within the time bound.
    func errors(_ s: TempSite, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        within(bound, file: file, line: line) { s.errors() } ?? []
    }

    func diagnostics(_ s: TempSite, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        within(bound, file: file, line: line) { s.diagnostics() } ?? []
    }

    func assertErrors(_ files: [String: String], _ expected: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let s = try site(files)
        XCTAssertEqual(errors(s, file: file, line: line), expected, file: file, line: line)
    }

    let country = "title: X\nsummary: Y.\ntype: country"

    /// `l0` to `l<levels-1>`, each a list of nine aliases of the one before: `*l9` stands for 10^9 nodes.
    func laughs(_ levels: Int = 10) -> String {
        var yaml = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1..<levels {
            yaml += "l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        return yaml
    }

    // MARK: YAML anchors and aliases

    func testAliasOfAHugeTreeAsAnExplicitKeyFailsFast() throws {
        try assertErrors(["content/countries/x.md": page(country + "\n" + laughs() + "? *l9\n: boom")], [
            "content/countries/x.md:5:5: error: YAML anchors (&l0) are not supported in front matter; write each value out in full",
        ])
    }

    func testAliasOfAHugeTreeAsAnImplicitKeyFailsFast() throws {
        try assertErrors(["content/countries/x.md": page(country + "\n" + laughs() + "*l9 : boom")], [
            "content/countries/x.md:5:5: error: YAML anchors (&l0) are not supported in front matter; write each value out in full",
        ])
    }

    func testAliasInsideAKeyFailsFast() throws {
        try assertErrors(["content/countries/x.md": page(country + "\n" + laughs() + "? [a, {b: *l9}]\n: boom")], [
            "content/countries/x.md:5:5: error: YAML anchors (&l0) are not supported in front matter; write each value out in full",
        ])
    }

    func testAliasAsAValueIsAnErrorAndTheRestIsStillChecked() throws {
        try assertErrors(["content/countries/x.md": page("title: X\nsummary: Y.\ntype: country\naliases: &names [Equis, Ex]\ntags: *names\ncolour: red")], [
            "content/countries/x.md:5:10: error: YAML anchors (&names) are not supported in front matter; write each value out in full",
            "content/countries/x.md:7:1: error: unknown field `colour` in front matter of a country page",
        ])
    }

    func testAliasWithoutAnchorIsOneError() throws {
        try assertErrors(["content/countries/x.md": page("title: *x\nsummary: Y.\ntype: country")], [
            "content/countries/x.md:2:8: error: YAML aliases (*x) are not supported in front matter; write each value out in full",
        ])
    }

    func testAmpersandsAndAsterisksInTextAreNotAnchors() throws {
        let s = try site(["content/countries/x.md": page("title: Customs & Border\nsummary: \"*Not* an alias & not an anchor.\"\ntype: country\naliases: [A & B, 5 * 3]\ntags:\n  - a & b\nfacts:\n  Note: it is 2 * 3 &c.")])
        XCTAssertEqual(errors(s), [])
    }

    func testAliasBombInSiteConfigFailsFast() throws {
        let s = try site([:], config: "title: T\n" + laughs() + "? *l9\n: boom\n")
        XCTAssertEqual(errors(s), [
            "sitegen.yml:2:5: error: YAML anchors (&l0) are not supported in sitegen.yml; write each value out in full",
        ])
    }

    func testDeepNestingIsBoundedAndDoesNotCrash() throws {
        // Just under libyaml's limit of 1,000 levels: Yams composes it recursively, on a worker thread.
        let deep = String(repeating: "[", count: 998) + String(repeating: "]", count: 998)
        try assertErrors(["content/countries/x.md": page(country + "\ntags: " + deep)], [
            "content/countries/x.md:5:8: error: `tags` must be a string, not a list",
        ])
        let deeper = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        let s = try site(["content/countries/x.md": page(country + "\ntags: " + deeper)])
        let e = errors(s)
        XCTAssertEqual(e.count, 1, "\(e)")
        XCTAssertTrue(e.first?.hasPrefix("content/countries/x.md:5:") == true, "\(e)")
        XCTAssertTrue(e.first?.contains("Maximum nesting level reached") == true, "\(e)")
    }

    func testIncrementalRebuildRecoversAfterAnAliasBombIsFixed() throws {
        // What `serve` does on every change: a rebuild with the same cache, fast, and clean once fixed.
        let s = try site(["content/countries/x.md": page(country + "\n" + laughs() + "? *l9\n: boom")])
        let cache = BuildCache()
        let first = within(bound) { Site(options: s.options).check(cache: cache).0.diagnostics.filter { $0.severity == .error }.map(\.description) }
        XCTAssertEqual(first, ["content/countries/x.md:5:5: error: YAML anchors (&l0) are not supported in front matter; write each value out in full"])
        try s.write("content/countries/x.md", page(country, "See [[Mexico]] [@report]."))
        let second = within(bound) { Site(options: s.options).check(cache: cache).0.diagnostics.filter { $0.severity == .error } }
        XCTAssertEqual(second?.count, 0)
    }

    func testAnchorPlaceCountsCharactersNotBytes() throws {
        try assertErrors(["content/countries/x.md": page("title: Méxíco\nsummary: Y.\ntype: country\naliases: [\"Ñandú\", &a Ñ]")], [
            "content/countries/x.md:5:20: error: YAML anchors (&a) are not supported in front matter; write each value out in full",
        ])
    }

    func testAnchorScanIsLinear() {
        // 30,000 anchored scalars and as many aliases of them (as values): one error, fast. (The scan
        // costs about a third of what Yams takes to compose the same text.)
        var yaml = "a: ["
        for i in 0..<30_000 { yaml += "&a\(i) x, *a\(i), " }
        yaml += "]\n"
        let result = within(bound) { YAMLReader.scanAnchors(yaml) }
        XCTAssertEqual(result?.first?.name, "a0")
        XCTAssertEqual(result?.first?.column, 5)
        XCTAssertEqual(result?.doNotCompose, false)
    }

    // MARK: control characters

    func testControlCharacterEscapesInEveryTextField() throws {
        let cases: [(String, String)] = [
            (#"title: "\e[2J""#, "2:8: error: `title` contains the control character U+001B; remove it"),
            (#"summary: "a\0b""#, "3:10: error: `summary` contains the control character U+0000; remove it"),
            (#"aliases: ["Ok", "\a"]"#, "5:17: error: `aliases` contains the control character U+0007; remove it"),
            (#"tags: ["\x7F"]"#, "5:8: error: `tags` contains the control character U+007F; remove it"),
            (#"related: ["\r"]"#, "5:11: error: `related` contains the control character U+000D; remove it"),
            ("facts:\n  Capital: \"Mexico\\u0085City\"", "6:12: error: `facts.Capital` contains the control character U+0085; remove it"),
            ("facts:\n  \"Cap\\bital\": Mexico City", "6:3: error: `facts label` contains the control character U+0008; remove it"),
        ]
        let base = ["title: X", "summary: Y.", "type: country"]
        for (field, expected) in cases {
            var lines = base
            let key = field.prefix { $0 != ":" }
            if let i = lines.firstIndex(where: { $0.hasPrefix(key + ":") }) { lines[i] = field } else { lines.append(field) }
            try assertErrors(["content/countries/x.md": page(lines.joined(separator: "\n"))], ["content/countries/x.md:" + expected])
        }
    }

    func testControlCharactersInFiguresAndEvents() throws {
        try assertErrors(["content/policies/p.md": page("""
        title: P
        summary: S.
        type: law
        status: active
        figures:
          - label: "Crossings\\e"
            value: 3
            source: report
            quote: "grave security\\u0001threat"
        events:
          - date: "2021"
            text: "Begins\\a"
            source: report
            quote: "grave\\x1B security threat"
        """)], [
            "content/policies/p.md:7:12: error: `label` contains the control character U+001B; remove it",
            "content/policies/p.md:10:12: error: `quote` contains the control character U+0001; remove it",
            "content/policies/p.md:13:11: error: `text` contains the control character U+0007; remove it",
            "content/policies/p.md:15:12: error: `quote` contains the control character U+001B; remove it",
        ])
    }

    func testTabsAndLineBreaksAreNotControlCharacters() throws {
        let s = try site(["content/countries/x.md": page("title: \"A\\tB\"\nsummary: |\n  One\n  two.\ntype: country", "Text\twith a tab [@report].")])
        XCTAssertEqual(errors(s), [])
    }

    func testRawControlCharacterInFrontMatterIsLocated() throws {
        try assertErrors(["content/countries/x.md": page("title: Bad\u{1B}[2J title\nsummary: Y.\ntype: country")], [
            "content/countries/x.md:2:11: error: control character U+001B in the front matter; remove it",
        ])
    }

    func testRawControlCharactersInPageTextAreLocatedAndCounted() throws {
        try assertErrors(["content/countries/x.md": page(country, "Fine line.\nRing \u{7}the bell \u{7}\u{7} [@report].\n\u{9B}31m")], [
            "content/countries/x.md:7:6: error: control character U+0007 in the page text (and 3 more); remove it",
        ])
    }

    func testPageHeaderMarkerInABodyQuoteMatchesNothing() throws {
        // U+0001 marks page furniture in the normalised source texts: a quote holding it must not match across it.
        try assertErrors(["content/countries/x.md": page(country, "Claim [@report \"44\u{1}Biden's Border Crisis\"].")], [
            "content/countries/x.md:6:7: error: quote not found in `report.txt` (report): \"44\u{1}Biden's Border Crisis\"; no passage of the document comes close",
            "content/countries/x.md:6:19: error: control character U+0001 in the page text; remove it",
        ].map { $0.replacingOccurrences(of: "\u{1}", with: "\\u{1}") })
        var texts = SourceTexts()
        texts.add(document: "d.txt", text: "Alpha beta\nRUNNING HEAD\ngamma delta", pageHeaders: ["RUNNING HEAD"])
        XCTAssertEqual(texts.verify("beta\u{1}gamma", in: "d.txt"), .notFound(closest: ""))
        XCTAssertNotEqual(texts.verify("beta gamma", in: "d.txt"), .found)
        XCTAssertEqual(texts.verify("gamma delta", in: "d.txt"), .found)
    }

    func testControlCharacterInSiteConfig() throws {
        let s = try site([:], config: "title: \"Wiki\\e]0;pwned\\a\"\ndescription: \"\\x9B\"\nsource_texts: texts\n")
        XCTAssertEqual(errors(s), [
            "sitegen.yml:1:8: error: `title` contains the control character U+001B; remove it",
            "sitegen.yml:2:14: error: `description` contains the control character U+009B; remove it",
        ])
    }

    // MARK: diagnostics never drive the terminal

    func testDiagnosticsEscapeControlCharacters() {
        let d = Diagnostic.error("content/a\u{1B}.md", SourceLocation(line: 2, column: 3),
                                 "unknown `\u{1B}[2J\u{7}`\tline\nbreak\r\u{7F}\u{9B}\u{202E}txt\u{2066} é")
        XCTAssertEqual(d.description, #"content/a\u{1B}.md:2:3: error: unknown `\u{1B}[2J\u{7}`"# + "\t" + #"line\u{A}break\u{D}\u{7F}\u{9B}\u{202E}txt\u{2066} é"#)
        XCTAssertEqual(Diagnostic.warning("a.md", .file, "plain text, “quoted”").description, "a.md: warning: plain text, “quoted”")
    }

    func testNoDiagnosticOfAHostilePageHoldsAControlByte() throws {
        let s = try site([
            "content/countries/x.md": page("title: X\nsummary: Y.\ntype: country\n\"\\e[2Jkey\": 1", "[[\u{1B}]0;title\u{7}]] and [@\u{1B}[31m]"),
        ])
        try s.write("content/countries/\u{1B}[2J.md", page(country))
        let printed = diagnostics(s)
        XCTAssertFalse(printed.isEmpty)
        for line in printed {
            XCTAssertFalse(line.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" || (0x7F...0x9F).contains($0.value) }, line)
        }
        XCTAssertTrue(printed.contains(#"content/countries/x.md:5:1: error: unknown field `\u{1B}[2Jkey` in front matter of a country page"#), "\(printed)")
        XCTAssertTrue(printed.contains { $0.hasPrefix(#"content/countries/\u{1B}[2J.md: error: file name `\u{1B}[2J.md` is not a valid slug"#) }, "\(printed)")
    }

    // MARK: dates and numbers

    func testDatesAreFourDigitYearsAndTwoDigitMonthsAndDays() throws {
        for bad in ["+123", "-123", "+2021", " 2021", "２０２１", "2021-+1", "2021-01-+1", "2021-1", "2021-001"] {
            XCTAssertNil(PartialDate(bad), bad)
        }
        XCTAssertEqual(PartialDate("0999")?.description, "0999")
        try assertErrors(["content/policies/p.md": page("title: P\nsummary: S.\ntype: law\nstatus: active\nstart: \"+123\"\nend: \"2021-+1\"")], [
            "content/policies/p.md:6:8: error: `start` must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not `+123`",
            "content/policies/p.md:7:6: error: `end` must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not `2021-+1`",
        ])
    }

    func figurePage(_ value: String) -> String {
        page("title: X\nsummary: Y.\ntype: country\nfigures:\n  - label: Crossings\n    value: \(value)\n    source: report\n    quote: \"grave security threat\"")
    }

    func testHugeFigureValuesAreErrors() throws {
        let digits = String(repeating: "9", count: 400)
        try assertErrors(["content/countries/x.md": figurePage(digits)], [
            "content/countries/x.md:7:12: error: `value` `999999999999999999999999999999…` is too large: a figure's number is at most 10^15 (one quadrillion); check the digits",
        ])
        try assertErrors(["content/countries/x.md": figurePage("\"-10,000,000,000,000,001\"")], [
            "content/countries/x.md:7:12: error: `value` `-10,000,000,000,000,001` is too large: a figure's number is at most 10^15 (one quadrillion); check the digits",
        ])
        try assertErrors(["content/countries/x.md": figurePage("\"1,000,000,000,000,000\"")], [])
        try assertErrors(["content/countries/x.md": figurePage("1e400")], [])  // not a plain number: shown as text
    }

    // MARK: the site config and the folders it names

    func testMistypedSourceTextsFolderIsNamed() throws {
        let s = try site([:], config: "title: T\nsource_texts: txets\n")
        let folder = s.root.appendingPathComponent("txets").path
        XCTAssertTrue(diagnostics(s).contains("sitegen.yml:2:15: error: `source_texts` folder `txets` not found (\(folder)); fix the path, or remove the line to build without checking quotes"))
        let f = try site([:], config: "title: T\nsource_texts: texts/report.txt\n")
        XCTAssertTrue(diagnostics(f).contains("sitegen.yml:2:15: error: `source_texts` names `texts/report.txt`, which is not a folder"))
    }

    func testConfigThatIsAFolderIsAnError() throws {
        let s = try site([:], config: nil)
        try FileManager.default.createDirectory(at: s.root.appendingPathComponent("sitegen.yml"), withIntermediateDirectories: true)
        XCTAssertEqual(errors(s), ["sitegen.yml: error: config file is a folder, not a file"])
    }

    func testConfigThatIsADeviceOrAPipeIsAnErrorNotAHang() throws {
        let s = try site([:], config: nil)
        var o = s.options
        o.configFile = URL(fileURLWithPath: "/dev/zero")
        XCTAssertEqual(within(bound) { Site(options: o).check().0.diagnostics.filter { $0.severity == .error }.map(\.description) },
                       ["/dev/zero: error: config file is not a regular file (a device, named pipe or socket); refused"])
        XCTAssertEqual(mkfifo(s.root.appendingPathComponent("sitegen.yml").path, 0o600), 0)
        XCTAssertEqual(errors(s), ["sitegen.yml: error: config file is not a regular file (a device, named pipe or socket); refused"])
        try FileManager.default.removeItem(at: s.root.appendingPathComponent("sitegen.yml"))
        try FileManager.default.createSymbolicLink(atPath: s.root.appendingPathComponent("sitegen.yml").path, withDestinationPath: "/dev/zero")
        XCTAssertEqual(errors(s), ["sitegen.yml: error: config file is not a regular file (a device, named pipe or socket); refused"])
    }

    func testOversizedConfigIsAnError() throws {
        let s = try site([:], config: "title: T\n# " + String(repeating: "x", count: SiteConfig.maxSize) + "\n")
        XCTAssertEqual(errors(s), ["sitegen.yml: error: config file is larger than 1 MB; refused"])
    }

    func testMissingConfig() throws {
        // The default sitegen.yml may be missing: the defaults apply.
        let s = try site([:], config: nil)
        XCTAssertEqual(errors(s), [])
        let missing = s.root.appendingPathComponent("sitegen.yml")
        XCTAssertEqual(SiteConfig.load(missing, displayPath: "sitegen.yml").1, [])
        // Named on the command line, it must exist.
        XCTAssertEqual(SiteConfig.load(missing, displayPath: "sitegen.yml", required: true).1.map(\.description),
                       ["sitegen.yml: error: config file not found"])
        // A file with another name can only have been named on purpose.
        var o = s.options
        o.configFile = s.root.appendingPathComponent("site.yml")
        XCTAssertEqual(within(bound) { Site(options: o).check().0.diagnostics.filter { $0.severity == .error }.map(\.description) },
                       ["site.yml: error: config file not found"])
    }

    func testNamedPipesAmongPagesAndSourceTextsAreRefusedNotRead() throws {
        let s = try site([:])
        XCTAssertEqual(mkfifo(s.root.appendingPathComponent("content/countries/pipe.md").path, 0o600), 0)
        try FileManager.default.removeItem(at: s.root.appendingPathComponent("texts/report.txt"))
        XCTAssertEqual(mkfifo(s.root.appendingPathComponent("texts/report.txt").path, 0o600), 0)
        XCTAssertEqual(errors(s), [
            "content/countries/pipe.md: error: not a regular file (a named pipe, socket or device); refused",
            "content/sources/report.md:8:11: error: source document `report.txt` is not a regular file (a device, named pipe or socket); refused",
        ])
    }
}

/// Carries a result out of the thread that computed it.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
