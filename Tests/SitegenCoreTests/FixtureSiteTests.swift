import Foundation
import XCTest
@testable import SitegenBuild
@testable import SitegenGraph
@testable import SitegenLoad
@testable import SitegenMarkdown
@testable import SitegenModel
@testable import SitegenViews
@testable import SiteTemplates

/// Whole fixture sites on disk, built end to end and compared with golden output.
final class FixtureSiteTests: XCTestCase {
    let site = fixturesDir.appendingPathComponent("site")
    let golden = fixturesDir.appendingPathComponent("site-expected")

    func buildFixture(to out: URL) -> BuildResult {
        var o = BuildOptions(root: site)
        o.outputDir = out
        // The fixture lives in sitegen's own repository: its history would date the golden files.
        o.gitHistory = false
        return Site(options: o).build()
    }

    func temp() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-fixture-\(UUID().uuidString)")
    }

    /// Set SITEGEN_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change.
    func testFixtureSiteMatchesGoldenFiles() throws {
        let out = temp()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = buildFixture(to: out)
        XCTAssertEqual(result.diagnostics.map(\.description), [])
        XCTAssertEqual(result.stats.quotesChecked, 8)
        XCTAssertEqual(result.stats.quotesUnverified, 0)
        if ProcessInfo.processInfo.environment["SITEGEN_UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.removeItem(at: golden)
            try FileManager.default.copyItem(at: out, to: golden)
        }
        let actual = tree(out), expected = tree(golden)
        XCTAssertEqual(actual.keys.sorted(), expected.keys.sorted())
        for (path, data) in expected.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(String(decoding: actual[path] ?? Data(), as: UTF8.self), String(decoding: data, as: UTF8.self),
                           "golden file \(path) differs")
        }
    }

    func testBuildsAreByteIdentical() throws {
        let a = temp(), b = temp()
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        XCTAssertFalse(buildFixture(to: a).hasErrors)
        XCTAssertFalse(buildFixture(to: b).hasErrors)
        XCTAssertEqual(tree(a), tree(b))
    }

    func testRebuildReplacesOutput() throws {
        let out = temp()
        defer { try? FileManager.default.removeItem(at: out) }
        XCTAssertFalse(buildFixture(to: out).hasErrors)
        try Data("stale".utf8).write(to: out.appendingPathComponent("stale.html"))
        XCTAssertFalse(buildFixture(to: out).hasErrors)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("stale.html").path))
        let siblings = try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
        XCTAssertFalse(siblings.contains { $0.contains(out.lastPathComponent + ".new") || $0.contains(out.lastPathComponent + ".old") })
    }

    /// The shipped templates render the fixture content without errors and with the expected structure.
    func testShippedTemplatesRenderAPage() throws {
        let s = try TempSite([:], config: "title: T\nsource_texts: texts\n")
        try FileManager.default.removeItem(at: s.root.appendingPathComponent("content"))
        try FileManager.default.copyItem(at: site.appendingPathComponent("content"), to: s.root.appendingPathComponent("content"))
        try FileManager.default.copyItem(at: site.appendingPathComponent("texts"), to: s.root.appendingPathComponent("texts"))
        let result = s.build()
        XCTAssertEqual(result.diagnostics.map(\.description), [])
        let html = try XCTUnwrap(s.read("public/countries/freedonia/index.html"))
        XCTAssertTrue(html.contains(#"<nav class="toc" id="contents""#))
        XCTAssertTrue(html.contains(#"<section class="references" aria-labelledby="references">"#))
        XCTAssertTrue(html.contains(#"<aside class="callout callout-disagreement" role="note"><p class="callout-label">Sources disagree</p>"#))
        XCTAssertTrue(html.contains(##"<a href="#cite-1-1" aria-label="Back to citation">a</a> <a href="#cite-1-2" aria-label="Back to citation">b</a>"##))
        XCTAssertNotNil(s.read("public/assets/style.css"))
        XCTAssertTrue(s.read("public/search/terms.js")!.hasPrefix("window.SITEGEN_TERMS={"))
        XCTAssertTrue(s.read("public/search/d/0.js")!.contains("{\"t\":\"About\""))
        XCTAssertTrue(s.read("public/search/index.html")!.contains(#"<p id="sp-status" class="sp-status" role="status" aria-live="polite"></p>"#))
    }
}
