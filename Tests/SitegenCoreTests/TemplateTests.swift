import Foundation
import XCTest
@testable import SiteTemplates
@testable import SitegenBuild
@testable import SitegenModel
@testable import SitegenViews

/// Escaping is the default: every `String` a template inserts is escaped, in text and in attributes,
/// and raw markup comes only from the code that makes it safe.
final class TemplateTests: XCTestCase {
    func testInterpolatedStringsAreEscapedAndHTMLIsNot() {
        let s = #""><script>alert('x')</script>&"#
        let fragment: HTML = "<b>x</b>"
        let h: HTML = "<a title=\"\(s)\">\(s)\(fragment)</a>"
        XCTAssertEqual(h.string, "<a title=\"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;\">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;<b>x</b></a>")
        let optional: String? = "<i>"
        let none: String? = nil
        XCTAssertEqual(("\(optional)|\(none)" as HTML).string, "&lt;i&gt;|")
    }

    /// Raw markup enters `HTML` only in the files that sanitise it: the type itself and cmark's
    /// safe-mode output. A new `HTML(trusted:)` elsewhere must be added here, with a reason.
    func testTrustedHTMLIsMadeOnlyWhereItIsSanitised() throws {
        var found = Set<String>()
        let fm = FileManager.default
        for folder in ["Sources", "templates"] {
            let root = repoRoot.appendingPathComponent(folder)
            for rel in try fm.subpathsOfDirectory(atPath: root.path) where rel.hasSuffix(".swift") {
                let text = try String(contentsOf: root.appendingPathComponent(rel), encoding: .utf8)
                for line in text.split(separator: "\n") where line.contains("HTML(trusted") && !line.trimmingCharacters(in: .whitespaces).hasPrefix("///") {
                    found.insert(folder + "/" + rel)
                }
            }
        }
        XCTAssertEqual(found, ["Sources/SitegenModel/HTML.swift", "Sources/SitegenMarkdown/CMark.swift"])
    }

    /// A site whose every text field carries markup: no output contains it unescaped.
    func testEveryTemplateEscapesEveryField() throws {
        let x = #"<x-h a="1">'&"#
        let esc = x.htmlEscaped
        let source = """
        ---
        title: Report \(x.replacingOccurrences(of: "\"", with: "\\\""))
        summary: "S \(x.replacingOccurrences(of: "\"", with: "\\\""))"
        publisher: "P \(x.replacingOccurrences(of: "\"", with: "\\\""))"
        author: "A \(x.replacingOccurrences(of: "\"", with: "\\\""))"
        date: 2022-06
        viewpoint: "V \(x.replacingOccurrences(of: "\"", with: "\\\""))"
        document: report.txt
        ---
        A source.
        """
        let q = x.replacingOccurrences(of: "\"", with: "\\\"")
        let s = try TempSite([
            "content/sources/report.md": source,
            "texts/report.txt": TempSite.sourceText,
            "content/index.md": page("title: \"Home \(q)\"\nsummary: \"H \(q)\"", "Start at [[m]]."),
            "content/about.md": page("title: \"About \(q)\"\nsummary: \"Ab \(q)\"", "See [[m]]."),
            "content/countries/m.md": page("""
            title: "M \(q)"
            summary: "Sm \(q)"
            type: country
            aliases: ["Al \(q)"]
            tags: ["T \(q)"]
            facts:
              "L \(q)": "v [@report \\"grave security threat\\"]"
            figures:
              - label: "F \(q)"
                value: "more than 5 \(q)"
                unit: "U \(q)"
                as_of: "2022 \(q)"
                measure: "Me \(q)"
                counts: "C \(q)"
                source: report
                quote: "grave security threat"
            events:
              - date: "2021"
                text: "E \\\\<x-h>"
                source: report
                quote: "grave security threat"
            """, "## H \(q)\n\nText [@report \"grave security threat\"] [[p]].\n\n## Two\n\n## Three"),
            "content/policies/p.md": page("title: \"P \(q)\"\nsummary: \"Sp \(q)\"\ntype: law\nstatus: active\nstart: \"2021\"\ncountries: [m]",
                                          "Text [@report \"grave security threat\"] [[m]]."),
        ], config: "title: \"Site \(q)\"\ndescription: \"D \(q)\"\nbase_url: https://example.org/\nsource_texts: texts\n")
        let result = s.build()
        XCTAssertFalse(result.hasErrors, result.diagnostics.map(\.description).joined(separator: "\n"))
        let out = tree(s.root.appendingPathComponent("public"))
        XCTAssertGreaterThan(out.count, 10)
        for (path, data) in out where path.hasSuffix(".html") || path.hasSuffix(".xml") || path.hasSuffix(".js") {
            let text = String(decoding: data, as: UTF8.self)
            XCTAssertFalse(text.contains("<x-h"), "\(path) holds unescaped markup")
            XCTAssertFalse(text.contains("a=\"1\""), "\(path) holds an unescaped attribute")
        }
        let page = try XCTUnwrap(s.read("public/countries/m/index.html"))
        XCTAssertTrue(page.contains("<h1>M \(esc)</h1>"))
        XCTAssertTrue(page.contains("content=\"Sm \(esc)\""))
    }
}
