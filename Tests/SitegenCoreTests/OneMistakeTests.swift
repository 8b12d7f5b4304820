import Foundation
import XCTest
@testable import SitegenBuild
@testable import SitegenLoad
@testable import SitegenModel

/// One mistake, one error: a page whose front matter has errors keeps its name, so that pages linking
/// to it report nothing.
final class OneMistakeTests: XCTestCase {
    let amloFields = "summary: A president.\ntype: person\naliases: [AMLO]"

    func site(amlo: String) throws -> TempSite {
        try TempSite([
            "content/sources/report.md": TempSite.source,
            "texts/report.txt": TempSite.sourceText,
            "content/actors/amlo.md": page(amlo, "## Security policy\n\nText [@report]."),
            "content/countries/mexico.md": page("title: Mexico\nsummary: A country.\ntype: country",
                                                "[[Andrés Manuel López Obrador]], [[AMLO]], [[amlo#Security policy]] [@report]."),
            "content/policies/hugs.md": page("title: Hugs not bullets\nsummary: A policy.\ntype: strategy\nstatus: ended\nactors: [Andres Manuel Lopez Obrador]",
                                             "By [[actors/amlo|him]] [@report]."),
        ])
    }

    func testMistypedKeyGivesExactlyTheErrorsInThatFile() throws {
        let s = try site(amlo: "titel: Andrés Manuel López Obrador\n" + amloFields)
        XCTAssertEqual(s.errors(), [
            "content/actors/amlo.md:2:1: error: unknown field `titel` in front matter of a actor page; did you mean `title`?",
        ])
        XCTAssertTrue(s.build().hasErrors)
        XCTAssertNil(s.read("public/index.html"))
    }

    func testInvalidFieldKeepsTheNameAndReportsOnlyItself() throws {
        let s = try site(amlo: "title: Andrés Manuel López Obrador\n" + amloFields.replacingOccurrences(of: "person", with: "persona"))
        XCTAssertEqual(s.errors(), [
            "content/actors/amlo.md:4:7: error: `type` must be one of `person`, `criminal-group`, `agency`, `organization`, `government`, not `persona`",
        ])
    }

    func testBrokenYAMLKeepsTheSlug() throws {
        let s = try site(amlo: "title: [unclosed\n" + amloFields)
        // Without readable fields only the slug is known: links by slug resolve, by title or alias not.
        let errors = s.errors()
        XCTAssertEqual(errors.filter { $0.hasPrefix("content/actors/amlo.md:") }.count, 1, "\(errors)")
        XCTAssertFalse(errors.contains { $0.contains("`amlo") || $0.contains("actors/amlo`") }, "\(errors)")
    }

    func testQuotesOfASourceWithoutItsDocumentSayNothingMore() throws {
        let s = try site(amlo: "title: Andrés Manuel López Obrador\n" + amloFields)
        try s.write("content/sources/report.md", TempSite.source.replacingOccurrences(of: "document: report.txt", with: "document: [report.txt]"))
        try s.write("content/countries/peru.md", page("title: Peru\nsummary: A country.\ntype: country", "[[Mexico]] [@report \"grave security threat\"]."))
        XCTAssertEqual(s.diagnostics(), [
            "content/sources/report.md:8:11: error: `document` must be a string, not a list",
        ])
    }

    func testMisspeltKeyDoesNotStandInForAPresentField() throws {
        let s = try site(amlo: "title: Andrés Manuel López Obrador\ntitel: Other\n" + amloFields)
        XCTAssertEqual(s.errors(), [
            "content/actors/amlo.md:3:1: error: unknown field `titel` in front matter of a actor page; did you mean `title`?",
        ])
    }
}
