import Foundation
import XCTest
@testable import SitegenBuild
@testable import SitegenModel

/// `sitegen new`, `sitegen quote` and `sitegen mentions`, run as a writer would.
final class WriterCommandsTests: XCTestCase {
    func run(_ args: [String], in dir: URL) throws -> CLITests.Run {
        let p = Process()
        p.executableURL = CLITests.binaryURL
        p.arguments = args
        p.currentDirectoryURL = dir
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return CLITests.Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                            stderr: String(decoding: e, as: UTF8.self))
    }

    func site(_ extra: [String: String] = [:]) throws -> TempSite {
        var files = [
            "content/sources/report.md": TempSite.source,
            "texts/report.txt": TempSite.sourceText,
            "content/countries/mexico.md": page("title: Mexico\nsummary: A country.\ntype: country", "Text [@report \"grave security threat\"] [[The Report]]."),
            "content/index.md": page("title: Home\nsummary: The home page.", "Start at [[Mexico]]."),
        ]
        for (k, v) in extra { files[k] = v }
        return try TempSite(files)
    }

    // MARK: new

    func testNewWritesAPageThatBuildsClean() throws {
        let s = try site()
        let r = try run(["new", "policy", "Título 42: Expulsions", "--type", "executive-action"], in: s.root)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "created content/policies/titulo-42-expulsions.md\n")
        let text = try XCTUnwrap(s.read("content/policies/titulo-42-expulsions.md"))
        XCTAssertTrue(text.hasPrefix("""
        ---
        title: "Título 42: Expulsions"
        summary: "TODO: one sentence on what this is and why it matters (shown under the title, in lists and in link previews)."
        type: executive-action  # one of: law, executive-action, program, agreement, strategy, sanction, declaration, regulation, operation, court-ruling
        status: unknown  # one of: proposed, active, suspended, blocked, ended, unknown
        # Optional fields: delete the `# ` before a line to use it.
        # start: "2021-01"                    # when it began: YYYY, YYYY-MM or YYYY-MM-DD

        """), text)
        XCTAssertTrue(text.hasSuffix("# draft: true                         # leave the page out of the build\n---\nTODO: write the page. Link other pages with `[[Page title]]` and cite every claim with `[@source-slug \"exact quote\"]`.\n"))
        XCTAssertEqual(s.errors(), [])
        // Every commented field, uncommented, is a known field of the kind.
        for kind in [PageKind.country, .actor, .policy, .page] {
            let t = NewPage.text(kind: kind, title: "T", slug: "t")
            let uncommented = t.replacingOccurrences(of: "\n# Optional fields: delete the `# ` before a line to use it.", with: "")
                .replacingOccurrences(of: "\n# ", with: "\n").replacingOccurrences(of: "\n#   ", with: "\n  ")
                .replacingOccurrences(of: "\n#     ", with: "\n    ").replacingOccurrences(of: "draft: true", with: "draft: false")
            let one = try TempSite(["content/\(kind.folder.map { $0 + "/" } ?? "")t.md": uncommented])
            let errors = one.errors().filter { !$0.contains("no page matches") && !$0.contains("unknown source") }
            XCTAssertEqual(errors, [], "\(kind)")
        }
    }

    func testNewRefusesASlugThatExistsAnywhere() throws {
        let s = try site()
        let r = try run(["new", "actor", "México"], in: s.root)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "content/countries/mexico.md: error: slug `mexico` is already taken by this page; slugs are unique across the wiki: choose another title or pass --slug\n")
        XCTAssertNil(s.read("content/actors/mexico.md"))
        let reserved = try run(["new", "page", "Figures"], in: s.root)
        XCTAssertEqual(reserved.status, 1)
        XCTAssertEqual(reserved.stderr, "content: error: `figures` is the name of a generated page; choose another title or pass --slug\n")
        let other = try run(["new", "page", "Figures", "--slug", "figures-list"], in: s.root)
        XCTAssertEqual(other.status, 0, other.stderr)
        XCTAssertNotNil(s.read("content/figures-list.md"))
        // A title that another page has already is written, with a warning.
        let same = try run(["new", "actor", "Mexico", "--slug", "mexico-government", "--type", "government"], in: s.root)
        XCTAssertEqual(same.status, 0)
        XCTAssertEqual(same.stderr, """
        content/actors/mexico-government.md:2:8: warning: `Mexico` already names content/countries/mexico.md: wiki links by this title will be ambiguous; give one of the pages another title
         2 | title: Mexico
           |        ^


        """)
        let bad = try run(["new", "planet", "Mars"], in: s.root)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.hasPrefix("Error: unknown kind `planet`: use country, actor, policy, source or page"), bad.stderr)
    }

    // MARK: quote

    func testQuoteFindsAPassageWithCurlyQuotesAndLineBreaks() throws {
        let s = try site()
        let r = try run(["quote", "report", #"Security threat to the United States and a "humanitarian catastrophe""#], in: s.root)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, """
        texts/report.txt:1:
         1 > The illegal migration crisis at the U.S. southern border presents a grave security
         2 > threat to the United States and a “humanitarian catastrophe” for the vulnerable people.
         3 | 44
        [@report "security threat to the United States and a "humanitarian catastrophe""]

        1 passage of texts/report.txt matches

        """)
        // The citation printed is one the build accepts.
        let citation = r.stdout.split(separator: "\n").first { $0.hasPrefix("[@") }!
        try s.write("content/countries/mexico.md", page("title: Mexico\nsummary: A country.\ntype: country", "Text \(citation)."))
        XCTAssertEqual(s.errors(), [])
        // By title too, and every match (as quotes are checked: inside words too, as in "southern").
        let all = try run(["quote", "The Report", "the"], in: s.root)
        XCTAssertEqual(all.status, 0)
        XCTAssertTrue(all.stdout.hasSuffix("6 passages of texts/report.txt match\n"), all.stdout)
    }

    func testQuoteShowsTheClosestPassagesWhenNothingMatches() throws {
        let s = try site()
        // A page number is a barrier that no quote spans.
        let r = try run(["quote", "report", "the vulnerable people. Biden's Border Crisis"], in: s.root)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, """
        no passage of texts/report.txt matches "the vulnerable people. Biden's Border Crisis"; the closest:

        texts/report.txt:4:
         3 | 44
         4 > Biden’s Border Crisis
         5 > Criminal organizations control the routes.

        texts/report.txt:1:
         1 > The illegal migration crisis at the U.S. southern border presents a grave security
         2 | threat to the United States and a “humanitarian catastrophe” for the vulnerable people.

        texts/report.txt:2:
         1 | The illegal migration crisis at the U.S. southern border presents a grave security
         2 > threat to the United States and a “humanitarian catastrophe” for the vulnerable people.
         3 | 44


        """)
        let unknown = try run(["quote", "reprot", "x"], in: s.root)
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(unknown.stderr, "content/sources: error: no source page `reprot`; did you mean `report`?\n")
    }

    // MARK: mentions

    func testMentionsFindsUnlinkedNamesOutsideCodeLinksAndQuotes() throws {
        let body = """
        Mexico and the `Mexico` code, [Mexico](https://example.org), [[Border Patrol]] twice: Border
        Patrol. The dhs and DHS and the Department of Homeland Security.

        ## Mexico heading

        > Quoted Mexico.

        Mexico again [@report "grave security threat"].

        > [!NOTE] See Mexico.

        A quote is the source's words: [@report "Mexico and DHS"], [[Narnia|not Mexico]] [[Narnia
        Mexico]].
        """
        let s = try site([
            "content/countries/x.md": page("title: X\nsummary: Y.\ntype: country", body),
            "content/actors/border-patrol.md": page("title: Border Patrol\nsummary: Agents.\ntype: agency"),
            "content/actors/dhs.md": page("title: Department of Homeland Security\nsummary: A department.\ntype: agency\naliases: [DHS]"),
        ])
        let r = try run(["mentions", "--in", "countries/x"], in: s.root)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, """
        content/countries/x.md:6:1: `Mexico` names content/countries/mexico.md without a link; write [[Mexico]]
        content/countries/x.md:7:21: `DHS` names content/actors/dhs.md without a link; write [[DHS]]

        """)
        XCTAssertEqual(r.stderr, "2 unlinked mentions in 1 page\n")
        let all = try run(["mentions", "--in", "content/countries/x.md", "--all"], in: s.root)
        XCTAssertEqual(all.stdout.split(separator: "\n").map { $0.split(separator: " ")[0] + " " + $0.split(separator: "`")[1] }, [
            "content/countries/x.md:6:1: Mexico",
            "content/countries/x.md:6:87: Border Patrol",
            "content/countries/x.md:7:21: DHS",
            "content/countries/x.md:7:33: Department of Homeland Security",
            "content/countries/x.md:13:1: Mexico",
            "content/countries/x.md:15:15: Mexico",
        ])
        // Mentions of one page, everywhere: the home page links Mexico already.
        let of = try run(["mentions", "DHS"], in: s.root)
        XCTAssertEqual(of.stdout, "content/countries/x.md:7:21: `DHS` names content/actors/dhs.md without a link; write [[DHS]]\n")
        let none = try run(["mentions", "Narnia"], in: s.root)
        XCTAssertEqual(none.status, 1)
        XCTAssertEqual(none.stderr, "content: error: no page matches `Narnia`\n")
    }

    func testSlugOfATitle() {
        XCTAssertEqual(NewPage.slug(for: "São Tomé and Príncipe"), "sao-tome-and-principe")
        XCTAssertEqual(NewPage.slug(for: "The Senate's report (2022)"), "the-senates-report-2022")
        XCTAssertEqual(NewPage.slug(for: "  Москва  "), "moskva")
        XCTAssertNil(NewPage.slug(for: "🎉"))
        XCTAssertEqual(NewPage.slug(for: String(repeating: "word ", count: 30))!.count, 79)
        XCTAssertEqual(NewPage.kind(named: "countries"), .country)
        XCTAssertEqual(NewPage.kind(named: "Policy"), .policy)
    }
}
