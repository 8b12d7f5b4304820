import Foundation
import XCTest
@testable import SitegenBuild
@testable import SitegenModel
@testable import SitegenViews

/// Figures: drift between pages, comparability on the Figures page, value ranges.
final class FigureChecksTests: XCTestCase {
    func figure(_ label: String, _ value: String, asOf: String, measure: String = "M", counts: String? = nil,
                source: String = "report", quote: String = "grave security threat") -> String {
        """
          - label: \(label)
            value: "\(value)"
            as_of: "\(asOf)"
            measure: \(measure)
        \(counts.map { "    counts: \($0)\n" } ?? "")    source: \(source)
            quote: "\(quote)"
        """
    }

    func site(_ a: String, _ b: String) throws -> TempSite {
        try TempSite([
            "content/sources/report.md": TempSite.source,
            "content/sources/other.md": TempSite.source.replacingOccurrences(of: "title: The Report", with: "title: The Other"),
            "texts/report.txt": TempSite.sourceText,
            "content/countries/a.md": page("title: A\nsummary: S.\ntype: country\nfigures:\n" + a, "Text [@report] [[B]]."),
            "content/countries/b.md": page("title: B\nsummary: S.\ntype: country\nfigures:\n" + b, "Text [@report] [[A]]."),
        ])
    }

    func testTheSameNumberOnTwoPagesWithDifferentFieldsIsAWarning() throws {
        let s = try site(figure("X", "100", asOf: "2021"), figure("Y", "100", asOf: "2022"))
        XCTAssertEqual(s.diagnostics().filter { $0.contains("figure") }, [
            "content/countries/b.md:6:5: warning: figure `Y` records the same number of the same passage as `X` on content/countries/a.md but differs: as_of `2022` against `2021`; give both the same fields",
        ])
        // Two numbers of one passage are two figures, not drift.
        let t = try site(figure("X", "100", asOf: "2021"), figure("Y", "200", asOf: "2022"))
        XCTAssertEqual(t.diagnostics().filter { $0.contains("figure") }, [])
    }

    func testValueRanges() {
        XCTAssertEqual(ValueRange(text: "370000"), ValueRange(low: 370000, high: 370000))
        XCTAssertEqual(ValueRange(text: "more than 55")?.low, 55)
        XCTAssertEqual(ValueRange(text: "more than 55")?.high, .infinity)
        XCTAssertEqual(ValueRange(text: "up to 20 billion")?.high, 20e9)
        XCTAssertEqual(ValueRange(text: "4 to 12 billion"), ValueRange(low: 4e9, high: 12e9))
        XCTAssertEqual(ValueRange(text: "6,000 to 10,000"), ValueRange(low: 6000, high: 10000))
        XCTAssertEqual(ValueRange(text: "1–4"), ValueRange(low: 1, high: 4))
        XCTAssertEqual(ValueRange(text: "over half a million")?.low, 500_000)
        XCTAssertEqual(ValueRange(text: "around 250,000"), ValueRange(low: 225_000, high: 275_000))
        XCTAssertNil(ValueRange(text: "a quarter"))
        XCTAssertTrue(ValueRange(text: "80")!.overlaps(ValueRange(text: "more than 55")!))
        XCTAssertFalse(ValueRange(text: "around 250,000")!.overlaps(ValueRange(text: "more than 370,000")!))
    }

    func testFiguresPageComparesOnlyWhatCanBeCompared() throws {
        func comparisons(_ a: String, _ b: String) throws -> [FiguresView.Comparison] {
            let s = try site(a, b)
            let views = try XCTUnwrap(Site(options: s.options).views(), s.diagnostics().joined(separator: "\n"))
            return views.figures().groups.flatMap(\.rows).map(\.comparison)
        }
        // Compatible values from different sources: not a disagreement.
        let compatible = try comparisons(figure("X", "80", asOf: "2022", source: "report"),
                                         figure("Y", "more than 55", asOf: "2022", source: "other", quote: "Criminal organizations control the routes"))
        XCTAssertEqual(compatible, [.alone, .alone])
        // Different counts in one period: not comparable.
        let apart = try comparisons(figure("X", "370000", asOf: "2023-12", counts: "people intercepted"),
                                    figure("Y", "250000", asOf: "2023-12", counts: "illegal crossings", source: "other", quote: "Criminal organizations control the routes"))
        XCTAssertEqual(apart, [.notComparable, .notComparable])
        // Values that cannot both be true: disputed.
        let disputed = try comparisons(figure("X", "more than 370,000", asOf: "2023-12"),
                                       figure("Y", "around 250,000", asOf: "2023-12", source: "other", quote: "Criminal organizations control the routes"))
        XCTAssertEqual(disputed, [.disputed, .disputed])
    }
}
