import Foundation
import XCTest
@testable import SitegenBuild
@testable import SitegenGraph
@testable import SitegenLoad
@testable import SitegenMarkdown
@testable import SitegenModel
@testable import SitegenViews
@testable import SiteTemplates

final class ScannerTests: XCTestCase {
    func tokens(_ s: String) -> [String] {
        let b = Array(s.utf8)
        func str(_ r: Range<Int>) -> String { String(decoding: b[r], as: UTF8.self) }
        return AnnotationScanner(b).scan().map {
            switch $0 {
            case let .text(r): return "text(\(str(r)))"
            case let .wikiLink(_, t, l): return "link(\(str(t))\(l.map { "|" + str($0) } ?? ""))"
            case let .citation(_, s, q): return "cite(\(str(s))\(q.map { " " + str($0) } ?? ""))"
            case let .malformedCitation(r): return "bad(\(str(r)))"
            case let .unclosed(r, what): return "unclosed-\(what)(\(str(r)))"
            }
        }
    }

    func testWikiLinks() {
        XCTAssertEqual(tokens("a [[B]] c"), ["text(a )", "link(B)", "text( c)"])
        XCTAssertEqual(tokens("[[B|the b]]"), ["link(B|the b)"])
        XCTAssertEqual(tokens("[[[B]]"), ["text([)", "link(B)"])
        XCTAssertEqual(tokens("[[]] x"), ["text([[]] x)"])
        XCTAssertEqual(tokens("[[B"), ["unclosed-wiki link([[B)"])
    }

    func testCitations() {
        XCTAssertEqual(tokens("x [@src] y"), ["text(x )", "cite(src)", "text( y)"])
        XCTAssertEqual(tokens(#"[@src "a "quoted" word"]"#), [#"cite(src a "quoted" word)"#])
        XCTAssertEqual(tokens("[@src\n\"q\"]"), ["cite(src q)"])
        XCTAssertEqual(tokens("[@src x]"), ["bad([@src x])"])
        XCTAssertEqual(tokens("[@src \"open"), ["unclosed-citation([@src \"open)"])
        XCTAssertEqual(tokens("email [@] me"), ["text(email [@] me)"])
    }

    func testLinearOnPathologicalInput() {
        // Each of these would be quadratic with naive searching; they must simply finish.
        XCTAssertEqual(tokens(String(repeating: "[[", count: 100_000)).count, 1)
        XCTAssertEqual(tokens(String(repeating: "[@a \"", count: 50_000)).count, 1)
        XCTAssertEqual(tokens(String(repeating: "[[a", count: 50_000) + "]]").count, 2)
    }
}

final class ResolveTests: XCTestCase {
    func testLinkKeysFoldCaseDiacriticsAndSpacing() {
        XCTAssertEqual(LinkTable.key("Andrés  Manuel López Obrador"), "andres manuel lopez obrador")
        XCTAssertEqual(LinkTable.key("Darién Gap"), LinkTable.key("darien gap"))
        XCTAssertEqual(LinkTable.key("O’Brien"), "o'brien")
        // Names already in normal form come back as they are; every other ASCII name is folded.
        XCTAssertEqual(LinkTable.key("mexico city"), "mexico city")
        for name in [" mexico", "mexico ", "Mexico", "mexico  city", "mexico\tcity", "mexico\ncity", "", " "] {
            let expected = name.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ").lowercased()
            XCTAssertEqual(LinkTable.key(name), expected, name)
        }
    }

    func testWhitespaceTrimmingMatchesFoundation() {
        for s in ["", " ", "a", " a ", "\ta b\t", "\u{00A0}x\u{2003}", "x\n", "\u{3000}日本\u{3000}", "é ", "  \u{2009}"] {
            XCTAssertEqual(s.trimmedWhitespace, s.trimmingCharacters(in: .whitespaces), s.debugDescription)
            XCTAssertEqual(s[...].trimmedWhitespace, s.trimmingCharacters(in: .whitespaces), s.debugDescription)
        }
    }

    func testSearchIndexStringsAreJSONThatCannotCloseTheScript() throws {
        let s = "a \"q\" \\ </script>\n\r\t\u{01} é \u{2028}\u{2029} 😀"
        let literal = SiteViews.json(s)
        XCTAssertEqual(literal, "\"a \\\"q\\\" \\\\ \\u003c/script>\\n\\r\\t\\u0001 é \\u2028\\u2029 😀\"")
        let decoded = try JSONSerialization.jsonObject(with: Data(literal.utf8), options: .fragmentsAllowed) as? String
        XCTAssertEqual(decoded, s)
    }

    func testSourceTextNormalisation() {
        XCTAssertEqual(SourceTexts.normalize("a\n  “b” —\tc’s"), "a \"b\" - c's")
        var t = SourceTexts()
        t.add(document: "d", text: "One two\nthree four.\n44\nRunning Title\nfive six", pageHeaders: ["Running Title"])
        XCTAssertEqual(t.verify("two three", in: "d"), .found)
        XCTAssertEqual(t.verify("four. five", in: "d"), .notFound(closest: "four.||five six"))
        XCTAssertNil(t.verify("x", in: "other"))
        // Windows line ends: page numbers and running titles on their own lines are still barriers,
        // and the offsets of the original text still point at the quoted words.
        var crlf = SourceTexts()
        crlf.add(document: "d", text: "One two\r\nthree four.\r\n44\r\nRunning Title\r\nfive six\r\n", pageHeaders: ["Running Title"])
        XCTAssertEqual(crlf.verify("two three", in: "d"), .found)
        XCTAssertEqual(crlf.verify("four. five", in: "d"), .notFound(closest: "four.||five six"))
        XCTAssertEqual(crlf.check("three four", in: "d")?.context?.quote, "three four")
        // An empty running title makes blank lines barriers; the last line is read once.
        var blank = SourceTexts()
        blank.add(document: "d", text: "a b\n\nc d\n", pageHeaders: [""])
        XCTAssertEqual(blank.verify("a b", in: "d"), .found)
        XCTAssertNotEqual(blank.verify("b c", in: "d"), .found)
        XCTAssertEqual(blank.verify("c d", in: "d"), .found)
    }

    func testRelativePrefixCountsFolders() {
        XCTAssertEqual(SiteIndex.relativePrefix(""), "")
        XCTAssertEqual(SiteIndex.relativePrefix("/"), "")
        XCTAssertEqual(SiteIndex.relativePrefix("map/"), "../")
        XCTAssertEqual(SiteIndex.relativePrefix("countries/mexico/"), "../../")
        XCTAssertEqual(SiteIndex.relativePrefix("figures/2/x/"), "../../../")
        XCTAssertEqual(SiteIndex.relativePrefix("a//b"), "../../")
        XCTAssertEqual(SiteIndex.relativePrefix("/países/méxico"), "../../")
    }

    func testTypeLabels() {
        XCTAssertEqual(SiteViews.typeLabel("criminal-group"), "Criminal group")
        XCTAssertEqual(SiteViews.typeLabel("Agency"), "Agency")
        XCTAssertEqual(SiteViews.typeLabel("1-2"), "1 2")
        XCTAssertEqual(SiteViews.typeLabel("état-major"), "État major")
        XCTAssertEqual(SiteViews.typeLabel(""), "")
        XCTAssertNil(SiteViews.typeLabel(nil))
    }

    /// Feed ids are version 8 UUIDs, as `String(format:)` spelled them.
    func testFeedIDsAreUUIDs() {
        func fnv(_ key: String, _ seed: UInt64) -> UInt64 {
            key.utf8.reduce(seed) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        }
        for key in ["", "a", "countries/mexico.md\u{1}page", "Zé\u{1}\u{1F600}", String(repeating: "x", count: 300)] {
            var hi = fnv(key, 0xcbf2_9ce4_8422_2325), lo = fnv(key, 0x84222325_cbf29ce4)
            hi = (hi & ~0xF000) | 0x8000
            lo = (lo & ~(0xC << 60)) | (0x8 << 60)
            let h = Array(String(format: "%016llx%016llx", hi, lo))
            let expected = "urn:uuid:" + [h[0..<8], h[8..<12], h[12..<16], h[16..<20], h[20..<32]].map { String($0) }.joined(separator: "-")
            XCTAssertEqual(SiteViews.urn(key), expected)
        }
    }

    func testPartialDates() {
        XCTAssertEqual(PartialDate("2024")?.display, "2024")
        XCTAssertEqual(PartialDate("2022-06")?.display, "June 2022")
        XCTAssertEqual(PartialDate("2021-01-20")?.display, "20 January 2021")
        XCTAssertNil(PartialDate("2021-1"))
        XCTAssertNil(PartialDate("2023-02-29"))
        XCTAssertNotNil(PartialDate("2024-02-29"))
        XCTAssertTrue(PartialDate("2021")! < PartialDate("2021-01")!)
    }

    func testAnchorsAndEscaping() {
        XCTAssertEqual("Where the sources disagree".anchorSlug, "where-the-sources-disagree")
        XCTAssertEqual("Relations with México (2019–2021)".anchorSlug, "relations-with-mexico-2019-2021")
        // Text without letters or digits gets an id from its code points, so different headings differ.
        XCTAssertEqual("¿?".anchorSlug, "ubf-3f")
        XCTAssertEqual("🎉".anchorSlug, "u1f389")
        XCTAssertNotEqual("🎉".anchorSlug, "🎊".anchorSlug)
        XCTAssertEqual("".anchorSlug, "section")
        // Other scripts are transliterated.
        XCTAssertEqual("Москва".anchorSlug, "moskva")
        XCTAssertEqual("日本".anchorSlug, "ri-ben")
        XCTAssertEqual(#"<a href="x">'&'</a>"#.htmlEscaped, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        XCTAssertTrue(URLSafety.isDangerous(" JavaScript:alert(1)"))
        XCTAssertTrue(URLSafety.isDangerous("java\tscript:x"))
        XCTAssertFalse(URLSafety.isDangerous("https://example.org"))
    }

    func testSuggestions() {
        XCTAssertEqual(YAMLReader.suggestion(for: "titel", among: ["title", "summary"]), "title")
        XCTAssertNil(YAMLReader.suggestion(for: "colour", among: ["title", "summary"]))
    }

    func testNumbers() {
        XCTAssertEqual(FrontMatter.parseNumber("370,000"), 370_000)
        XCTAssertEqual(FrontMatter.parseNumber("-2.5"), -2.5)
        XCTAssertNil(FrontMatter.parseNumber("10-15"))
        XCTAssertNil(FrontMatter.parseNumber("about 5"))
    }
}

final class LoadTests: XCTestCase {
    func testDecoding() {
        guard case let .success(s) = TextDecoding.decode(Data([0xEF, 0xBB, 0xBF]) + Data("a\r\nb\rc".utf8)) else { return XCTFail() }
        XCTAssertEqual(s, "a\nb\nc")
        guard case let .failure(loc, _) = TextDecoding.decode(Data("ab\nc".utf8) + Data([0xED, 0xA0, 0x80])) else { return XCTFail() }
        XCTAssertEqual(loc, SourceLocation(line: 2, column: 2))
    }

    func testFrontMatterSplit() {
        let s = FrontMatterSplit("---\ntitle: X\n---\nBody\n")!
        XCTAssertEqual(s.yaml, "title: X")
        XCTAssertEqual(s.body, "Body\n")
        XCTAssertEqual(s.bodyLineOffset, 3)
        XCTAssertNil(FrontMatterSplit("title: X\n"))
        XCTAssertNil(FrontMatterSplit("---\ntitle: X\n"))
    }

    func testSlugs() {
        XCTAssertTrue(ContentLoader.isValidSlug("el-salvador"))
        XCTAssertTrue(ContentLoader.isValidSlug("title-42"))
        for bad in ["", "..", "a/b", "A", "a--b", "-a", "a-", "ñ", "a b", "a.b"] {
            XCTAssertFalse(ContentLoader.isValidSlug(bad), bad)
        }
    }
}
