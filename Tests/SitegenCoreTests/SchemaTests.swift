import Foundation
import XCTest
@testable import SitegenLoad
@testable import SitegenModel

/// The front-matter schema is declared once; the authoring guide's field tables are made from it.
final class SchemaTests: XCTestCase {
    static let tables: [(String, String)] = [
        ("common", FrontMatterSchema.markdownTable(FrontMatterSchema.common)),
        ("country", FrontMatterSchema.markdownTable(FrontMatterSchema.kindFields(.country))),
        ("actor", FrontMatterSchema.markdownTable(FrontMatterSchema.kindFields(.actor))),
        ("policy", FrontMatterSchema.markdownTable(FrontMatterSchema.kindFields(.policy))),
        ("source", FrontMatterSchema.markdownTable(FrontMatterSchema.kindFields(.source))),
        ("figure", FrontMatterSchema.markdownTable(FrontMatterSchema.figureFields)),
        ("event", FrontMatterSchema.markdownTable(FrontMatterSchema.eventFields)),
    ]

    /// Set SITEGEN_UPDATE_DOCS=1 to rewrite the tables in docs/authoring.md after a schema change.
    func testAuthoringGuideTablesMatchTheSchema() throws {
        let url = repoRoot.appendingPathComponent("docs/authoring.md")
        var text = try String(contentsOf: url, encoding: .utf8)
        for (name, table) in Self.tables {
            let open = "<!-- fields: \(name) -->\n", close = "<!-- /fields -->"
            let start = try XCTUnwrap(text.range(of: open), "no `\(open)` marker in docs/authoring.md")
            let end = try XCTUnwrap(text.range(of: close, range: start.upperBound..<text.endIndex))
            let current = String(text[start.upperBound..<end.lowerBound])
            if ProcessInfo.processInfo.environment["SITEGEN_UPDATE_DOCS"] == "1" {
                text.replaceSubrange(start.upperBound..<end.lowerBound, with: table)
            } else {
                XCTAssertEqual(current, table, "docs/authoring.md table `\(name)` differs from the schema")
            }
        }
        if ProcessInfo.processInfo.environment["SITEGEN_UPDATE_DOCS"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    func testRequiredAndKnownFieldsComeFromTheSchema() throws {
        let s = try TempSite(["content/policies/p.md": page("title: P\nsummary: S.\ntype: law\nstatsu: active", "Text.")], config: "title: T\n")
        // The misspelt key stands in for the missing field: one mistake, one error.
        XCTAssertEqual(s.errors(), [
            "content/policies/p.md:5:1: error: unknown field `statsu` in front matter of a policy page; did you mean `status`?",
        ])
        let missing = try TempSite(["content/policies/p.md": page("title: P\nsummary: S.\ntype: law", "Text.")], config: "title: T\n")
        XCTAssertEqual(missing.errors(), ["content/policies/p.md:2:1: error: missing required field `status` in front matter of a policy page"])
        for kind in PageKind.allCases {
            let names = FrontMatterSchema.fields(for: kind).map(\.name)
            XCTAssertEqual(Set(names).count, names.count, "duplicate field in the schema of \(kind)")
        }
    }
}
