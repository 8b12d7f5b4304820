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
        Self.waitUntilHandled(SIGINT, by: p.processIdentifier)
        kill(p.processIdentifier, SIGINT)
        let started = Date()
        while p.isRunning && Date().timeIntervalSince(started) < 5 { Thread.sleep(forTimeInterval: 0.02) }
        XCTAssertFalse(p.isRunning, "stopped within 5 s of Ctrl-C")
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        text += String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(text.hasSuffix("stopped\n"), text)
    }

    /// Waits (at most 5 s) until the `serve` process takes `signal`. The command ignores it and lets a dispatch
    /// source handle it; the source is armed a moment after "serving at" can be printed, and a signal sent in
    /// between is lost. On Linux the moment shows in /proc: the signal is no longer ignored.
    static func waitUntilHandled(_ signal: Int32, by pid: Int32) {
        #if os(Linux)
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigIgn:") }),
                  let mask = UInt64(line.dropFirst("SigIgn:".count).trimmingCharacters(in: .whitespaces), radix: 16) else { return }
            if mask & (1 << UInt64(signal - 1)) == 0 { return }
            Thread.sleep(forTimeInterval: 0.01)
        }
        #else
        Thread.sleep(forTimeInterval: 0.3)
        #endif
    }

    // MARK: watching

    /// Counts the watcher's callbacks.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func increment() { lock.withLock { value += 1 } }
        var count: Int { lock.withLock { value } }
    }

    /// Waits until `counter` exceeds `count`, for at most `seconds`.
    func changed(_ counter: Counter, after count: Int, within seconds: Double = 5) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if counter.count > count { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    func checkWatcher(mode: FileWatcher.Mode) throws {
        let s = try site()
        let counter = Counter()
        let content = s.root.appendingPathComponent("content").path
        let config = s.root.appendingPathComponent("sitegen.yml").path
        let watcher = FileWatcher(roots: WatchRoots(folders: [content], files: [config]), mode: mode,
                                  pollInterval: 20_000_000, log: { _ in }, onChange: { counter.increment() })
        let inotify = watcher.start()
        defer { watcher.stop() }
        #if os(Linux)
        XCTAssertEqual(inotify, mode == .automatic)
        #endif
        Thread.sleep(forTimeInterval: 0.1)
        var n = counter.count
        XCTAssertEqual(n, 0, "no change, no callback")

        func expectChange(_ what: String, _ body: () throws -> Void) rethrows {
            n = counter.count
            try body()
            XCTAssertTrue(changed(counter, after: n), what)
            Thread.sleep(forTimeInterval: 0.1) // let the burst end
        }
        try expectChange("edit a page") {
            try s.write("content/countries/mexico.md", page("title: Mexico\nsummary: Edited.\ntype: country"))
        }
        try expectChange("new page") { try s.write("content/actors/new.md", page("title: New\nsummary: New.\ntype: person")) }
        try expectChange("new folder") {
            try FileManager.default.createDirectory(atPath: content + "/policies/deep", withIntermediateDirectories: true)
        }
        try expectChange("file in the new folder") { try s.write("content/policies/deep/x.md", "x") }
        try expectChange("edit in the new folder") { try s.write("content/policies/deep/x.md", "y") }
        try expectChange("rename over a page (an editor's atomic save)") {
            try s.write("content/countries/tmp.md", "z")
            XCTAssertEqual(rename(content + "/countries/tmp.md", content + "/countries/mexico.md"), 0)
        }
        try expectChange("touch") { XCTAssertEqual(utimes(content + "/actors/new.md", nil), 0) }
        try expectChange("delete") { try FileManager.default.removeItem(atPath: content + "/actors/new.md") }
        try expectChange("settings replaced by a rename") {
            try s.write("sitegen.new", "title: Changed\n")
            XCTAssertEqual(rename(s.root.appendingPathComponent("sitegen.new").path, config), 0)
        }
        try expectChange("settings edited again after the rename") { try s.write("sitegen.yml", "title: Again\n") }
        try expectChange("content folder replaced") {
            try FileManager.default.moveItem(atPath: content, toPath: content + ".old")
            try FileManager.default.copyItem(atPath: content + ".old", toPath: content)
        }
        try expectChange("edit in the replaced folder") {
            try s.write("content/countries/mexico.md", page("title: Mexico\nsummary: Again.\ntype: country"))
        }
        // Files outside the roots, and editor files, do not count.
        n = counter.count
        try s.write("elsewhere.txt", "x")
        try s.write("content.old/countries/mexico.md", "moved away")
        if mode == .automatic { try s.write("content/countries/.mexico.md.swp", "x") }
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertEqual(counter.count, n, "no callback for files that are not watched")
    }

    func testInotifyWatcherSeesEveryKindOfChange() throws {
        try checkWatcher(mode: .automatic)
    }

    func testPollingWatcherSeesEveryKindOfChange() throws {
        try checkWatcher(mode: .polling)
    }

    func testBurstOfChangesMakesOneCallback() throws {
        let s = try site()
        let counter = Counter()
        let watcher = FileWatcher(roots: WatchRoots(folders: [s.root.appendingPathComponent("content").path], files: []),
                                  debounce: 0.05, log: { _ in }, onChange: { counter.increment() })
        watcher.start()
        defer { watcher.stop() }
        Thread.sleep(forTimeInterval: 0.05)
        for i in 0..<100 { try s.write("content/actors/a\(i).md", page("title: A\(i)\nsummary: A.\ntype: person")) }
        XCTAssertTrue(changed(counter, after: 0))
        Thread.sleep(forTimeInterval: 0.3)
        XCTAssertLessThanOrEqual(counter.count, 3, "100 files written at once")
    }

    // MARK: rebuilds

    /// A build that waits at a gate when the content contains a marker, until the test opens it.
    final class Gate: @unchecked Sendable {
        let semaphore = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var waitingCount = 0
        var waiting: Int { lock.withLock { waitingCount } }
        func pass() {
            lock.withLock { waitingCount += 1 }
            semaphore.wait()
            lock.withLock { waitingCount -= 1 }
        }
        func open(_ n: Int = 1) { for _ in 0..<n { semaphore.signal() } }
    }

    func testRequestsDuringARebuildAreServedFromTheLastGoodBuild() async throws {
        let s = try site()
        let server = try DevServer(options: s.options, port: 0)
        server.log = { _ in }
        let gate = Gate()
        let builds = Counter()
        server.buildSite = { options, cache in
            builds.increment()
            let text = (try? String(contentsOf: options.contentDir.appendingPathComponent("countries/mexico.md"), encoding: .utf8)) ?? ""
            if text.contains("SLOW") { gate.pass() }
            let (result, files, _) = Site(options: options).check(cache: cache)
            return (result, files)
        }
        let task = Task { try await server.run() }
        let base = "http://127.0.0.1:\(try await server.listeningPort())/"
        let ready = try await eventually { (try? await self.get(base + "countries/mexico/"))?.0 == 200 }
        XCTAssertTrue(ready)

        try s.write("content/countries/mexico.md", page("title: Mexico\nsummary: A country.\ntype: country", "SLOW second [[The Report]] [@report]."))
        let blocked = try await eventually(5) { gate.waiting == 1 }
        XCTAssertTrue(blocked, "the rebuild is running")
        // While it runs: requests are answered at once, from the last good build.
        for _ in 0..<5 {
            let started = Date()
            let (status, html) = try await get(base + "countries/mexico/")
            XCTAssertEqual(status, 200)
            XCTAssertTrue(html.contains("First version"))
            XCTAssertLessThan(Date().timeIntervalSince(started), 1)
        }
        // A burst of changes during the build makes one more build after it, with the last version.
        let before = builds.count
        for i in 0..<10 {
            try s.write("content/countries/mexico.md", page("title: Mexico\nsummary: A country.\ntype: country", "Third \(i) [[The Report]] [@report]."))
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        try await Task.sleep(nanoseconds: 200_000_000)
        XCTAssertEqual(builds.count, before, "no build starts while one runs")
        gate.open()
        let third = try await eventually { try await self.get(base + "countries/mexico/").1.contains("Third 9") }
        XCTAssertTrue(third)
        try await Task.sleep(nanoseconds: 300_000_000)
        XCTAssertEqual(builds.count, before + 1, "the burst made one build")
        await server.stop()
        _ = await task.result
    }

    func testRebuilderCoalescesRequests() throws {
        let gate = Gate()
        let builds = Counter()
        let rebuilder = Rebuilder(log: { _ in }) { _ in
            builds.increment()
            if builds.count == 1 { gate.pass() }
            return {}
        }
        rebuilder.request()
        XCTAssertTrue(changed(builds, after: 0))
        for _ in 0..<50 { rebuilder.request() }
        XCTAssertEqual(builds.count, 1)
        gate.open()
        XCTAssertTrue(changed(builds, after: 1))
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(builds.count, 2)
        XCTAssertFalse(rebuilder.isBuilding)
    }

    /// A build that never ends (a page that makes the build explode) is abandoned once the page is fixed.
    func testHungBuildIsAbandonedWhenTheFileIsFixed() async throws {
        let s = try site()
        let server = try DevServer(options: s.options, port: 0)
        let lines = Lines()
        server.log = { lines.append($0) }
        server.hangLimit = 0.3
        server.firstHangLimit = 0.3
        let gate = Gate()
        server.buildSite = { options, cache in
            let text = (try? String(contentsOf: options.contentDir.appendingPathComponent("countries/mexico.md"), encoding: .utf8)) ?? ""
            if text.contains("BOMB") { gate.pass() }
            let (result, files, _) = Site(options: options).check(cache: cache)
            return (result, files)
        }
        let task = Task { try await server.run() }
        let base = "http://127.0.0.1:\(try await server.listeningPort())/"
        let ready = try await eventually { (try? await self.get(base + "countries/mexico/"))?.0 == 200 }
        XCTAssertTrue(ready)

        try s.write("content/countries/mexico.md", page("title: Mexico\nsummary: A country.\ntype: country", "BOMB [[The Report]] [@report]."))
        let hung = try await eventually(5) { gate.waiting == 1 }
        XCTAssertTrue(hung)
        try await Task.sleep(nanoseconds: 500_000_000)
        XCTAssertTrue(lines.contains { $0.contains("the build has been running for") }, "\(lines.all)")
        // Served meanwhile, and fixed: the next build starts afresh and is published.
        let during = try await get(base + "countries/mexico/").0
        XCTAssertEqual(during, 200)
        try s.write("content/countries/mexico.md", page("title: Mexico\nsummary: A country.\ntype: country", "Fixed [[The Report]] [@report]."))
        let fixed = try await eventually { try await self.get(base + "countries/mexico/").1.contains("Fixed") }
        XCTAssertTrue(fixed)
        XCTAssertTrue(lines.contains { $0.contains("abandoned a build") }, "\(lines.all)")
        // The abandoned build ends later: its result is dropped.
        gate.open()
        try await Task.sleep(nanoseconds: 300_000_000)
        let afterwards = try await get(base + "countries/mexico/").1
        XCTAssertTrue(afterwards.contains("Fixed"))
        // And the watcher still works.
        try s.write("content/countries/mexico.md", page("title: Mexico\nsummary: A country.\ntype: country", "Later [[The Report]] [@report]."))
        let later = try await eventually { try await self.get(base + "countries/mexico/").1.contains("Later") }
        XCTAssertTrue(later)
        await server.stop()
        _ = await task.result
    }

    /// Real builds: invalid front matter, then a YAML alias bomb, then the fix; serve recovers each time.
    func testServeRecoversFromBrokenFrontMatterAndAliasBombs() async throws {
        let s = try site()
        let server = try DevServer(options: s.options, port: 0)
        server.log = { _ in }
        server.hangLimit = 0.2
        server.firstHangLimit = 0.2
        let task = Task { try await server.run() }
        let base = "http://127.0.0.1:\(try await server.listeningPort())/"
        let ready = try await eventually { (try? await self.get(base + "countries/mexico/"))?.0 == 200 }
        XCTAssertTrue(ready)

        try s.write("content/countries/mexico.md", "---\ntitle: [Mexico\nsummary: {\n---\nBroken.\n")
        let broken = try await eventually { try await self.get(base + "countries/mexico/").1.contains("sitegen-errors") }
        XCTAssertTrue(broken)
        try s.write("content/countries/mexico.md", page("title: Mexico\nsummary: A country.\ntype: country", "Repaired [[The Report]] [@report]."))
        let repaired = try await eventually {
            let h = try await self.get(base + "countries/mexico/").1
            return h.contains("Repaired") && !h.contains("sitegen-errors")
        }
        XCTAssertTrue(repaired)

        // An alias bomb as a mapping key (about 10^5 nodes: slow to expand, but it ends).
        var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...5 { bomb += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        try s.write("content/countries/mexico.md", "---\ntitle: Mexico\nsummary: A country.\ntype: country\n\(bomb)? *a5\n: v\n---\nBomb.\n")
        try await Task.sleep(nanoseconds: 100_000_000)
        try s.write("content/countries/mexico.md", page("title: Mexico\nsummary: A country.\ntype: country", "Defused [[The Report]] [@report]."))
        let defused = try await eventually(30) {
            let h = try await self.get(base + "countries/mexico/").1
            return h.contains("Defused") && !h.contains("sitegen-errors")
        }
        XCTAssertTrue(defused)
        await server.stop()
        _ = await task.result
    }

    /// `sitegen serve` idle: no CPU time while nothing changes.
    func testIdleServeUsesNoCPU() throws {
        #if os(Linux)
        let s = try site()
        let p = Process()
        p.executableURL = CLITests.binaryURL
        p.arguments = ["serve", "--port", "0"]
        p.currentDirectoryURL = s.root
        let err = Pipe()
        p.standardOutput = Pipe()
        p.standardError = err
        try p.run()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) }; p.waitUntilExit() }
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while !text.contains("rebuilt in"), Date() < deadline {
            text += String(decoding: err.fileHandleForReading.availableData, as: UTF8.self)
        }
        Thread.sleep(forTimeInterval: 0.3)
        func cpuTicks() throws -> Int {
            let stat = try String(contentsOfFile: "/proc/\(p.processIdentifier)/stat", encoding: .utf8)
            let fields = stat[stat.range(of: ")")!.upperBound...].split(separator: " ")
            return Int(fields[11])! + Int(fields[12])! // utime + stime, after the state field
        }
        let before = try cpuTicks()
        Thread.sleep(forTimeInterval: 2)
        let used = try cpuTicks() - before
        XCTAssertLessThanOrEqual(used, 2, "CPU ticks (1/100 s) in 2 s idle")
        kill(p.processIdentifier, SIGTERM)
        #endif
    }
}

/// Log lines collected from another thread.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
    func contains(where predicate: (String) -> Bool) -> Bool { all.contains(where: predicate) }
}
