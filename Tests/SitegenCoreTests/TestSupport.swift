import Foundation
import XCTest
@testable import SitegenBuild
@testable import SitegenGraph
@testable import SitegenLoad
@testable import SitegenMarkdown
@testable import SitegenModel
@testable import SitegenViews
@testable import SiteTemplates

/// The folder of this test target, for on-disk fixtures.
let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let fixturesDir = testsDir.appendingPathComponent("Fixtures")
let repoRoot = testsDir.deletingLastPathComponent().deletingLastPathComponent()

/// A small site written to a temporary folder: `[relative path: contents]`.
final class TempSite {
    let root: URL

    /// Minimal valid pages that many tests build on.
    static let source = """
    ---
    title: The Report
    summary: A report.
    publisher: Committee
    author: Staff
    date: 2022-06
    viewpoint: partisan
    document: report.txt
    ---
    A source.
    """

    static let sourceText = """
    The illegal migration crisis at the U.S. southern border presents a grave security
    threat to the United States and a “humanitarian catastrophe” for the vulnerable people.
    44
    Biden’s Border Crisis
    Criminal organizations control the routes.
    """

    init(_ files: [String: String], config: String? = "title: Test Wiki\nsource_texts: texts\n",
         templates: URL? = repoRoot.appendingPathComponent("templates")) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("sitegen-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("content"), withIntermediateDirectories: true)
        // The default config names `texts`: it exists, empty unless a test writes source texts into it.
        try FileManager.default.createDirectory(at: root.appendingPathComponent("texts"), withIntermediateDirectories: true)
        if let config { try write("sitegen.yml", config) }
        if let templates {
            try FileManager.default.copyItem(at: templates, to: root.appendingPathComponent("templates"))
        }
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        try write(path, Data(text.utf8))
    }

    func write(_ path: String, _ data: Data) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    var options: BuildOptions {
        BuildOptions(root: root)
    }

    func check() -> BuildResult { Site(options: options).check().0 }
    func build() -> BuildResult { Site(options: options).build() }

    /// Diagnostics as the CLI prints them.
    func diagnostics() -> [String] { check().diagnostics.map(\.description) }
    func errors() -> [String] { check().diagnostics.filter { $0.severity == .error }.map(\.description) }

    func read(_ path: String) -> String? {
        (try? Data(contentsOf: root.appendingPathComponent(path))).map { String(decoding: $0, as: UTF8.self) }
    }

    deinit { try? FileManager.default.removeItem(at: root) }
}

/// A page file with front matter fields and a body.
func page(_ fields: String, _ body: String = "Text [@report].") -> String {
    "---\n\(fields)\n---\n\(body)\n"
}

/// All files below `dir` as relative path → bytes.
func tree(_ dir: URL) -> [String: Data] {
    var out: [String: Data] = [:]
    let fm = FileManager.default
    for rel in (try? fm.subpathsOfDirectory(atPath: dir.path)) ?? [] {
        var isDir: ObjCBool = false
        let full = dir.appendingPathComponent(rel).path
        if fm.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
            out[rel] = fm.contents(atPath: full)
        }
    }
    return out
}
