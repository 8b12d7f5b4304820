import Foundation
import XCTest
@testable import SitegenBuild
@testable import SitegenGraph
@testable import SitegenLoad
@testable import SitegenMarkdown
@testable import SitegenModel
@testable import SitegenViews
@testable import SiteTemplates

/// The bad-input corpus: one case per problem, each asserting the exact diagnostic and its place.
final class BadInputTests: XCTestCase {
    /// A valid site to which each case adds or replaces one file.
    func site(_ files: [String: String]) throws -> TempSite {
        var all: [String: String] = [
            "content/sources/report.md": TempSite.source,
            "texts/report.txt": TempSite.sourceText,
            "content/countries/mexico.md": page("title: Mexico\nsummary: A country.\ntype: country",
                                                "## Migration\n\nText [@report \"grave security threat\"]."),
            "content/actors/amlo.md": page("title: Andrés Manuel López Obrador\nsummary: A president.\ntype: person\naliases: [AMLO]"),
        ]
        for (k, v) in files { all[k] = v }
        return try TempSite(all)
    }

    func assertErrors(_ files: [String: String], _ expected: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let s = try site(files)
        XCTAssertEqual(s.errors(), expected, file: file, line: line)
    }

    let country = "title: X\nsummary: Y.\ntype: country"

    // MARK: wiki links

    func testBrokenWikiLink() throws {
        try assertErrors(["content/countries/x.md": page(country, "See [[Narnia]] and [[Mexcio]].")], [
            "content/countries/x.md:6:5: error: broken wiki link: no page matches `Narnia`",
            "content/countries/x.md:6:20: error: broken wiki link: no page matches `Mexcio`; did you mean `Mexico`?",
        ])
    }

    func testAmbiguousWikiLink() throws {
        try assertErrors([
            "content/countries/x.md": page(country, "See [[Gulf]]."),
            "content/actors/gulf-cartel.md": page("title: Gulf Cartel\nsummary: A group.\ntype: criminal-group\naliases: [Gulf]"),
            "content/countries/gulf-region.md": page("title: Gulf region\nsummary: A region.\ntype: region\naliases: [gulf]"),
        ], [
            "content/countries/x.md:6:5: error: ambiguous wiki link `Gulf` matches content/actors/gulf-cartel.md (`actors/gulf-cartel`) and content/countries/gulf-region.md (`countries/gulf-region`); use the kind-qualified slug",
        ])
    }

    func testMissingHeading() throws {
        try assertErrors(["content/countries/x.md": page(country, "See [[Mexico#Economy]], [[Mexico#Migration]].")], [
            "content/countries/x.md:6:5: error: no heading `economy` on content/countries/mexico.md; its headings are `Migration`",
        ])
    }

    func testWikiLinkMatchesAliasesIgnoringCaseAndDiacritics() throws {
        let s = try site(["content/countries/x.md": page(country, "[[amlo]], [[Andres Manuel Lopez Obrador]], [[actors/amlo|him]], [[MEXICO]].")])
        XCTAssertEqual(s.errors(), [])
        XCTAssertTrue(s.build().diagnostics.allSatisfy { $0.severity == .warning })
        let html = try XCTUnwrap(s.read("public/countries/x/index.html"))
        XCTAssertTrue(html.contains(#"<a class="wl" href="../../actors/amlo/" data-summary="A president.">him</a>"#))
        XCTAssertTrue(html.contains(#"<a class="wl" href="../../countries/mexico/" data-summary="A country.">MEXICO</a>"#))
    }

    func testWikiLinkInCodeAndLinksIsLeftAlone() throws {
        let s = try site(["content/countries/x.md": page(country, "`[[Narnia]]` and [see [[Narnia]]](https://example.org) [@report]\n\n    [[Narnia]]\n")])
        XCTAssertEqual(s.errors(), [])
    }

    func testWikiLinkAcrossLineBreakAndEmphasis() throws {
        try assertErrors(["content/countries/x.md": page(country, "See [[Andres Manuel\nLopez Obrador]] and [[*Mexico*]].")], [
            "content/countries/x.md:7:21: error: wiki link contains formatting (emphasis, code or a link) or is not closed; annotations take plain text only",
        ])
    }

    // MARK: citations

    func testUnknownCitationSource() throws {
        try assertErrors(["content/countries/x.md": page(country, "Claim [@reprot \"x\"] and [@nothing].")], [
            "content/countries/x.md:6:7: error: unknown source `reprot` in citation; did you mean `report`?",
            "content/countries/x.md:6:25: error: unknown source `nothing` in citation",
        ])
    }

    func testQuoteNotInSource() throws {
        try assertErrors(["content/countries/x.md": page(country, "Claim\n[@report \"a grave security risk to the United States\"].")], [
            "content/countries/x.md:7:1: error: quote not found in `report.txt` (report): \"a grave security risk to the United States\"; closest passage: \"grave security threat to the United States and a \"humanitarian\"",
        ])
    }

    func testQuoteNormalisationAndPageFurniture() throws {
        // Line breaks, curly quotes and dashes are normalised; a quote may not span a page-number line.
        let s = try site([
            "content/countries/x.md": page(country, """
            A [@report "security threat to the United States and a "humanitarian catastrophe""].
            B [@report "the vulnerable people. Biden’s Border Crisis"].
            """),
        ])
        XCTAssertEqual(s.errors().count, 1)
        XCTAssertTrue(s.errors()[0].hasPrefix("content/countries/x.md:7:3: error: quote not found"))
    }

    func testOverlongQuoteIsAnError() throws {
        let long = String(repeating: "word ", count: 61).trimmingCharacters(in: .whitespaces)
        try assertErrors(["content/countries/x.md": page(country, "Claim [@report \"\(long)\"].")], [
            "content/countries/x.md:6:7: error: quote is 304 characters long; quote at most 300 (a clause or a sentence)",
            "content/countries/x.md:6:7: error: quote not found in `report.txt` (report): \"\(String(long.prefix(120)))…\"; no passage of the document comes close",
        ])
    }

    func testFigureWithoutQuoteIsAnError() throws {
        try assertErrors(["content/countries/x.md": page(country + "\nfigures:\n  - label: L\n    value: 3\n    source: report")], [
            "content/countries/x.md:6:5: error: missing required field `quote` in a figure",
        ])
    }

    func testFigureQuoteIsChecked() throws {
        try assertErrors(["content/countries/x.md": page(country + """

        figures:
          - label: Routes
            value: 3
            source: report
            quote: "Criminal organisations control the routes"
        """)], [
            "content/countries/x.md:8:13: error: quote not found in `report.txt` (report): \"Criminal organisations control the routes\"; closest passage: \"Criminal organizations control the routes.\"",
        ])
    }

    func testUnverifiedQuotesAreCountedWithoutTexts() throws {
        let s = try site([:])
        try s.write("sitegen.yml", "title: Test Wiki\n")
        XCTAssertEqual(s.errors(), [])
        XCTAssertTrue(s.diagnostics().contains("content: warning: 1 of 1 quotes not verified: no source texts (set `source_texts` in sitegen.yml or pass --source-texts)"))
    }

    func testMisspelledSourceTextsFolderIsAnError() throws {
        let s = try site([:])
        try s.write("sitegen.yml", "title: Test Wiki\nsource_texts: txets\n")
        XCTAssertEqual(s.errors(), [
            "sitegen.yml:2:15: error: `source_texts` folder `txets` not found (\(s.root.standardizedFileURL.path)/txets); fix the path, or remove the line to build without checking quotes",
        ])
    }

    // MARK: front matter

    func testYAMLSyntaxError() throws {
        try assertErrors(["content/countries/x.md": "---\ntitle: [X\nsummary: Y.\n---\nBody\n"], [
            "content/countries/x.md:3:8: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)",
        ])
    }

    func testTabIndentation() throws {
        try assertErrors(["content/countries/x.md": "---\ntitle: X\nsummary: Y.\ntype: country\nfacts:\n\tCapital: Z\n---\nBody\n"], [
            "content/countries/x.md:6:1: error: invalid YAML: found character that cannot start any token (while scanning for the next token); indent with spaces, not tabs",
        ])
    }

    func testDuplicateKey() throws {
        try assertErrors(["content/countries/x.md": "---\ntitle: X\nsummary: Y.\ntitle: Z\ntype: country\n---\nBody [@report]\n"], [
            "content/countries/x.md:2:1: error: duplicate key `title` in front matter",
        ])
    }

    func testUnclosedFrontMatter() throws {
        try assertErrors(["content/countries/x.md": "---\ntitle: X\nsummary: Y.\n\nBody\n"], [
            "content/countries/x.md:1:1: error: front matter is not closed: add a `---` line after it",
        ])
    }

    func testEmptyFileAndMissingFrontMatter() throws {
        try assertErrors(["content/countries/x.md": "", "content/countries/y.md": "# Just Markdown\n"], [
            "content/countries/x.md:1:1: error: empty file: a page starts with front matter between `---` lines",
            "content/countries/y.md:1:1: error: missing front matter: a page starts with a `---` line, its fields, and another `---` line",
        ])
    }

    func testUnknownAndMistypedFields() throws {
        try assertErrors(["content/countries/x.md": """
        ---
        titel: X
        summary: Y.
        type: nation
        draft: yes
        aliases: Mexico
        start: 2021
        ---
        Body
        """], [
            "content/countries/x.md:2:1: error: unknown field `titel` in front matter of a country page; did you mean `title`?",
            "content/countries/x.md:4:7: error: `type` must be one of `country`, `region`, not `nation`",
            "content/countries/x.md:5:8: error: `draft` must be `true` or `false`",
            "content/countries/x.md:6:10: error: `aliases` must be a list, not a single value",
            "content/countries/x.md:7:1: error: unknown field `start` in front matter of a country page",
        ])
    }

    func testYAML11TrapsStayStrings() throws {
        let s = try site(["content/countries/no.md": page("title: NO\nsummary: on\ntype: country\naliases: [012, yes, 1e3]",
                                                            "[[countries/no]] [[012]] [@report]")])
        XCTAssertEqual(s.errors(), [])
        _ = s.build()
        let html = try XCTUnwrap(s.read("public/countries/no/index.html"))
        XCTAssertTrue(html.contains("<h1>NO</h1>"))
        XCTAssertTrue(html.contains(#"<p class="summary">on</p>"#))
    }

    func testBadDates() throws {
        try assertErrors(["content/policies/p.md": page("title: P\nsummary: S.\ntype: law\nstatus: active\nstart: \"2021-13\"\nend: 2020-02-30")], [
            "content/policies/p.md:6:8: error: `start` must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not `2021-13`",
            "content/policies/p.md:7:6: error: `end` must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not `2020-02-30`",
        ])
    }

    func testYAMLAliasBombFailsFast() throws {
        var yaml = "title: X\nsummary: Y.\ntype: country\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1..<12 {
            yaml += "l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        yaml += "tags: *l11\n"
        let s = try site(["content/countries/x.md": page(yaml)])
        let errors = s.errors()
        XCTAssertTrue(errors.contains("content/countries/x.md:5:1: error: unknown field `l0` in front matter of a country page"), "\(errors)")
        XCTAssertTrue(errors.contains { $0.contains("`tags` must be a string, not a list") })
        XCTAssertLessThan(errors.count, 40)
    }

    // MARK: encodings

    func testCRLFAndBOMWork() throws {
        let text = "\u{FEFF}---\r\ntitle: X\r\nsummary: Y.\r\ntype: country\r\n---\r\nSee [[Nowhere]] [@report]\r\n"
        try assertErrors(["content/countries/x.md": text], [
            "content/countries/x.md:6:5: error: broken wiki link: no page matches `Nowhere`",
        ])
        let ok = try site(["content/countries/x.md": text.replacingOccurrences(of: "[[Nowhere]]", with: "[[Mexico]]")])
        XCTAssertEqual(ok.errors(), [])
    }

    func testInvalidUTF8AndNUL() throws {
        let s = try site([:])
        try s.write("content/countries/bad.md", Data("---\ntitle: X\nsummary: caf".utf8) + Data([0xC3, 0x28]) + Data("\n---\n".utf8))
        try s.write("content/countries/nul.md", Data("---\ntitle: X\n".utf8) + Data([0x61, 0x00, 0x62]) + Data("\n---\n".utf8))
        XCTAssertEqual(s.errors(), [
            "content/countries/bad.md:3:13: error: invalid UTF-8 (byte 0xC3); save the file as UTF-8",
            "content/countries/nul.md:3:2: error: NUL byte in file; is this a binary file?",
        ])
    }

    // MARK: paths

    func testSameSlugTwice() throws {
        try assertErrors(["content/actors/mexico.md": page("title: Government of Mexico\nsummary: S.\ntype: government")], [
            "content/countries/mexico.md: error: slug `mexico` is already used by content/actors/mexico.md; slugs are unique across the wiki",
        ])
    }

    func testBadFileNamesAndAliasesCannotEscape() throws {
        let s = try site([
            "content/countries/Bad Name.md": page(country),
            "content/countries/x.md": page(country + "\naliases: [\"../../../etc/passwd\"]", "[[../../../etc/passwd]] [@report]"),
            "content/stray.txt": "x",
            "content/secret/p.md": page(country),
        ])
        XCTAssertEqual(s.errors(), [
            "content/countries/Bad Name.md: error: file name `Bad Name.md` is not a valid slug: use lower-case letters, digits and single hyphens (`el-salvador.md`)",
            "content/secret: error: unknown content folder; pages go in countries, actors, policies, sources or at the top level",
            "content/stray.txt: error: not a Markdown file (`.md`); move it to templates/assets/ or rename it with a leading `_` to ignore it",
        ])
        try FileManager.default.removeItem(at: s.root.appendingPathComponent("content/countries/Bad Name.md"))
        try FileManager.default.removeItem(at: s.root.appendingPathComponent("content/stray.txt"))
        try FileManager.default.removeItem(at: s.root.appendingPathComponent("content/secret"))
        XCTAssertFalse(s.build().hasErrors)
        let written = tree(s.root.appendingPathComponent("public")).keys
        XCTAssertTrue(written.contains("countries/x/index.html"))
        XCTAssertFalse(written.contains { $0.contains("..") || $0.contains("passwd") })
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: s.root.path).sorted(),
                       ["content", "public", "sitegen.yml", "templates", "texts"])
    }

    func testSymlinkOutOfContentIsRefused() throws {
        let s = try site([:])
        let outside = s.root.appendingPathComponent("outside.md")
        try page(country).write(to: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: s.root.appendingPathComponent("content/countries/link.md").path,
                                                   withDestinationPath: outside.path)
        XCTAssertEqual(s.errors(), [
            "content/countries/link.md: error: symbolic link leads out of the content folder (to \(outside.resolvingSymlinksInPath().path)); refused",
        ])
    }

    // MARK: pathological Markdown

    func testPathologicalMarkdownFinishes() throws {
        let s = try site([
            "content/countries/a.md": page(country, String(repeating: "[[", count: 50_000) + " [@report]"),
            "content/countries/b.md": page(country, String(repeating: ">", count: 100_000) + " deep [@report]"),
            "content/countries/c.md": page(country, (0..<2_000).map { String(repeating: "  ", count: $0) + "- item" }.joined(separator: "\n") + "\n\n[@report]"),
            "content/countries/d.md": page(country, String(repeating: "[@", count: 20_000) + " [@report] " + String(repeating: "[@report \"", count: 20_000)),
        ])
        let d = s.check().diagnostics
        XCTAssertEqual(d.filter { $0.severity == .error }.count, 0, "\(d.prefix(3))")
        XCTAssertTrue(d.contains { $0.description == "content/countries/a.md:6:1: warning: unclosed `[[` is shown as text" })
    }

    // MARK: unsafe HTML

    func testScriptAndJavascriptAreEscapedOrDropped() throws {
        let s = try site([
            "content/countries/x.md": page("""
            title: "<script>alert(1)</script>"
            summary: "<img src=x onerror=alert(1)>"
            type: country
            facts:
              Leader: "<b onmouseover=alert(1)>x</b> [link](javascript:alert(1))"
            """, """
            <script>alert(1)</script>

            Hi <img src=x onerror=alert(1)> [click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [[Mexico|a < b & "c"]] [@report]
            """),
        ])
        let result = s.build()
        XCTAssertFalse(result.hasErrors, "\(result.diagnostics)")
        let html = try XCTUnwrap(s.read("public/countries/x/index.html"))
        XCTAssertFalse(html.contains("<script>alert"))
        XCTAssertFalse(html.contains("<img src=x"))
        XCTAssertFalse(html.contains("<b onmouseover"))
        XCTAssertFalse(html.lowercased().contains("javascript:"))
        XCTAssertFalse(html.contains("data:text/html"))
        XCTAssertTrue(html.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"))
        XCTAssertTrue(html.contains("data-summary=\"A country.\">a &lt; b &amp; &quot;c&quot;</a>"))
        let warnings = result.diagnostics.map(\.description).filter { $0.hasPrefix("content/countries/x.md:") && !$0.contains("orphan page") }
        XCTAssertEqual(warnings, [
            "content/countries/x.md:6:11: warning: infobox row `Leader` has no citation: cite the source of its claim, or remove the row",
            "content/countries/x.md:6:11: warning: raw HTML is not rendered: `<b onmouseover=alert(1)>`; write Markdown instead",
            "content/countries/x.md:6:36: warning: raw HTML is not rendered: `</b>`; write Markdown instead",
            "content/countries/x.md:6:41: warning: unsafe link URL `javascript:alert(1)` removed",
            "content/countries/x.md:8:1: warning: raw HTML is not rendered: `<script>alert(1)</script>`; write Markdown instead",
            "content/countries/x.md:10:4: warning: raw HTML is not rendered: `<img src=x onerror=alert(1)>`; write Markdown instead",
            "content/countries/x.md:10:33: warning: unsafe link URL `javascript:alert(1)` removed",
            "content/countries/x.md:10:62: warning: unsafe link URL `data:text/html;base64,PHNjcmlwdD4=` removed",
        ])
    }

    // MARK: output folder

    func testOutputEqualToContentIsRefusedBeforeDeleting() throws {
        let s = try site([:])
        var o = s.options
        o.outputDir = o.contentDir
        let r = Site(options: o).build()
        XCTAssertEqual(r.diagnostics.map(\.description), ["content: error: refusing to write the site to content: it is or contains the content folder"])
        XCTAssertNotNil(s.read("content/countries/mexico.md"))
        o.outputDir = s.root
        XCTAssertEqual(Site(options: o).build().diagnostics.map(\.description),
                       [".: error: refusing to write the site to .: it is or contains the content folder"])
        o.outputDir = s.root.appendingPathComponent("templates/out")
        XCTAssertEqual(Site(options: o).build().diagnostics.map(\.description),
                       ["templates/out: error: refusing to write the site to templates/out: it is inside the templates folder"])
    }

    func testForeignOutputFolderIsNotReplaced() throws {
        let s = try site([:])
        try s.write("public/notes.txt", "my notes")
        XCTAssertEqual(s.build().diagnostics.filter { $0.severity == .error }.map(\.description),
                       ["public: error: output folder is not empty and was not written by sitegen; remove it or choose another"])
        XCTAssertEqual(s.read("public/notes.txt"), "my notes")
    }

    func testFailedBuildLeavesPreviousOutput() throws {
        let s = try site([:])
        XCTAssertFalse(s.build().hasErrors)
        let before = tree(s.root.appendingPathComponent("public"))
        try s.write("content/countries/x.md", page(country, "[[Nowhere]]"))
        XCTAssertTrue(s.build().hasErrors)
        XCTAssertEqual(tree(s.root.appendingPathComponent("public")), before)
        // Pages are written into a staging folder as they are rendered; a failed build removes it.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: s.root.path).filter { $0.hasPrefix(".public") }
        XCTAssertEqual(leftovers, [])
    }

    // MARK: templates

    func testMissingTemplatesFolder() throws {
        let s = try site([:])
        try FileManager.default.removeItem(at: s.root.appendingPathComponent("templates"))
        XCTAssertEqual(s.errors(), ["templates: error: templates folder not found"])
    }
}
