import Foundation
import XCTest
@testable import SitegenBuild
@testable import SitegenGraph
@testable import SitegenLoad
@testable import SitegenMarkdown
@testable import SitegenModel
@testable import SitegenViews
@testable import SiteTemplates

/// Incremental builds (with a `BuildCache`) must give exactly what a full build gives.
final class IncrementalTests: XCTestCase {
    /// SplitMix64: a small deterministic random number generator, so that failures can be replayed.
    struct LCG: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
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
        // The page itself and the two country dossiers that hold it; the search index is text, made each time.
        XCTAssertEqual(cache.lastStats.outputsRendered, 3)
    }

    func testRandomEditSequencesMatchFullBuilds() throws {
        let root = try copyFixture()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = BuildCache()
        var rng = LCG(state: 20261122)
        compare(root, cache: cache, step: "first build")
        let fm = FileManager.default
        var created = 0
        var validSteps = 0
        for stepNumber in 1...140 {
            let pagesDir = root.appendingPathComponent("content")
            let files = (try fm.subpathsOfDirectory(atPath: pagesDir.path)).filter { $0.hasSuffix(".md") && $0.contains("/") }.sorted()
            let target = files[Int.random(in: 0..<files.count, using: &rng)]
            let url = pagesDir.appendingPathComponent(target)
            let action = Int.random(in: 0..<18, using: &rng)
            var step = "step \(stepNumber): "
            switch action {
            case 0:
                // A link to another page changes that page's backlinks and neighbourhood map.
                let stable = files.filter { !$0.contains("added-") && !$0.contains("renamed-") }
                let other = stable[Int.random(in: 0..<stable.count, using: &rng)]
                let slug = String(other.split(separator: "/").last!.dropLast(3))
                step += "edit body of \(target) to link \(slug)"
                try (String(contentsOf: url, encoding: .utf8) + "\nSee [[\(slug)]] again.\n").write(to: url, atomically: true, encoding: .utf8)
            case 1:
                // The old title stays as an alias, so that links by title keep working.
                step += "retitle \(target)"
                var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
                guard let t = lines.firstIndex(where: { $0.hasPrefix("title: ") }) else { continue }
                let old = String(lines[t].dropFirst("title: ".count))
                lines[t] = "title: \(old) \(stepNumber)"
                if let a = lines.firstIndex(where: { $0.hasPrefix("aliases: [") }) {
                    lines[a] = lines[a].replacingOccurrences(of: "aliases: [", with: "aliases: [\"\(old)\", ")
                } else {
                    lines.insert("aliases: [\"\(old)\"]", at: t + 1)
                }
                try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
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
            case 6:
                step += "change a figure and an event"
                let f = pagesDir.appendingPathComponent("countries/freedonia.md")
                let text = try String(contentsOf: f, encoding: .utf8)
                try text.replacingOccurrences(of: "value: 250000", with: "value: 250001")
                    .replacingOccurrences(of: "text: The memo is written.", with: "text: The memo is written again.")
                    .write(to: f, atomically: true, encoding: .utf8)
            case 7:
                // One field of the source at a time, so that each is shown to reach the pages citing it.
                let f = pagesDir.appendingPathComponent("sources/memo.md")
                var text = try String(contentsOf: f, encoding: .utf8)
                switch stepNumber % 3 {
                case 0:
                    step += "change the source's viewpoint"
                    text = text.replacingOccurrences(of: "viewpoint: restrictionist", with: "viewpoint: restrictionist \(stepNumber)")
                case 1:
                    step += "change the source's date"
                    text = text.replacingOccurrences(of: "date: 2022-0", with: "date: 2021-0")
                default:
                    step += "change the source's publisher"
                    text = text.replacingOccurrences(of: "publisher: Example Agency", with: "publisher: Example Agency \(stepNumber)")
                }
                try text.write(to: f, atomically: true, encoding: .utf8)
            case 8:
                step += "change the summary and status of \(target)"
                let text = try String(contentsOf: url, encoding: .utf8)
                try text.replacingOccurrences(of: "\nsummary: ", with: "\nsummary: Changed. ")
                    .replacingOccurrences(of: "status: active", with: "status: ended")
                    .write(to: url, atomically: true, encoding: .utf8)
            case 9:
                step += "change an asset"
                let t = root.appendingPathComponent("templates/assets/style.css")
                try (String(contentsOf: t, encoding: .utf8) + "/* \(stepNumber) */\n").write(to: t, atomically: true, encoding: .utf8)
            case 10:
                let c = root.appendingPathComponent("sitegen.yml")
                var text = try String(contentsOf: c, encoding: .utf8)
                switch stepNumber % 3 {
                case 0:
                    step += "retitle the site"
                    text = text.replacingOccurrences(of: "title: Fixture Wiki", with: "title: Fixture Wiki \(stepNumber)")
                case 1:
                    step += "toggle base_url"
                    text = text.contains("base_url:") ? text.replacingOccurrences(of: "base_url: https://example.org/wiki/\n", with: "")
                        : text + "base_url: https://example.org/wiki/\n"
                default:
                    step += "change the site description"
                    text += text.contains("description:") ? "" : "description: A fixture \(stepNumber).\n"
                }
                try text.write(to: c, atomically: true, encoding: .utf8)
            case 11:
                step += "change the source text"
                let t = root.appendingPathComponent("texts/memo.txt")
                try (String(contentsOf: t, encoding: .utf8) + "\nA new paragraph \(stepNumber).\n").write(to: t, atomically: true, encoding: .utf8)
            case 12:
                // A path is an error, which the incremental check must report too; then it is put back.
                let f = pagesDir.appendingPathComponent("sources/memo.md")
                let text = try String(contentsOf: f, encoding: .utf8)
                try text.replacingOccurrences(of: "document: memo.txt", with: "document: sub/memo.txt").write(to: f, atomically: true, encoding: .utf8)
                compare(root, cache: cache, step: step + "make the source's document a path")
                XCTAssertTrue(Site(options: BuildOptions(root: root)).check(cache: cache).0.hasErrors)
                step += "make the source's document a file name again"
                try text.write(to: f, atomically: true, encoding: .utf8)
            case 13:
                step += "tag \(target)"
                var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
                if let t = lines.firstIndex(where: { $0.hasPrefix("tags: [") }) {
                    lines[t] = lines[t].replacingOccurrences(of: "tags: [", with: "tags: [t\(stepNumber), ")
                } else {
                    lines.insert("tags: [t\(stepNumber)]", at: 1)
                }
                try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
            case 14, 15:
                // `related` on any page; `countries` and `actors` where the kind takes them.
                let field = action == 14 ? "related" : (target.hasPrefix("policies/") ? "actors" : "countries")
                guard action == 14 || target.hasPrefix("policies/") || target.hasPrefix("actors/") else { continue }
                let value = field == "actors" ? "coyote-guild" : (field == "countries" ? "ruritania" : "border-pact")
                step += "add \(value) to \(field) of \(target)"
                var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
                if let t = lines.firstIndex(where: { $0.hasPrefix("\(field): [") }) {
                    lines[t] = lines[t].replacingOccurrences(of: "\(field): [", with: "\(field): [\(value), ")
                } else {
                    lines.insert("\(field): [\(value)]", at: 1)
                }
                try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
            case 16:
                // Only added pages, which no other page links to, may become drafts.
                guard target.contains("added-") || target.contains("renamed-") else { continue }
                var text = try String(contentsOf: url, encoding: .utf8)
                if text.contains("draft: true") {
                    step += "publish \(target)"
                    text = text.replacingOccurrences(of: "draft: true\n", with: "")
                } else {
                    step += "make \(target) a draft"
                    text = text.replacingOccurrences(of: "---\ntitle:", with: "---\ndraft: true\ntitle:")
                }
                try text.write(to: url, atomically: true, encoding: .utf8)
            default:
                step += "change the source's page headers"
                let f = pagesDir.appendingPathComponent("sources/memo.md")
                let text = try String(contentsOf: f, encoding: .utf8)
                let next = text.contains("\"Page furniture line\"]") ? "[\"Page furniture line\", \"Nothing quotes this line\"]" : "[\"Page furniture line\"]"
                try text.replacing(#/page_headers: \[.*\]/#, with: "page_headers: " + next).write(to: f, atomically: true, encoding: .utf8)
            }
            let errors = Site(options: BuildOptions(root: root)).check().0.diagnostics.filter { $0.severity == .error }
            if errors.isEmpty { validSteps += 1 } else if ProcessInfo.processInfo.environment["SITEGEN_DEBUG_STEPS"] != nil {
                print(step, errors.map(\.description))
            }
            compare(root, cache: cache, step: step)
        }
        // Most steps must leave a valid site, or the outputs would not be compared at all.
        XCTAssertGreaterThan(validSteps, 90)
    }

    /// Output keys are hashes of the views: equal keys give equal bytes. Builds many sites from the
    /// random edits above and checks every pair of outputs with the same key and path.
    func testEqualKeysGiveEqualBytes() throws {
        let root = try copyFixture()
        defer { try? FileManager.default.removeItem(at: root) }
        var seen: [Int: Data] = [:]
        var rng = LCG(state: 7)
        for n in 0..<25 {
            let views = try XCTUnwrap(Site(options: BuildOptions(root: root)).views())
            for output in Site.outputs(views) {
                guard let key = output.key() else { continue }
                let data = Data(output.render())
                if let old = seen[key] { XCTAssertEqual(old, data, "\(output.path) at step \(n)") }
                seen[key] = data
            }
            // A small random change for the next round: a body, a title or nothing.
            let files = ["content/countries/freedonia.md", "content/policies/border-pact.md", "content/actors/coyote-guild.md"]
            let url = root.appendingPathComponent(files[Int.random(in: 0..<files.count, using: &rng)])
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: try (String(contentsOf: url, encoding: .utf8) + "\nMore \(n).\n").write(to: url, atomically: true, encoding: .utf8)
            case 1:
                let text = try String(contentsOf: url, encoding: .utf8)
                try text.replacingOccurrences(of: "\nsummary: ", with: "\nsummary: S\(n). ").write(to: url, atomically: true, encoding: .utf8)
            default: break
            }
        }
        XCTAssertGreaterThan(seen.count, 20)
    }
}
