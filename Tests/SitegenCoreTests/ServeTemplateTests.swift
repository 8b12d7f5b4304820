import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest
@testable import SitegenServer
import SitegenBuild
import SitegenModel

/// `sitegen serve` and the Swift templates: a template source that does not compile is reported in the log and
/// over the page while the last good site keeps being served; one that compiles restarts the server on its port.
final class ServeTemplateTests: XCTestCase {
    func get(_ url: String) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: url)!)
        request.cachePolicy = .reloadIgnoringLocalCacheData
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
    }

    func eventually(_ seconds: Double = 10, _ body: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await body() { return true }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        return false
    }

    /// swiftc's output as `swift build` prints it: errors, notes, warnings, the same error twice, progress lines.
    func testCompilerErrorsBecomeLocatedDiagnostics() {
        let root = URL(fileURLWithPath: "/work/site")
        let output = """
        Building for debugging...
        [3/9] Compiling SiteTemplates Page.swift
        /work/site/templates/Page.swift:12:17: error: cannot find 'titel' in scope
         10 |     var html: HTML = ""
         11 |     html += "<h1>"
         12 |     html += "\\(titel)"
            |                 `- error: cannot find 'titel' in scope
        /work/site/templates/Page.swift:12:17: error: cannot find 'titel' in scope
        /work/site/templates/Partials/Nav.swift:3:1: error: expected declaration
        /work/site/templates/Page.swift:20:5: warning: variable 'x' was never used
        /work/site/templates/Page.swift:21:5: note: did you mean 'y'?
        /elsewhere/odd:name.swift:7:2: error: something else
        error: fatalError
        """
        let diags = TemplateRebuild.compilerErrors(output, root: root)
        XCTAssertEqual(diags.map(\.path), ["templates/Page.swift", "templates/Partials/Nav.swift", "/elsewhere/odd:name.swift"])
        XCTAssertEqual(diags.map(\.line), [12, 3, 7])
        XCTAssertEqual(diags.map(\.column), [17, 1, 2])
        XCTAssertTrue(diags.allSatisfy { $0.severity == .error })
        XCTAssertEqual(diags[0].message, "template does not compile: cannot find 'titel' in scope")
        XCTAssertEqual(diags[0].description, "templates/Page.swift:12:17: error: template does not compile: cannot find 'titel' in scope")
    }

    /// The fingerprint changes with a template source, not with an asset.
    func testFingerprintFollowsSwiftSourcesOnly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-tpl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("templates/assets"), withIntermediateDirectories: true)
        try Data("// swift-tools-version:5.9\n".utf8).write(to: dir.appendingPathComponent("Package.swift"))
        try Data("let a = 1\n".utf8).write(to: dir.appendingPathComponent("templates/Page.swift"))
        let rebuild = try XCTUnwrap(TemplateRebuild(templatesDir: dir.appendingPathComponent("templates")))
        XCTAssertEqual(rebuild.packageRoot.standardizedFileURL.path, dir.standardizedFileURL.path)
        let before = rebuild.fingerprint()
        XCTAssertEqual(Array(before.keys), ["Page.swift"])
        try Data("x".utf8).write(to: dir.appendingPathComponent("templates/assets/style.css"))
        try Data("x".utf8).write(to: dir.appendingPathComponent("templates/assets/tool.swift"))
        XCTAssertEqual(rebuild.fingerprint(), before, "assets do not count")
        try Data("let a = 22\n".utf8).write(to: dir.appendingPathComponent("templates/Page.swift"))
        XCTAssertNotEqual(rebuild.fingerprint(), before)
        // No package above: nothing to rebuild.
        let lone = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-tpl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: lone) }
        try FileManager.default.createDirectory(at: lone, withIntermediateDirectories: true)
        try Data("let a = 1\n".utf8).write(to: lone.appendingPathComponent("Page.swift"))
        XCTAssertNil(TemplateRebuild(templatesDir: lone))
    }

    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var builds = 0
        private var restarts: [(URL, UInt16)] = []
        var outcome: TemplateRebuild.Outcome = .failed([])
        func build() -> TemplateRebuild.Outcome { lock.withLock { builds += 1; return outcome } }
        func restart(_ url: URL, _ port: UInt16) { lock.withLock { restarts.append((url, port)) } }
        var buildCount: Int { lock.withLock { builds } }
        var restartCalls: [(URL, UInt16)] { lock.withLock { restarts } }
        func set(_ o: TemplateRebuild.Outcome) { lock.withLock { outcome = o } }
    }

    /// A template edit that does not compile: the error is in the log (with its source line and caret) and over the
    /// page, the last good site is still served, content edits still rebuild; the fix restarts on the same port.
    func testTemplateCompileErrorIsPublishedWithoutStoppingTheServer() async throws {
        let s = try TempSite([
            "content/sources/report.md": TempSite.source,
            "texts/report.txt": TempSite.sourceText,
            "content/index.md": page("title: Home\nsummary: The home page.", "Start at [[Mexico]]."),
            "content/countries/mexico.md": page("title: Mexico\nsummary: A country.\ntype: country",
                                                "First version [@report \"grave security threat\"] [[The Report]]."),
        ])
        let templates = s.root.appendingPathComponent("templates")
        let source = templates.appendingPathComponent("Extra.swift")
        try Data("let extra = 1\n".utf8).write(to: source)
        let server = try DevServer(options: s.options, port: 0)
        let lines = Lines()
        server.log = { lines.append($0) }
        server.diagnosticColor = false
        let calls = Calls()
        let error = Diagnostic.error(source.path, SourceLocation(line: 1, column: 13), "template does not compile: cannot convert value of type 'String' to specified type 'Int'")
        calls.set(.failed([error]))
        server.templateFingerprint = { TemplateRebuild.fingerprint(of: templates) }
        server.buildTemplates = { calls.build() }
        server.restart = { calls.restart($0, $1) }
        let task = Task { try await server.run() }
        let port = try await server.listeningPort()
        let base = "http://127.0.0.1:\(port)/"
        let ready = try await eventually { (try? await self.get(base + "countries/mexico/"))?.0 == 200 }
        XCTAssertTrue(ready)
        XCTAssertEqual(calls.buildCount, 0, "no compile at start")

        // An asset changes: no compile.
        try s.write("templates/assets/extra.css", "body{}")
        try await Task.sleep(nanoseconds: 400_000_000)
        XCTAssertEqual(calls.buildCount, 0, "assets are not compiled")

        // A template source breaks.
        try Data("let extra: Int = \"one\"\n".utf8).write(to: source)
        let shown = try await eventually {
            let h = try await self.get(base + "countries/mexico/").1
            return h.contains("sitegen-errors") && h.contains("cannot convert value of type")
        }
        XCTAssertTrue(shown, "the compile error is over the page")
        XCTAssertEqual(calls.buildCount, 1)
        let (status, html) = try await get(base + "countries/mexico/")
        XCTAssertEqual(status, 200, "still serving")
        XCTAssertTrue(html.contains("First version"), "the last good site")
        XCTAssertTrue(calls.restartCalls.isEmpty)
        XCTAssertFalse(server.isStopping)
        // The log shows the error with its source line and a caret under the column.
        let logged = try XCTUnwrap(lines.all.first { $0.contains("cannot convert value of type") }, "\(lines.all)")
        XCTAssertTrue(logged.contains(" 1 | let extra: Int = \"one\""), logged)
        XCTAssertTrue(logged.contains("|             ^"), logged)
        XCTAssertTrue(lines.contains { $0.hasPrefix("the templates do not compile (1 error") }, "\(lines.all)")

        // A content edit meanwhile is built and served; the template error stays over the page.
        try s.write("content/countries/mexico.md", page("title: Mexico\nsummary: A country.\ntype: country",
                                                          "Second version [@report \"grave security threat\"] [[The Report]]."))
        let second = try await eventually {
            let h = try await self.get(base + "countries/mexico/").1
            return h.contains("Second version") && h.contains("cannot convert value of type")
        }
        XCTAssertTrue(second)
        XCTAssertEqual(calls.buildCount, 1, "content edits do not compile the templates")

        // The fix compiles: the server stops, then restarts into the new binary on its own port.
        calls.set(.built(URL(fileURLWithPath: "/new/sitegen")))
        try Data("let extra: Int = 1\n".utf8).write(to: source)
        let restarted = try await eventually { !calls.restartCalls.isEmpty }
        XCTAssertTrue(restarted)
        XCTAssertEqual(calls.restartCalls.first?.0.path, "/new/sitegen")
        XCTAssertEqual(calls.restartCalls.first?.1, port)
        XCTAssertTrue(server.isStopping)
        // The port is free for the new process.
        _ = await task.result
        let again = try DevServer(options: s.options, port: port)
        let rebound = try await again.listeningPort()
        XCTAssertEqual(rebound, port)
        await again.stop()
    }

    /// The live-reload script reloads when the answer differs from its version in any way: a new build, or a
    /// server that came back (after a restart) with a smaller number.
    func testLiveReloadTokenNamesTheRunOfTheServer() async throws {
        let s = try TempSite(["content/index.md": page("title: Home\nsummary: The home page.", "Home.")])
        let first = try DevServer(options: s.options, port: 0)
        first.log = { _ in }
        let task = Task { try await first.run() }
        let port = try await first.listeningPort()
        let base = "http://127.0.0.1:\(port)/"
        let ready = try await eventually { (try? await self.get(base))?.0 == 200 }
        XCTAssertTrue(ready)
        let page = try await get(base).1
        let token = try XCTUnwrap(page.range(of: #"var v="[^"]+""#, options: .regularExpression).map { String(page[$0].dropFirst(7).dropLast()) })
        XCTAssertTrue(page.contains("if(t.trim()!==v){location.reload()}"), "any other answer reloads")
        XCTAssertTrue(page.contains(".catch(function(){setTimeout(poll,1000)})"), "retries while the server is away")
        await first.stop()
        _ = await task.result

        // The same port, a new run: the old page's version is answered at once with another one.
        let second = try DevServer(options: s.options, port: port)
        second.log = { _ in }
        let task2 = Task { try await second.run() }
        let built = try await eventually { second.state.snapshot().version == 1 }
        XCTAssertTrue(built)
        let started = Date()
        let answer = try await get(base + "__sitegen/wait?v=\(token)").1
        XCTAssertNotEqual(answer, token)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertEqual(token.split(separator: ".").last, answer.split(separator: ".").last,
                       "the same number in both runs, told apart by the run")
        await second.stop()
        _ = await task2.result
    }
}
