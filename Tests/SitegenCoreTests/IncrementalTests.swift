import Foundation
import XCTest
@testable import SitegenCore

/// Incremental builds (with a `BuildCache`) must give exactly what a full build gives.
final class IncrementalTests: XCTestCase {
    /// A small deterministic random number generator, so that failures can be replayed.
    struct LCG: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
    }

    func copyFixture() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-inc-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: fixturesDir.appendingPathComponent("site"), to: dir)
        return dir
    }

    func compare(_ root: URL, cache: BuildCache, step: String, file: StaticString = #filePath, line: UInt = #line) {
        let site = Site(options: BuildOptions(root: root))
        let (incResult, incFiles, _) = site.check(cache: cache)
        let (fullResult, fullFiles, _) = site.check()
        XCTAssertEqual(incResult.diagnostics, fullResult.diagnostics, "diagnostics after \(step)", file: file, line: line)
        XCTAssertEqual(incFiles.map(\.path), fullFiles.map(\.path), "file list after \(step)", file: file, line: line)
        for (a, b) in zip(incFiles, fullFiles) where a.data != b.data {
            XCTFail("\(a.path) differs after \(step)", file: file, line: line)
        }
    }

    func testNothingChangedReusesEverything() throws {
        let root = try copyFixture()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = BuildCache()
        compare(root, cache: cache, step: "first build")
        compare(root, cache: cache, step: "second build")
        XCTAssertEqual(cache.lastStats.pagesRendered, 0)
        XCTAssertEqual(cache.lastStats.pagesReused, 7)
        XCTAssertEqual(cache.lastStats.outputsRendered, 0)
    }

    func testEditingOneBodyRerendersOnlyWhatDependsOnIt() throws {
        let root = try copyFixture()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = BuildCache()
        compare(root, cache: cache, step: "first build")
        let url = root.appendingPathComponent("content/policies/border-pact.md")
        try (String(contentsOf: url, encoding: .utf8) + "\nMore text.\n").write(to: url, atomically: true, encoding: .utf8)
        compare(root, cache: cache, step: "body edit")
        XCTAssertEqual(cache.lastStats.pagesRendered, 1)
        // The page itself; the search index is text, made each time.
        XCTAssertEqual(cache.lastStats.outputsRendered, 1)
    }

    func testRandomEditSequencesMatchFullBuilds() throws {
        let root = try copyFixture()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = BuildCache()
        var rng = LCG(state: 20261122)
        compare(root, cache: cache, step: "first build")
        let fm = FileManager.default
        var created = 0
        for stepNumber in 1...30 {
            let pagesDir = root.appendingPathComponent("content")
            let files = (try fm.subpathsOfDirectory(atPath: pagesDir.path)).filter { $0.hasSuffix(".md") && $0.contains("/") }.sorted()
            let target = files[Int.random(in: 0..<files.count, using: &rng)]
            let url = pagesDir.appendingPathComponent(target)
            let action = Int.random(in: 0..<6, using: &rng)
            var step = "step \(stepNumber): "
            switch action {
            case 0:
                step += "edit body of \(target)"
                try (String(contentsOf: url, encoding: .utf8) + "\nSee [[Freedonia]] again.\n").write(to: url, atomically: true, encoding: .utf8)
            case 1:
                step += "retitle \(target)"
                let text = try String(contentsOf: url, encoding: .utf8)
                let retitled = text.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: New ", options: [], range: text.range(of: "\ntitle: "))
                try retitled.write(to: url, atomically: true, encoding: .utf8)
            case 2:
                created += 1
                step += "add a page"
                try page("title: Added \(created)\nsummary: Added.\ntype: country", "Links to [[Freedonia]] [@memo].")
                    .write(to: pagesDir.appendingPathComponent("countries/added-\(created).md"), atomically: true, encoding: .utf8)
            case 3:
                guard target.contains("added-") else { continue }
                step += "delete \(target)"
                try fm.removeItem(at: url)
            case 4:
                guard target.contains("added-") else { continue }
                step += "rename \(target)"
                try fm.moveItem(at: url, to: url.deletingLastPathComponent().appendingPathComponent("renamed-\(stepNumber).md"))
            default:
                step += "change a template"
                let t = root.appendingPathComponent("templates/page.mustache")
                try (String(contentsOf: t, encoding: .utf8) + "<!-- \(stepNumber) -->\n").write(to: t, atomically: true, encoding: .utf8)
            }
            compare(root, cache: cache, step: step)
        }
    }
}
