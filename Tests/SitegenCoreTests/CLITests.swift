import Foundation
import XCTest

/// Runs the `sitegen` executable and checks exit codes and messages.
final class CLITests: XCTestCase {
    var binary: URL { Self.binaryURL }

    static var binaryURL: URL {
        let dir = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL.deletingLastPathComponent()
            ?? Bundle.main.bundleURL
        return dir.appendingPathComponent("sitegen")
    }

    struct Run { var status: Int32; var stdout: String; var stderr: String }

    func run(_ args: [String], in dir: URL, environment: [String: String] = [:]) throws -> Run {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.currentDirectoryURL = dir
        if !environment.isEmpty {
            p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    func site(_ extra: [String: String] = [:]) throws -> TempSite {
        var files = [
            "content/sources/report.md": TempSite.source,
            "texts/report.txt": TempSite.sourceText,
            "content/countries/mexico.md": page("title: Mexico\nsummary: A country.\ntype: country", "Text [@report \"grave security threat\"] [[The Report]]."),
            "content/index.md": page("title: Home\nsummary: The home page.", "Start at [[Mexico]]."),
        ]
        for (k, v) in extra { files[k] = v }
        return try TempSite(files)
    }

    func testVersionAndHelp() throws {
        let s = try site()
        let v = try run(["--version"], in: s.root)
        XCTAssertEqual(v.status, 0)
        XCTAssertEqual(v.stdout, "0.1.0\n")
        let h = try run(["--help"], in: s.root)
        XCTAssertEqual(h.status, 0)
        XCTAssertTrue(h.stdout.contains("USAGE: sitegen <subcommand>"), h.stdout)
        XCTAssertTrue(h.stdout.contains("build (default)"))
        XCTAssertTrue(h.stdout.contains("check"))
    }

    func testNamedConfigMustBeAReadableFile() throws {
        let s = try site()
        let missing = try run(["check", "-q", "--config", "missing.yml"], in: s.root)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.split(separator: "\n").contains { $0.hasPrefix("missing.yml: error: ") }, missing.stderr)
        let folder = try run(["check", "-q", "--config", "content"], in: s.root)
        XCTAssertEqual(folder.status, 1)
        XCTAssertTrue(folder.stderr.split(separator: "\n").contains { $0.hasPrefix("content: error: ") }, folder.stderr)
        let zero = try run(["check", "-q", "--config", "/dev/zero"], in: s.root)
        XCTAssertEqual(zero.status, 1)
        XCTAssertTrue(zero.stderr.split(separator: "\n").contains { $0.hasPrefix("/dev/zero: error: ") }, zero.stderr)
    }

    func testBadUsageExitsTwo() throws {
        let s = try site()
        let r = try run(["--no-such-option"], in: s.root)
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.hasPrefix("Error: Unknown option '--no-such-option'"), r.stderr)
        let b = try run(["build", "--base-path", "briefing"], in: s.root)
        XCTAssertEqual(b.status, 2)
        XCTAssertTrue(b.stderr.hasPrefix("Error: --base-path must start with `/`, such as /briefing/"), b.stderr)
    }

    func testBuildSucceeds() throws {
        let s = try site()
        let r = try run(["-q"], in: s.root)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.hasPrefix("built 3 pages (1 home, 1 country, 1 source); 2 links resolved; 1 citations, 1 of 1 quotes verified; 0 errors, 0 warnings; "), r.stderr)
        XCTAssertNotNil(s.read("public/countries/mexico/index.html"))
        let verbose = try run(["build"], in: s.root)
        XCTAssertEqual(verbose.stdout, """
        [1/5] load content
        [2/5] resolve links and citations
        [3/5] render 3 pages
        [4/5] apply templates
        [5/5] write 25 files to public

        """)
    }

    func testContentErrorsExitOneAndWriteNothing() throws {
        let s = try site(["content/countries/x.md": page("title: X\nsummary: Y.\ntype: country", "[[Nowhere]] [@nope]")])
        let r = try run(["check", "-q"], in: s.root)
        XCTAssertEqual(r.status, 1)
        // Piped: no colour. Each diagnostic shows its line with a caret under the column.
        XCTAssertTrue(r.stderr.hasPrefix("""
        content/countries/x.md:6:1: error: broken wiki link: no page matches `Nowhere`
         6 | [[Nowhere]] [@nope]
           | ^

        content/countries/x.md:6:13: error: unknown source `nope` in citation
         6 | [[Nowhere]] [@nope]
           |             ^

        checked 4 pages (1 home, 2 countries, 1 source); 2 links resolved; 1 citations, 1 of 1 quotes verified; 2 errors, 0 warnings; 
        """), r.stderr)
        let b = try run(["-q"], in: s.root)
        XCTAssertEqual(b.status, 1)
        XCTAssertNil(s.read("public/index.html"))
        // The summary says plainly that nothing was written.
        XCTAssertTrue(b.stderr.split(separator: "\n").last!.hasPrefix("0 files written: fix the errors above; read 4 pages (1 home, 2 countries, 1 source); "), b.stderr)
        let colourless = try run(["check", "-q"], in: s.root, environment: ["NO_COLOR": "1"])
        XCTAssertFalse(colourless.stderr.contains("\u{1B}"))
    }

    func testJSONDiagnostics() throws {
        let s = try site(["content/countries/x.md": page("title: X\nsummary: Y.\ntype: country", "[[Mexcio]] [@report]")])
        let r = try run(["check", "--format", "json"], in: s.root)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, #"""
        {"path":"content/countries/x.md","line":6,"column":1,"severity":"error","message":"broken wiki link: no page matches `Mexcio`; did you mean `Mexico`?","suggestion":"did you mean `Mexico`?"}

        """#)
        for line in r.stdout.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            XCTAssertEqual(object?["severity"] as? String, "error")
            XCTAssertEqual(object?["column"] as? Int, 1)
        }
        XCTAssertTrue(r.stderr.hasPrefix("checked 4 pages"), r.stderr)
        let bad = try run(["check", "--format", "xml"], in: s.root)
        XCTAssertEqual(bad.status, 2)
    }

    func testCheckReportsAnUnsafeOutputFolder() throws {
        let s = try site()
        try s.write("public/notes.txt", "mine")
        let r = try run(["check", "-q"], in: s.root)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("public: error: output folder is not empty and was not written by sitegen; remove it or choose another\n"), r.stderr)
        XCTAssertEqual(s.read("public/notes.txt"), "mine")
    }

    func testWarningsAsErrors() throws {
        let s = try site(["content/countries/lonely.md": page("title: Lonely\nsummary: Y.\ntype: country", "No links.")])
        let r = try run(["check", "-q"], in: s.root)
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("content/countries/lonely.md: warning: orphan page: no other page links to it"))
        XCTAssertTrue(r.stderr.contains("content/countries/lonely.md: warning: page has no citation"))
        let strict = try run(["check", "-q", "--warnings-as-errors"], in: s.root)
        XCTAssertEqual(strict.status, 1)
    }

    func testOptionsForOtherFolders() throws {
        let s = try site()
        try FileManager.default.moveItem(at: s.root.appendingPathComponent("content"), to: s.root.appendingPathComponent("wiki"))
        try FileManager.default.moveItem(at: s.root.appendingPathComponent("texts"), to: s.root.appendingPathComponent("docs"))
        let r = try run(["build", "-q", "--content", "wiki", "--source-texts", "docs", "-o", "out/site", "--base-path", "/briefing/"], in: s.root)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(s.read("out/site/404.html")!.contains(#"<a href="/briefing/">home page</a>"#))
        let missing = try run(["check", "-q", "--content", "wiki", "--source-texts", "nowhere"], in: s.root)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.hasPrefix("nowhere: error: source-texts folder not found"), missing.stderr)
    }
}
