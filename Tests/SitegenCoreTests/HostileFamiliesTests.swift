import Foundation
import XCTest
@testable import SitegenBuild
@testable import SitegenGraph
@testable import SitegenLoad
@testable import SitegenMarkdown
@testable import SitegenModel
@testable import SitegenViews
@testable import SiteTemplates

/// Seconds `body` takes.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now()
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

/// Runs `body` and fails when it takes longer than `bound` seconds: a hang or a quadratic blow-up fails
/// the case instead of the suite's time limit. The bounds are generous for a debug build on a busy
/// machine; the linear cases are in the tens of milliseconds in release.
@discardableResult
func within<T>(_ bound: Double, _ what: String, file: StaticString = #filePath, line: UInt = #line,
               _ body: () throws -> T) rethrows -> T {
    var result: T?
    let t = try seconds { result = try body() }
    XCTAssertLessThan(t, bound, "\(what) took \(String(format: "%.2f", t)) s", file: file, line: line)
    return result!
}

/// An annotation handler that resolves every link and citation and records where they were.
struct RecordingHandler: AnnotationHandler {
    var links: [(String, SourceLocation)] = []
    var citations: [(String, SourceLocation)] = []
    var problems: [String] = []

    mutating func wikiLink(target: String, label: String?, at: SourceLocation) -> (href: String, summary: String, label: String)? {
        links.append((target, at))
        return ("#", "", label ?? target)
    }

    mutating func citation(source: String, quote: String?, at: SourceLocation) -> CitationMark? {
        citations.append((source, at))
        return CitationMark(number: citations.count, markID: "", href: "#ref-1")
    }

    mutating func error(_ loc: SourceLocation, _ message: String) { problems.append("\(loc.line):\(loc.column): \(message)") }
    mutating func warning(_ loc: SourceLocation, _ message: String) { problems.append("\(loc.line):\(loc.column): \(message)") }
}

/// Runs the annotation pass over `markdown` with the site's markup: the handler, the headings and the HTML.
func annotate(_ markdown: String) -> (RecordingHandler, [Heading], String) {
    var pass = AnnotationPass(handler: RecordingHandler(), markup: SiteMarkup())
    let doc = MarkdownDocument(markdown)
    let headings = pass.annotate(doc, lineBase: 0)
    return (pass.handler, headings, doc.renderHTML().string)
}

/// Families of hostile or careless input: each case is bounded in time and checks the output is right.
final class HostileFamiliesTests: XCTestCase {
    let country = "title: X\nsummary: Y.\ntype: country"

    func site(_ files: [String: String]) throws -> TempSite {
        var all: [String: String] = [
            "content/sources/report.md": TempSite.source,
            "texts/report.txt": TempSite.sourceText,
            "content/countries/mexico.md": page("title: Mexico\nsummary: A country.\ntype: country", "## Migration\n\nText [@report]."),
        ]
        for (k, v) in files { all[k] = v }
        return try TempSite(all)
    }

    // MARK: annotations: line and column found in one pass

    func testTwoHundredThousandCitationsOnOneLine() {
        let n = 200_000
        let (h, _, html) = within(3, "200,000 citations on one line") { annotate(String(repeating: "[@x]", count: n)) }
        XCTAssertEqual(h.citations.count, n)
        XCTAssertEqual(h.citations.last.map { [$0.1.line, $0.1.column] }, [1, 4 * (n - 1) + 1])
        XCTAssertTrue(html.hasPrefix("<p><sup class=\"cite\">"))
    }

    func testCitationsAcrossManyLinesKeepTheirLines() {
        let n = 50_000
        let (h, _, _) = within(3, "50,000 citations on 50,000 lines") {
            annotate((0..<n).map { _ in "a [@x]" }.joined(separator: "\n"))
        }
        XCTAssertEqual(h.citations.count, n)
        XCTAssertEqual(h.citations.last.map { [$0.1.line, $0.1.column] }, [n, 3])
    }

    func testFiveMegabyteLineOfLinks() {
        // Half a million links: about a second in release, ten in a debug build, so the bound is wide
        // and linearity is checked against a line of one fifth the size.
        let link = "[[links]] "
        let n = 5_000_000 / link.utf8.count
        let tSmall = seconds { _ = annotate(String(repeating: link, count: n / 5)) }
        var h = RecordingHandler()
        let t = seconds { h = annotate(String(repeating: link, count: n)).0 }
        XCTAssertLessThan(t, 30, "a 5 MB line of wiki links")
        XCTAssertLessThan(t, max(tSmall, 0.05) * 10, "1 MB: \(tSmall) s, 5 MB: \(t) s")
        XCTAssertEqual(h.links.count, n)
        XCTAssertEqual(h.links.last.map { [$0.1.line, $0.1.column] }, [1, link.utf8.count * (n - 1) + 1])
    }

    func testUnclosedAnnotationsOnALongLine() {
        let (h, _, _) = within(3, "100,000 unclosed citations") { annotate(String(repeating: "[@x \"", count: 100_000)) }
        XCTAssertEqual(h.citations.count, 0)
        XCTAssertEqual(h.problems.count, 1)
    }

    // MARK: broken and ambiguous links across many pages

    /// `n` pages that each link the misspelled `[[Mexcio]]`.
    func misspelledSite(_ n: Int) throws -> TempSite {
        var files: [String: String] = [:]
        for i in 0..<n {
            files["content/countries/c\(i).md"] = page("title: Country \(i)\nsummary: Y.\ntype: country", "See [[Mexcio]] [@report].")
        }
        return try site(files)
    }

    func testManyPagesLinkingOneMisspelledNameIsLinear() throws {
        let small = try misspelledSite(500), large = try misspelledSite(2_000)
        var errors: [String] = []
        let tSmall = seconds { _ = small.check() }
        let tLarge = seconds { errors = large.errors() }
        XCTAssertLessThan(tLarge, 20, "2,000 pages with one broken link each")
        XCTAssertEqual(errors.count, 2_000)
        XCTAssertTrue(errors.allSatisfy { $0.hasSuffix("broken wiki link: no page matches `Mexcio`; did you mean `Mexico`?") }, errors.first ?? "")
        // Four times the pages: linear is about 4×, quadratic 16×.
        XCTAssertLessThan(tLarge, max(tSmall, 0.05) * 9, "500 pages: \(tSmall) s, 2,000 pages: \(tLarge) s")
    }

    func testAmbiguousLinksToThousandsOfSameTitledPagesStayShort() throws {
        var files: [String: String] = [:]
        for i in 0..<2_000 {
            files["content/actors/same-\(i).md"] = page("title: Same\nsummary: Y.\ntype: person", "See [[Same]] [@report].")
        }
        let s = try site(files)
        let errors = within(20, "2,000 same-titled pages linking each other") { s.errors() }
        XCTAssertEqual(errors.count, 2_000)
        let bytes = errors.reduce(0) { $0 + $1.utf8.count }
        XCTAssertLessThan(errors.map(\.utf8.count).max() ?? 0, 400, errors.first ?? "")
        XCTAssertLessThan(bytes, 1_000_000)
        XCTAssertTrue(errors[0].contains("and 1997 more; use the kind-qualified slug"), errors[0])
    }

    // MARK: heading ids

    func testTenThousandIdenticalHeadings() {
        let (_, headings, _) = within(3, "10,000 identical headings") { annotate(String(repeating: "## Notes\n\n", count: 10_000)) }
        XCTAssertEqual(headings.count, 10_000)
        XCTAssertEqual(Set(headings.map(\.id)).count, 10_000)
        XCTAssertEqual(headings.prefix(3).map(\.id), ["notes", "notes-2", "notes-3"])
    }

    func testHeadingsLikeTheirDeduplicatedIDs() {
        let (_, headings, _) = within(3, "headings named like numbered ids") {
            annotate((["A", "A", "A-2", "A 2", "A-3"] + Array(repeating: "A", count: 2_000)).map { "## \($0)\n" }.joined())
        }
        XCTAssertEqual(Set(headings.map(\.id)).count, headings.count)
        XCTAssertEqual(headings.prefix(5).map(\.id), ["a", "a-2", "a-2-2", "a-2-3", "a-3"])
    }

    func testEmojiAndNonLatinHeadingsGetDistinctIDs() throws {
        let titles = ["🎉", "🎊", "🎉🎊", "Москва", "Київ", "日本", "中国", "Ελλάδα", "مصر", "🎉"]
        let (_, headings, _) = annotate(titles.map { "## \($0)\n" }.joined())
        let ids = headings.map(\.id)
        XCTAssertEqual(Set(ids).count, titles.count, "\(ids)")
        XCTAssertFalse(ids.contains("section"), "\(ids)")
        XCTAssertEqual(ids[0], "u1f389")
        XCTAssertEqual(ids[3], "moskva")
        XCTAssertEqual(ids.last, "u1f389-2")
    }

    func testEmojiHeadingLinksLandOnTheirHeadingOnly() throws {
        let s = try site([
            "content/countries/x.md": page(country, "## 🎊\n\nText [@report]. See [[#🎉]] and [[Mexico#🎉]]."),
            "content/countries/y.md": page("title: Z\nsummary: Y.\ntype: country", "## 🎉\n\n## Москва\n\nSee [[#🎉]], [[#Москва]], [[X#🎊]] and [[X]] [@report]."),
        ])
        XCTAssertEqual(s.errors(), [
            "content/countries/x.md:8:21: error: no heading `u1f389` on content/countries/x.md; its headings are `🎊`",
            "content/countries/x.md:8:32: error: no heading `u1f389` on content/countries/mexico.md; its headings are `Migration`",
        ])
    }

    func testHeadingsNeverTakeTheTemplatesIDs() throws {
        let reserved = ["ref-1", "cite-1-1", "toc-title", "search-input", "map-title", "references", "m-other-figures", "y2020"]
        let (_, headings, _) = within(3, "headings named like template ids") {
            annotate((reserved + ["Ref notes", "M", "M", "Ref", "Ref", "Cite", "Cite"]).map { "## \($0)\n" }.joined())
        }
        let ids = headings.map(\.id)
        let markup = SiteMarkup()
        XCTAssertEqual(Set(ids).count, ids.count, "\(ids)")
        for id in ids { XCTAssertFalse(markup.isReservedID(id), id) }
        XCTAssertEqual(Array(ids.prefix(4)), ["h-ref-1", "h-cite-1-1", "h-toc-title", "h-search-input"])

        // A link to such a heading lands on it, and citation marks keep their own ids.
        let s = try site(["content/countries/x.md": page(country, "## ref-1\n\n## Toc title\n\nText [@report]. See [[#ref-1]] and [[X#Toc title]].")])
        XCTAssertEqual(s.errors(), [])
        _ = s.build()
        let html = try XCTUnwrap(s.read("public/countries/x/index.html"))
        XCTAssertTrue(html.contains(#"<h2 id="h-ref-1">"#), html)
        XCTAssertTrue(html.contains(##"href="#h-ref-1""##))
        XCTAssertTrue(html.contains(##"href="#h-toc-title""##))
        for id in ["ref-1", "toc-title", "cite-1-1"] {
            XCTAssertLessThanOrEqual(html.components(separatedBy: "id=\"\(id)\"").count - 1, 1, id)
        }
    }

    // MARK: figures page

    func testFigureMeasureIDsAreDistinct() throws {
        func figure(_ measure: String?, _ value: Int) -> String {
            """
              - label: Figure \(value)
                value: \(value)
                unit: people
                as_of: "2022"
            \(measure.map { "    measure: \($0)\n" } ?? "")    source: report
                quote: "grave security threat"
            """
        }
        let figures = [figure("Border encounters", 1), figure("border-encounters", 2), figure("Other", 3),
                       figure("Other figures", 4), figure(nil, 5), figure("Border Encounters!", 6)]
        let s = try site(["content/countries/x.md": page(country + "\nfigures:\n" + figures.joined(separator: "\n"))])
        XCTAssertEqual(s.errors(), [])
        _ = s.build()
        let html = try XCTUnwrap(s.read("public/figures/index.html"))
        let ids = html.components(separatedBy: "<h2 id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        XCTAssertEqual(ids.count, 6, "\(ids)")
        XCTAssertEqual(Set(ids).count, ids.count, "\(ids)")
        for id in ids { XCTAssertEqual(html.components(separatedBy: "id=\"\(id)\"").count - 1, 1, id) }
    }
}
