#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import XCTest
@testable import SitegenServer
import SitegenBuild
import SitegenModel

#if canImport(Glibc)
private let streamType = Int32(SOCK_STREAM.rawValue)
private let sendFlags = Int32(MSG_NOSIGNAL)
#else
private let streamType = SOCK_STREAM
private let sendFlags: Int32 = 0
#endif

private func socketSend(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    send(fd, bytes, count, sendFlags)
}

private func closeSocket(_ fd: Int32) { _ = close(fd) }

/// A bare HTTP client on a socket to 127.0.0.1, for requests no HTTP library would send. Every read and write
/// has a deadline, so a server that hangs fails the test instead of stalling the suite.
struct RawHTTP {
    let fd: Int32

    init(port: UInt16, timeout: Double = 10) throws {
        fd = socket(AF_INET, streamType, 0)
        guard fd >= 0 else { throw NSError(domain: "RawHTTP", code: 1) }
        var tv = timeval()
        tv.tv_sec = .init(timeout)
        tv.tv_usec = .init((timeout - timeout.rounded(.down)) * 1e6)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let r = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard r == 0 else {
            closeSocket(fd)
            throw NSError(domain: "RawHTTP", code: 2, userInfo: [NSLocalizedDescriptionKey: "connect: \(errno)"])
        }
    }

    /// Sends all of `bytes` (or as much as the server takes before it closes); returns the bytes sent.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Int {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { socketSend(fd, $0.baseAddress! + sent, $0.count - sent) }
            if n <= 0 { break }
            sent += n
        }
        return sent
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// Reads until the server closes the connection (or the read timeout).
    func readAll() -> Data {
        var data = Data()
        var buf = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            data.append(contentsOf: buf[0..<n])
        }
        return data
    }

    /// Reads one response with a Content-Length body (on a connection that stays open).
    func readResponse(head: Bool = false) -> (status: Int, headers: [String: String], body: Data)? {
        var data = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 1)
        // Byte by byte up to the end of the head: the next response must stay unread.
        while !(data.count >= 4 && Array(data.suffix(4)) == Array("\r\n\r\n".utf8)) {
            guard recv(fd, &buf, 1, 0) == 1 else { return nil }
            data.append(buf[0])
        }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        var headers: [String: String] = [:]
        for line in lines where line.contains(":") {
            let i = line.firstIndex(of: ":")!
            headers[line[..<i].lowercased()] = line[line.index(after: i)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data()
        let length = head ? 0 : Int(headers["content-length"] ?? "0") ?? 0
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while body.count < length {
            let n = recv(fd, &chunk, min(chunk.count, length - body.count), 0)
            if n <= 0 { return nil }
            body.append(contentsOf: chunk[0..<n])
        }
        return (status, headers, body)
    }

    func close() { closeSocket(fd) }

    /// The status code at the start of a raw response.
    static func status(_ data: Data) -> Int? {
        let text = String(decoding: data.prefix(64), as: UTF8.self)
        let parts = text.split(separator: " ")
        return parts.count >= 2 ? Int(parts[1]) : nil
    }
}

/// Hostile and careless HTTP clients against `sitegen serve` (issue 14): oversized and malformed requests get
/// their 4xx in bounded time, slow ones time out, none of them delays other clients or stopping the server;
/// HEAD, absolute-form targets, and assets that are links or FIFOs.
final class ServeHostileTests: XCTestCase {
    var site: TempSite!
    var server: DevServer!
    var task: Task<Void, Error>!
    var port: UInt16 = 0

    override func setUp() async throws {
        site = try TempSite([
            "content/sources/report.md": TempSite.source,
            "texts/report.txt": TempSite.sourceText,
            "content/index.md": page("title: Home\nsummary: The home page.", "Start at [[Mexico]]."),
            "content/countries/mexico.md": page("title: Mexico\nsummary: A country.\ntype: country",
                                                "First version [@report \"grave security threat\"] [[The Report]]."),
        ])
        server = try DevServer(options: site.options, port: 0)
        server.log = { _ in }
        let s = server!
        task = Task { try await s.run() }
        port = try await server.listeningPort()
        // Wait for the first build.
        let deadline = Date().addingTimeInterval(20)
        while server.state.snapshot().version == 0 && Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        XCTAssertGreaterThan(server.state.snapshot().version, 0, "first build within 20 s")
    }

    override func tearDown() async throws {
        await server.stop()
        _ = await task.result
        server = nil
        site = nil
    }

    /// Sends `request`, reads until the server closes; returns the status and the seconds it took.
    func exchange(_ request: [UInt8]) throws -> (Int?, Double, Data) {
        let c = try RawHTTP(port: port)
        defer { c.close() }
        let started = Date()
        c.send(request)
        let data = c.readAll()
        return (RawHTTP.status(data), Date().timeIntervalSince(started), data)
    }

    func get(_ path: String, method: String = "GET", extra: String = "") throws -> (status: Int, headers: [String: String], body: Data) {
        let c = try RawHTTP(port: port)
        defer { c.close() }
        c.send("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(extra)\r\n")
        return try XCTUnwrap(c.readResponse(head: method == "HEAD"))
    }

    func testOversizedRequestLinesAndHeadersGet414And431Fast() throws {
        for size in [100_000, 1_000_000] {
            let longLine = Array("GET /".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: size) + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
            var (status, seconds, _) = try exchange(longLine)
            XCTAssertEqual(status, 414, "request line of \(size) bytes")
            XCTAssertLessThan(seconds, 2, "request line of \(size) bytes")

            let longHeader = Array("GET / HTTP/1.1\r\nHost: x\r\nX-Big: ".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: size) + Array("\r\n\r\n".utf8)
            (status, seconds, _) = try exchange(longHeader)
            XCTAssertEqual(status, 431, "header of \(size) bytes")
            XCTAssertLessThan(seconds, 2, "header of \(size) bytes")
        }
        // Many small headers, and a request line without any line end.
        let many = "GET / HTTP/1.1\r\n" + String(repeating: "X-A: b\r\n", count: 2000) + "\r\n"
        XCTAssertEqual(try exchange(Array(many.utf8)).0, 431)
        XCTAssertEqual(try exchange([UInt8](repeating: UInt8(ascii: "a"), count: 200_000)).0, 414)
        // The server still answers normally.
        XCTAssertEqual(try get("/countries/mexico/").status, 200)
    }

    /// DNS rebinding: a request naming another host is refused; names of this machine are served.
    func testRequestsForOtherHostsAreRefused() throws {
        func status(_ host: String) throws -> Int? { try exchange(Array("GET / HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n".utf8)).0 }
        for host in ["evil.example", "evil.example:8080", "127.0.0.1.evil.example", "localhost.evil.example", "10.0.0.1",
                     "[::2]", "localhost:x", "[::1]x"] {
            XCTAssertEqual(try status(host), 403, host)
        }
        for host in ["localhost", "LOCALHOST:4000", "127.0.0.1:4000", "[::1]:4000", "site.localhost", "localhost."] {
            XCTAssertEqual(try status(host), 200, host)
        }
        XCTAssertTrue(RequestChannelHandler.isLoopbackName("localhost:8080"))
        XCTAssertFalse(RequestChannelHandler.isLoopbackName("notlocalhost"))
    }

    func testMalformedAndUnsupportedRequests() throws {
        func status(_ text: String) throws -> Int? { try exchange(Array(text.utf8)).0 }
        XCTAssertEqual(try status("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"), 405)
        XCTAssertEqual(try status("DELETE / HTTP/1.1\r\nHost: x\r\n\r\n"), 405)
        // NIO's parser refuses versions other than 1.0 and 1.1 as malformed: 400, not 505.
        XCTAssertEqual(try status("GET / HTTP/2.0\r\nHost: x\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET / HTTP/1.2\r\nHost: x\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET /\r\n\r\n"), 400)
        // NIO's parser takes several spaces between the parts of the request line as one.
        XCTAssertEqual(try status("GET  / HTTP/1.1\r\nConnection: close\r\n\r\n"), 200)
        XCTAssertEqual(try status("GET * HTTP/1.1\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET / HTTP/1.1\r\nNo colon here\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET /\u{1}x HTTP/1.1\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), 501)
        XCTAssertEqual(try status("GET / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n"), 413)
        XCTAssertEqual(try status("GET /../../etc/passwd HTTP/1.1\r\nConnection: close\r\n\r\n"), 400)
        XCTAssertEqual(try status("GET /%2e%2e/x HTTP/1.1\r\nConnection: close\r\n\r\n"), 400)
        // A small body is read and dropped; the request is answered.
        XCTAssertEqual(try status("GET / HTTP/1.1\r\nContent-Length: 4\r\nConnection: close\r\n\r\nabcd"), 200)
        // Leading empty lines are accepted; bare LF line ends are not (NIO's parser is strict: 400).
        XCTAssertEqual(try status("\r\nGET / HTTP/1.0\r\n\r\n"), 200)
        XCTAssertEqual(try status("\r\nGET / HTTP/1.0\n\n"), 400)
    }

    func testHeadAnswersLikeGetWithoutABody() throws {
        for path in ["/countries/mexico/", "/nowhere/", "/assets/style.css", "/countries/mexico"] {
            let g = try get(path)
            let h = try get(path, method: "HEAD")
            XCTAssertEqual(h.status, g.status, path)
            XCTAssertEqual(h.headers["content-type"], g.headers["content-type"], path)
            XCTAssertEqual(h.headers["content-length"], String(g.body.count), path)
            XCTAssertEqual(h.headers["location"], g.headers["location"], path)
        }
        // No body bytes follow a HEAD answer: the next answer on the same connection starts right after it.
        let c = try RawHTTP(port: port)
        defer { c.close() }
        c.send("HEAD /countries/mexico/ HTTP/1.1\r\nHost: localhost\r\n\r\nGET /assets/style.css HTTP/1.1\r\nHost: localhost\r\n\r\n")
        let first = try XCTUnwrap(c.readResponse(head: true))
        XCTAssertEqual(first.status, 200)
        XCTAssertTrue(first.body.isEmpty)
        let second = try XCTUnwrap(c.readResponse())
        XCTAssertEqual(second.status, 200)
        XCTAssertEqual(second.headers["content-type"], "text/css; charset=utf-8")
    }

    func testAbsoluteFormTargetIsServedLikeItsPath() throws {
        let plain = try get("/countries/mexico/")
        for target in ["http://127.0.0.1:\(port)/countries/mexico/", "HTTP://localhost/countries/mexico/",
                       "http://127.0.0.1:\(port)/countries/mexico/?a=b"] {
            let absolute = try get(target)
            XCTAssertEqual(absolute.status, 200, target)
            XCTAssertEqual(absolute.body.count, plain.body.count, target)
        }
        XCTAssertEqual(try get("http://127.0.0.1:\(port)").status, 200, "no path: the home page")
        XCTAssertEqual(try get("http://127.0.0.1:\(port)/countries/mexico").headers["location"], "/countries/mexico/")
    }

    func testKeepAliveAndPipelining() throws {
        let c = try RawHTTP(port: port)
        defer { c.close() }
        c.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\nGET /countries/mexico/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
        XCTAssertEqual(c.readResponse()?.status, 200)
        let second = try XCTUnwrap(c.readResponse())
        XCTAssertEqual(second.status, 200)
        XCTAssertTrue(String(decoding: second.body, as: UTF8.self).contains("First version"))
        c.send("GET /nowhere HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        XCTAssertEqual(c.readResponse()?.status, 404)
        XCTAssertTrue(c.readAll().isEmpty, "closed after Connection: close")
    }

    func testAssetsAreServedOnlyAsRegularFiles() throws {
        let assets = site.root.appendingPathComponent("templates/assets").path
        let outside = site.root.appendingPathComponent("secret.txt")
        try Data("secret".utf8).write(to: outside)
        XCTAssertEqual(symlink(outside.path, assets + "/passwd"), 0)
        XCTAssertEqual(symlink(site.root.path, assets + "/up"), 0)
        XCTAssertEqual(mkfifo(assets + "/fifo", 0o644), 0)
        try FileManager.default.createDirectory(atPath: assets + "/sub", withIntermediateDirectories: true)
        try Data("ok".utf8).write(to: URL(fileURLWithPath: assets + "/sub/file.txt"))

        XCTAssertEqual(try get("/assets/style.css").status, 200)
        let nested = try get("/assets/sub/file.txt")
        XCTAssertEqual(nested.status, 200)
        XCTAssertEqual(String(decoding: nested.body, as: UTF8.self), "ok")
        let started = Date()
        for path in ["/assets/passwd", "/assets/up/secret.txt", "/assets/fifo", "/assets/sub", "/assets/sub/", "/assets//style.css"] {
            let r = try get(path)
            XCTAssertEqual(r.status, 404, path)
            XCTAssertFalse(String(decoding: r.body, as: UTF8.self).contains("secret"), path)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 2, "a FIFO does not block")
    }

    func testHostileClientsDoNotStarveOthersOrStopping() async throws {
        // Slow clients: each sends part of a head and stalls; others stream a huge header slowly.
        var hostile: [RawHTTP] = []
        for i in 0..<8 {
            let c = try RawHTTP(port: port)
            c.send(i % 2 == 0 ? "GET / HTTP/1.1\r\nX-Slow: " : "GET /" + String(repeating: "a", count: 6000))
            hostile.append(c)
        }
        // Huge requests sent at the same time on other threads.
        let port = self.port
        let big = Task.detached { () -> [Int?] in
            var out: [Int?] = []
            for _ in 0..<4 {
                let c = try RawHTTP(port: port)
                c.send(Array("GET / HTTP/1.1\r\nX: ".utf8) + [UInt8](repeating: 0x61, count: 1_000_000) + Array("\r\n\r\n".utf8))
                out.append(RawHTTP.status(c.readAll()))
                c.close()
            }
            return out
        }
        // Normal requests are answered at once meanwhile.
        for _ in 0..<20 {
            let started = Date()
            XCTAssertEqual(try get("/countries/mexico/").status, 200)
            XCTAssertLessThan(Date().timeIntervalSince(started), 1)
        }
        let bigStatuses = try await big.value
        XCTAssertEqual(bigStatuses, [431, 431, 431, 431])
        // Stopping is not delayed by the stalled clients.
        let started = Date()
        await server.stop()
        _ = await task.result
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        for c in hostile { c.close() }
    }

    /// The raw server alone, with short limits.
    func testSlowHeadTimesOutAndConnectionsAreCapped() throws {
        var limits = HTTPLimits()
        limits.headTimeout = 0.3
        limits.idleTimeout = 0.3
        limits.maxConnections = 3
        let http = try LocalHTTPServer(port: 0, limits: limits)
        let finished = expectation(description: "server stopped")
        http.start(handler: { _ in .plain(200, "hello") }, onFinish: { finished.fulfill() })

        // A head that never ends: 408 after the head timeout.
        let slow = try RawHTTP(port: http.port)
        let started = Date()
        slow.send("GET / HTTP/1.1\r\nHost: x\r\n")
        let data = slow.readAll()
        XCTAssertEqual(RawHTTP.status(data), 408)
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        slow.close()

        // An idle connection is closed without a word.
        let idle = try RawHTTP(port: http.port)
        XCTAssertTrue(idle.readAll().isEmpty)
        idle.close()

        // Beyond the cap, 503 at once.
        let held = try (0..<3).map { _ in try RawHTTP(port: http.port) }
        Thread.sleep(forTimeInterval: 0.05)
        let extra = try RawHTTP(port: http.port)
        XCTAssertEqual(RawHTTP.status(extra.readAll()), 503)
        extra.close()
        for c in held { c.close() }

        http.stop()
        wait(for: [finished], timeout: 2)
    }

    /// The command itself exits on SIGTERM while hostile requests are in flight.
    func testSigtermStopsTheCommandDespiteHostileRequests() throws {
        let p = Process()
        p.executableURL = CLITests.binaryURL
        p.arguments = ["serve", "--port", "0"]
        p.currentDirectoryURL = site.root
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        try p.run()
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while !text.contains("(Ctrl-C"), Date() < deadline {
            text += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
        let port = try XCTUnwrap(text.split(separator: ":").dropFirst(2).first.flatMap { UInt16($0.prefix { $0.isNumber }) }, text)
        var clients: [RawHTTP] = []
        for _ in 0..<4 {
            let c = try RawHTTP(port: port)
            c.send(Array("GET /".utf8) + [UInt8](repeating: 0x61, count: 7000))
            clients.append(c)
        }
        let big = try RawHTTP(port: port)
        big.send(Array("GET / HTTP/1.1\r\nX: ".utf8) + [UInt8](repeating: 0x61, count: 1_000_000) + Array("\r\n\r\n".utf8))
        XCTAssertEqual(RawHTTP.status(big.readAll()), 431)
        ServeTests.waitUntilHandled(SIGTERM, by: p.processIdentifier)
        let started = Date()
        kill(p.processIdentifier, SIGTERM)
        while p.isRunning && Date().timeIntervalSince(started) < 5 { Thread.sleep(forTimeInterval: 0.02) }
        if p.isRunning { p.terminate(); kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
        XCTAssertEqual(p.terminationStatus, 0)
        for c in clients + [big] { c.close() }
    }
}
