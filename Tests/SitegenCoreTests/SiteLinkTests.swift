import Foundation
import XCTest
@testable import SitegenBuild
@testable import SitegenGraph
@testable import SitegenMarkdown
@testable import SitegenModel

/// Plain Markdown links and images that point inside the site are checked like wiki links.
final class SiteLinkTests: XCTestCase {
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

    let country = "title: X\nsummary: Y.\ntype: country"

    func testLinksThatResolveAreWrittenRelativeToThePage() throws {
        let body = """
        ## Here

        [a](../mexico/) [b](/actors/amlo/) [c](mexico.md) [d](../actors/amlo.md#top) [e](#here)
        [f](../mexico/#migration) ![g](../../assets/style.css) [h](https://example.org/x) [i](mailto:a@b.org)
        [j](//cdn.example.org/x.js) [k](../../figures/) [l](../mexico) [m](/) [n](#references) [o](../../countries/mexico/index.html)
        [@report]
        """
        let s = try site(["content/countries/x.md": page(country, body)])
        XCTAssertEqual(s.errors(), [])
        XCTAssertFalse(s.build().hasErrors)
        let html = try XCTUnwrap(s.read("public/countries/x/index.html"))
        for href in ["../../actors/amlo/", "../../countries/mexico/", "../../actors/amlo/#top", "#here",
                     "../../countries/mexico/#migration", "https://example.org/x", "mailto:a@b.org",
                     "//cdn.example.org/x.js", "../../figures/", "../../", "#references"] {
            XCTAssertTrue(html.contains("href=\"\(href)\""), href)
        }
        XCTAssertTrue(html.contains(#"src="../../assets/style.css""#))
        XCTAssertFalse(html.contains("mexico.md"))
        XCTAssertFalse(html.contains(#"href="../mexico""#))
    }

    func testBrokenLinksAreErrorsWithTheirPlace() throws {
        let body = """
        [a](../mexcio/) [b](/actors/nobody/) [c](mexcio.md)
        [d](#nowhere) [e](../mexico/#economy) ![f](../../assets/logo.png) [g](../../../x/)
        """
        try XCTAssertEqual(site(["content/countries/x.md": page(country, body)]).errors(), [
            "content/countries/x.md:6:1: error: broken link: `../mexcio/` matches no page or file of the site; did you mean `../mexico/`?",
            "content/countries/x.md:6:17: error: broken link: `/actors/nobody/` matches no page or file of the site",
            "content/countries/x.md:6:38: error: broken link: `mexcio.md` matches no page file in the content folder; did you mean `mexico.md`?",
            "content/countries/x.md:7:1: error: no heading `nowhere` on content/countries/x.md (it has no headings)",
            "content/countries/x.md:7:15: error: no heading `economy` on content/countries/mexico.md; its headings are `Migration`",
            "content/countries/x.md:7:39: error: broken image: `../../assets/logo.png` matches no page or file of the site",
            "content/countries/x.md:7:67: error: broken link: `../../../x/` leads out of the site",
        ])
    }

    func testLinksInFrontMatterValuesAndOnTheTimeline() throws {
        let fields = country + """

        facts:
          Neighbour: "[Mexico](../mexcio/)"
        events:
          - date: "2021-01"
            text: "[Mexico](../mexico/) acts."
            source: report
            quote: "grave security threat"
        """
        let s = try site(["content/countries/x.md": page(fields, "[@report]")])
        XCTAssertEqual(s.errors(), [
            "content/countries/x.md:6:14: error: broken link: `../mexcio/` matches no page or file of the site; did you mean `../mexico/`?",
        ])
        try s.write("content/countries/x.md", page(fields.replacingOccurrences(of: "mexcio", with: "mexico"), "[@report]"))
        XCTAssertFalse(s.build().hasErrors)
        // The event's link, written from the page's folder, is rewritten for the timeline's.
        XCTAssertTrue(try XCTUnwrap(s.read("public/timeline/index.html")).contains(#"href="../countries/mexico/""#))
    }

    func testSiteURLParts() {
        XCTAssertNil(SiteURL("https://example.org"))
        XCTAssertNil(SiteURL("mailto:x@y"))
        XCTAssertNil(SiteURL("//host/x"))
        XCTAssertNil(SiteURL(""))
        let u = SiteURL("../a%20b/?q=1#Sec%C3%A7ao")!
        XCTAssertEqual(u.path, "../a b/")
        XCTAssertEqual(u.query, "q=1")
        XCTAssertEqual(u.fragment, "Secçao")
        XCTAssertEqual(SiteURL("x:y/z")?.path, nil)
        XCTAssertEqual(SiteURL("./x:y")?.path, "./x:y")
        XCTAssertEqual(PageResolver.join("countries/x/", "../../a/./b/.."), "a/")
        XCTAssertNil(PageResolver.join("countries/", "../../x"))
        XCTAssertEqual(PageResolver.relative("countries/mexico/", from: "countries/x/"), "../mexico/")
        XCTAssertEqual(PageResolver.relative("assets/style.css", from: "countries/x/"), "../../assets/style.css")
    }
}
