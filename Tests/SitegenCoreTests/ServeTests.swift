import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest
@testable import SitegenServer
import SitegenBuild
import SitegenModel

/// `sitegen serve`: start the server, fetch a page, edit a file, observe the change, stop on Ctrl-C.
final class ServeTests: XCTestCase {
    func get(_ url: String) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: url)!)
        request.cachePolicy = .reloadIgnoringLocalCacheData
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
    }

    func site() throws -> TempSite {
        try TempSite([
            "content/sources/report.md": TempSite.source,
            "texts/report.txt": TempSite.sourceText,
            "content/index.md": page("title: Home\nsummary: The home page.", "Start at [[Mexico]]."),
            "content/countries/mexico.md": page("title: Mexico\nsummary: A country.\ntype: country",
                                                "First version [@report \"grave security threat\"] [[The Report]]."),
        ])
    }

    /// Polls `body` until it returns true, for at most `seconds`.
    func eventually(_ seconds: Double = 10, _ body: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await body() { return true }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        return false
    }

    func testServesRebuildsAndShowsErrors() async throws {
        let s = try site()
        let server = try DevServer(options: s.options, port: 0)
        var lines: [String] = []
        let lock = NSLock()
        server.log = { line in lock.lock(); lines.append(line); lock.unlock() }
        let task = Task { try await server.run() }
        let port = try await server.listeningPort()
        let base = "http://127.0.0.1:\(port)/"
        let ok1 = try await eventually { (try? await self.get(base + "countries/mexico/"))?.0 == 200 }
        XCTAssertTrue(ok1)

        var (status, html) = try await get(base + "countries/mexico/")
        XCTAssertEqual(status, 200)
        XCTAssertTrue(html.contains("First version"))
        XCTAssertTrue(html.contains("/__sitegen/wait?v="), "live-reload script injected")
        (status, _) = try await get(base + "nowhere/")
        XCTAssertEqual(status, 404)
        (status, html) = try await get(base + "assets/style.css")
        XCTAssertEqual(status, 200)

        // Edit a page: the change is served after the rebuild.
        try s.write("content/countries/mexico.md", page("title: Mexico\nsummary: A country.\ntype: country",
                                                          "Second version [@report \"grave security threat\"] [[The Report]]."))
        let ok2 = try await eventually { try await self.get(base + "countries/mexico/").1.contains("Second version") }
        XCTAssertTrue(ok2)

        // Break it: the last good build stays, with the error shown over the page.
        try s.write("content/countries/mexico.md", page("title: Mexico\nsummary: A country.\ntype: country", "Broken [[Nowhere]] [@report]."))
        let ok3 = try await eventually { try await self.get(base + "countries/mexico/").1.contains("sitegen-errors") }
        XCTAssertTrue(ok3)
        html = try await get(base + "countries/mexico/").1
        XCTAssertTrue(html.contains("Second version"))
        XCTAssertTrue(html.contains("content/countries/mexico.md:6:8: error: broken wiki link: no page matches `Nowhere`"))

        // Fix it: the overlay goes away.
        try s.write("content/countries/mexico.md", page("title: Mexico\nsummary: A country.\ntype: country", "Fixed [[The Report]] [@report]."))
        let ok4 = try await eventually {
            let h = try await self.get(base + "countries/mexico/").1
            return h.contains("Fixed") && !h.contains("sitegen-errors")
        }
        XCTAssertTrue(ok4)
        await server.stop()
        _ = await task.result
        lock.lock(); defer { lock.unlock() }
        XCTAssertTrue(lines.contains { $0.hasPrefix("rebuilt in ") && $0.contains("(1 of 3 pages rendered") }, "\(lines)")
    }

    func testLongPollReturnsWhenTheSiteChanges() async throws {
        let s = try site()
        let server = try DevServer(options: s.options, port: 0)
        server.log = { _ in }
        let task = Task { try await server.run() }
        let port = try await server.listeningPort()
        let base = "http://127.0.0.1:\(port)/"
        let ok5 = try await eventually { (try? await self.get(base))?.0 == 200 }
        XCTAssertTrue(ok5)
        let version = try await get(base + "__sitegen/wait?v=-1").1
        async let waited = get(base + "__sitegen/wait?v=\(version)")
        try await Task.sleep(nanoseconds: 200_000_000)
        try s.write("content/countries/mexico.md", page("title: Mexico\nsummary: Changed.\ntype: country", "Text [[The Report]] [@report]."))
        let newVersion = try await waited.1
        XCTAssertNotEqual(newVersion, version)
        await server.stop()
        _ = await task.result
    }

    func testCtrlCStopsTheCommandCleanly() throws {
        let s = try site()
        let p = Process()
        p.executableURL = CLITests.binaryURL
        p.arguments = ["serve", "--port", "0"]
        p.currentDirectoryURL = s.root
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        try p.run()
        // Wait for the "serving at" line.
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while !text.contains("serving at"), Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            text += String(decoding: chunk, as: UTF8.self)
        }
        XCTAssertTrue(text.hasPrefix("serving at http://127.0.0.1:"), text)
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        text += String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(text.hasSuffix("stopped\n"), text)
    }
}
