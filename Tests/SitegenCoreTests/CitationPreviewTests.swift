import Foundation
import XCTest
@testable import SitegenBuild
@testable import SitegenGraph
@testable import SitegenLoad
@testable import SitegenMarkdown
@testable import SitegenModel
@testable import SitegenViews

/// Citation previews, quotes in context, references grouped by source, source URLs, "Referenced by"
/// with its sentences, the disagreements page and the timeline's merged events and filters.
final class CitationPreviewTests: XCTestCase {
    static let text = """
    First sentence of the report. The illegal migration crisis at the U.S. southern border presents a grave security
    threat to the United States and a “humanitarian catastrophe” for the vulnerable people. Then the
    report goes on — at length.
    44
    Biden’s Border Crisis
    Criminal organizations control the routes. They charge fees.
    """

    func testContextComesFromTheOriginalTextAroundTheQuote() {
        var st = SourceTexts()
        st.add(document: "r.txt", text: Self.text, pageHeaders: ["Biden’s Border Crisis"])
        let c = st.context(of: "a \"humanitarian catastrophe\" for the vulnerable", in: "r.txt")
        // The quote as the document writes it (curly quotes), the sentence around it, white space folded.
        XCTAssertEqual(c?.quote, "a “humanitarian catastrophe” for the vulnerable")
        XCTAssertEqual(c?.before, "The illegal migration crisis at the U.S. southern border presents a grave security threat to the United States and ")
        XCTAssertEqual(c?.after, " people. Then the report goes on — at length.")
        // Never across page furniture (the page number and the running title).
        let d = st.context(of: "Criminal organizations control", in: "r.txt")
        XCTAssertEqual(d?.before, "")
        XCTAssertEqual(d?.after, " the routes. They charge fees.")
        XCTAssertNil(st.context(of: "not in the text", in: "r.txt"))
    }

    func testTextFragmentIsPercentEncodedFromTheVerifiedWords() {
        XCTAssertEqual(QuoteContext.textFragmentURL("https://ex.org/a#top", quote: "grave security-threat, now"),
                       "https://ex.org/a#:~:text=grave%20security%2Dthreat%2C%20now")
        XCTAssertEqual(QuoteContext.textFragmentURL("https://ex.org/a", quote: "one two three four five six seven eight nine"),
                       "https://ex.org/a#:~:text=one%20two%20three%20four,six%20seven%20eight%20nine")
    }

    func site(_ files: [String: String]) throws -> TempSite {
        var all: [String: String] = [
            "content/sources/report.md": TempSite.source.replacingOccurrences(of: "document: report.txt", with: """
            document: report.txt
            url: https://example.org/report
            archive_url: https://web.archive.org/web/2024/https://example.org/report
            accessed: 2024-05-02
            """),
            "content/sources/essay.md": page("title: The Essay\nsummary: An essay.\npublisher: Magazine\nauthor: Unknown\ndate: \"2024\"\nviewpoint: centrist\ndocument: essay.txt", "An essay [@essay]."),
            "texts/report.txt": Self.text,
            "texts/essay.txt": "Crime rules the state. Nobody counts the dead.\n",
        ]
        for (k, v) in files { all[k] = v }
        return try TempSite(all)
    }

    func testReferencesAreGroupedBySourceWithPreviewCardsAndOriginalLinks() throws {
        let body = """
        The border is a threat [@report "grave security threat"] and a catastrophe [@report "humanitarian catastrophe"];
        crime rules [@essay "Crime rules the state"]. Again a threat [@report "grave security threat"].
        """
        let s = try site(["content/countries/mexico.md": page("title: Mexico\nsummary: A country.\ntype: country", body),
                          "content/countries/peru.md": page("title: Peru\nsummary: Another.\ntype: country", "Near [[Mexico]] [@report \"grave security threat\"].")])
        let result = s.build()
        XCTAssertEqual(result.diagnostics.filter { $0.severity == .error }.map(\.description), [])
        let html = try XCTUnwrap(s.read("public/countries/mexico/index.html"))
        // One entry per source, the quotes under it with their numbers and back-links.
        XCTAssertEqual(html.components(separatedBy: "<li class=\"ref-group\">").count - 1, 2)
        XCTAssertTrue(html.contains("<li id=\"ref-1\" value=\"1\"><span class=\"backrefs\"><a href=\"#cite-1-1\" aria-label=\"Back to citation\">a</a> <a href=\"#cite-1-2\" aria-label=\"Back to citation\">b</a> </span>"))
        XCTAssertTrue(html.contains("<a class=\"ref-original\" href=\"https://example.org/report#:~:text=grave%20security%20threat\">in the original</a>"))
        XCTAssertTrue(html.contains("(<a href=\"https://example.org/report\">original</a>, <a href=\"https://web.archive.org/web/2024/https://example.org/report\">archived copy</a>, accessed 2 May 2024)"))
        // A card per reference, with the context from the original and how many other pages cite it.
        XCTAssertEqual(html.components(separatedBy: "<div class=\"cite-card\"").count - 1, 3)
        XCTAssertTrue(html.contains("<div class=\"cite-card\" data-for=\"#ref-2\" data-number=\"2\">"))
        XCTAssertTrue(html.contains("and a “</span><mark>humanitarian catastrophe</mark><span class=\"cc-context\">” for the vulnerable people."))
        XCTAssertTrue(html.contains("Also cited on 1 other page"))
        XCTAssertTrue(html.contains("<script src=\"../../assets/cite.js\" defer></script>"))
        // The mark stays a plain link to its reference.
        XCTAssertTrue(html.contains("<sup class=\"cite\" id=\"cite-1-1\"><a href=\"#ref-1\" aria-label=\"Reference 1\">[1]</a></sup>"))
        // Referenced by: the sentence that links, with its mark pointing at the linking page's reference.
        XCTAssertTrue(html.contains("<li><a href=\"../../countries/peru/\">Peru</a><ul class=\"evidence\"><li>Near <strong>Mexico</strong><sup class=\"cite\"><a href=\"../../countries/peru/#ref-1\" aria-label=\"Reference 1\">[1]</a></sup>.</li></ul></li>"), html)
        XCTAssertTrue(html.contains("by source viewpoint: partisan 1"))
        // The source page shows the document's metadata, not its file name.
        let source = try XCTUnwrap(s.read("public/sources/report/index.html"))
        XCTAssertFalse(source.contains("report.txt"))
        XCTAssertTrue(source.contains("<th scope=\"row\">Published at</th><td><a href=\"https://example.org/report\">example.org</a></td>"))
        XCTAssertTrue(source.contains("<th scope=\"row\">Accessed</th><td>2 May 2024</td>"))
    }

    func testSourceURLMustBeHTTP() throws {
        let s = try site(["content/sources/report.md": TempSite.source.replacingOccurrences(of: "document: report.txt", with: "document: report.txt\nurl: javascript:alert(1)")])
        XCTAssertEqual(s.errors(), ["content/sources/report.md:9:6: error: `url` must be an absolute http or https URL, not `javascript:alert(1)`"])
    }

    func testDisagreementsPageListsEveryBoxWithItsClaimsAndTheSourcePairs() throws {
        let body = """
        ## Crime

        > [!DISAGREEMENT] The report sees a threat [@report "grave security threat"]; the essay sees
        > state capture [@essay "Crime rules the state"].

        > [!NOTE] Not a disagreement.
        """
        let s = try site(["content/countries/mexico.md": page("title: Mexico\nsummary: A country.\ntype: country", body),
                          "content/actors/x.md": page("title: X\nsummary: Y.\ntype: person", "> [!disagreement] Lower case [@essay \"Nobody counts the dead\"] vs [@report \"Criminal organizations\"].\n\nSee [[Mexico]].")])
        XCTAssertFalse(s.build().hasErrors)
        let html = try XCTUnwrap(s.read("public/disagreements/index.html"))
        XCTAssertEqual(html.components(separatedBy: "class=\"callout callout-disagreement\"").count - 1, 2)
        XCTAssertFalse(html.contains("callout-note"))
        // Under its heading, linked on its page; marks point at the page's references, with previews.
        XCTAssertTrue(html.contains("<p class=\"d-where\">Under <a href=\"../countries/mexico/#crime\">Crime</a></p>"))
        XCTAssertTrue(html.contains("<a href=\"../countries/mexico/#ref-1\" aria-label=\"Reference 1\">[1]</a>"))
        XCTAssertTrue(html.contains("data-for=\"../countries/mexico/#ref-2\""))
        XCTAssertTrue(html.contains("<p class=\"claim-source\"><a href=\"../sources/essay/\">The Essay</a></p>\n<p class=\"viewpoint\">centrist</p>"))
        // Both boxes cite the report and the essay.
        XCTAssertTrue(html.contains("<td class=\"num\">2</td>"), html)
        XCTAssertTrue(html.contains("<a href=\"../disagreements/\" aria-current=\"page\">Disagreements</a>"))
    }

    func testDisagreementsPageListsDisputedFiguresSideBySide() throws {
        func figure(_ value: String, _ source: String, _ quote: String) -> String {
            "figures:\n  - label: Threat level\n    value: \(value)\n    as_of: \"2022\"\n    measure: Threat level\n    source: \(source)\n    quote: \"\(quote)\""
        }
        let s = try site([
            "content/countries/mexico.md": page("title: Mexico\nsummary: A country.\ntype: country\n" + figure("3", "report", "grave security threat")),
            "content/countries/peru.md": page("title: Peru\nsummary: A country.\ntype: country\n" + figure("5", "essay", "Crime rules the state") + "\nrelated: [Mexico]", "Text [@essay]. See [[Mexico]]."),
        ])
        XCTAssertFalse(s.build().hasErrors)
        let html = try XCTUnwrap(s.read("public/disagreements/index.html"))
        XCTAssertTrue(html.contains("<h3><a href=\"../figures/#m-threat-level\">Threat level</a>, 2022</h3>"), html)
        XCTAssertTrue(html.contains("<p class=\"claim-value\"><strong>3</strong>: Threat level</p>"))
        XCTAssertTrue(html.contains("<p class=\"claim-value\"><strong>5</strong>: Threat level</p>"))
        XCTAssertTrue(html.contains("0 boxes on 0 pages; 1 disputed figure."))
    }

    func testTimelineMergesEventsRecordedTwiceAndCarriesFilterKeysAndPreviews() throws {
        let event = """
        events:
          - date: 2022-06
            text: The report is published.
            source: report
            quote: grave security threat
        """
        let s = try site([
            "content/countries/mexico.md": page("title: Mexico\nsummary: A country.\ntype: country\n" + event),
            "content/actors/amlo.md": page("title: AMLO\nsummary: A president.\ntype: person\ncountries: [Mexico]\n" + event),
        ])
        XCTAssertFalse(s.build().hasErrors)
        let html = try XCTUnwrap(s.read("public/timeline/index.html"))
        XCTAssertEqual(html.components(separatedBy: "The report is published.").count - 1, 1)
        XCTAssertTrue(html.contains("data-countries=\"mexico\" data-actors=\"amlo\" data-source=\"report\""), html)
        XCTAssertTrue(html.contains("<span class=\"t-also\">also on <a href=\"../countries/mexico/\">Mexico</a></span>"))
        XCTAssertTrue(html.contains("<div class=\"cite-card\" data-for=\"../actors/amlo/#ref-2\""), html)
        XCTAssertTrue(html.contains("<select id=\"tf-countries\" data-filter=\"countries\"><option value=\"\">All countries</option><option value=\"mexico\">Mexico (1)</option></select>"))
    }

    func testLinkSentenceIsTheSentenceAroundTheLink() {
        let pieces: [SentencePiece] = [.text("One thing. The wall of "), .link("Mexico"), .text(" is long"), .cite(3),
                                       .text(". Next sentence with "), .link("Peru"), .text(".")]
        XCTAssertEqual(LinkSentence.around(pieces, 1).pieces, [.text("The wall of "), .link("Mexico"), .text(" is long"), .cite(3), .text(".")])
        XCTAssertEqual(LinkSentence.around(pieces, 5).pieces, [.text("Next sentence with "), .link("Peru"), .text(".")])
        let long = [SentencePiece.text(String(repeating: "word ", count: 200)), .link("X"), .text(String(repeating: " more", count: 200))]
        XCTAssertLessThanOrEqual(LinkSentence.around(long, 1).text.count, LinkSentence.limit + 4)
    }
}
