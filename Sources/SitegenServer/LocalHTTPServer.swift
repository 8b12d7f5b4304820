#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The head of one HTTP request, as the request handler sees it.
struct HTTPRequestHead: Sendable {
    /// `GET` or `HEAD` (anything else is answered with 405 before the handler runs).
    var method: String
    /// The percent-encoded path, always starting with `/` (an absolute-form target is reduced to it).
    var path: String
    /// The query, without the `?`.
    var query: String
    var headers: [(name: String, value: String)]
    var keepAlive: Bool

    /// The first value of a query parameter, percent-decoded.
    func queryValue(_ name: String) -> String? {
        for item in query.split(separator: "&") {
            let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(kv[0]).removingPercentEncoding ?? String(kv[0])
            if key == name {
                let value = kv.count > 1 ? String(kv[1]).replacingOccurrences(of: "+", with: " ") : ""
                return value.removingPercentEncoding ?? value
            }
        }
        return nil
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// An HTTP response: status, headers (without Content-Length and Connection, which the server adds) and body.
struct HTTPReply: Sendable {
    var status: Int
    var headers: [(name: String, value: String)] = []
    var body: Data = Data()

    static func plain(_ status: Int, _ text: String? = nil) -> HTTPReply {
        HTTPReply(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")],
                  body: Data(((text ?? HTTPReply.reason(status)) + "\n").utf8))
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 301: return "Moved Permanently"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 413: return "Content Too Large"
        case 414: return "URI Too Long"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 503: return "Service Unavailable"
        case 505: return "HTTP Version Not Supported"
        default: return "Status \(status)"
        }
    }
}

/// Bounds on what one client may send and how long it may take.
struct HTTPLimits: Sendable {
    /// Longest request line (method, target, version); longer gets 414.
    var maxRequestLine = 8 * 1024
    /// Longest request head (request line and all headers); longer gets 431.
    var maxHead = 32 * 1024
    /// Most header fields; more gets 431.
    var maxHeaderCount = 100
    /// Largest request body read (and discarded); larger gets 413.
    var maxBody = 1 << 20
    /// Seconds a client has to send a whole request head once it started; slower gets 408.
    var headTimeout: Double = 10
    /// Seconds an idle keep-alive connection stays open.
    var idleTimeout: Double = 5
    /// Seconds a client has to take a response before the connection is dropped.
    var sendTimeout: Double = 10
    /// Connections served at once; more are answered 503 at once.
    var maxConnections = 256
    /// After an error answer, the request's remaining bytes are read and dropped for at most this long (and
    /// at most `maxDrain` bytes), so that the client, still sending, gets to read the answer.
    var drainTimeout: Double = 2
    var maxDrain = 16 << 20
}

/// A small HTTP/1.1 server on 127.0.0.1 for `sitegen serve`: one thread per connection, bounded request heads
/// (414/431 in bounded time, linear parsing), deadlines on every read and write, GET and HEAD only, no request
/// bodies kept. Requests are handled on their connection's thread, never on Swift's cooperative thread pool,
/// so slow or hostile clients cannot starve the rest of the process (or its signal handling).
final class LocalHTTPServer: @unchecked Sendable {
    let port: UInt16
    let limits: HTTPLimits
    private let listenFD: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let lock = NSLock()
    private var connections: Set<Int32> = []
    private var stopped = false
    private var started = false
    private var onFinish: (() -> Void)?

    /// Binds and listens on 127.0.0.1:`port` (0 picks a free port).
    init(port: UInt16, limits: HTTPLimits = HTTPLimits()) throws {
        self.limits = limits
        let fd = socket(AF_INET, Self.streamType, 0)
        guard fd >= 0 else { throw Self.error("socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            let e = Self.error("cannot listen on 127.0.0.1:\(port)")
            close(fd)
            throw e
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var actual = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else {
            close(fd)
            throw Self.error("pipe")
        }
        for p in pipeFDs { _ = fcntl(p, F_SETFD, FD_CLOEXEC) }
        listenFD = fd
        wakeRead = pipeFDs[0]
        wakeWrite = pipeFDs[1]
        self.port = UInt16(bigEndian: actual.sin_port)
    }

    deinit {
        // Once started, the accept loop closes the listening socket; stop() closes it when never started.
        if !started && !stopped { close(listenFD) }
        close(wakeRead)
        close(wakeWrite)
    }

    /// Starts accepting on a thread of its own; `onFinish` runs once the server stopped accepting.
    func start(handler: @escaping @Sendable (HTTPRequestHead) -> HTTPReply, onFinish: @escaping () -> Void) {
        lock.lock()
        if stopped || started {
            lock.unlock()
            onFinish()
            return
        }
        started = true
        self.onFinish = onFinish
        lock.unlock()
        let thread = Thread { [self] in acceptLoop(handler) }
        thread.name = "sitegen-http-accept"
        thread.start()
    }

    /// Stops accepting and ends every open connection (a request waiting in its handler finishes first).
    func stop() {
        lock.lock()
        if stopped {
            lock.unlock()
            return
        }
        stopped = true
        let finish = started ? nil : onFinish
        for fd in connections { shutdown(fd, Int32(SHUT_RDWR)) }
        lock.unlock()
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
        if !started {
            close(listenFD)
            finish?()
        }
    }

    var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// Connections open right now.
    var openConnections: Int {
        lock.lock()
        defer { lock.unlock() }
        return connections.count
    }

    private func acceptLoop(_ handler: @escaping @Sendable (HTTPRequestHead) -> HTTPReply) {
        defer {
            close(listenFD)
            lock.lock()
            let finish = onFinish
            onFinish = nil
            lock.unlock()
            finish?()
        }
        while true {
            var fds = [pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            let r = poll(&fds, 2, -1)
            if r < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 || isStopped { return }
            let client = accept(listenFD, nil, nil)
            if client < 0 {
                switch errno {
                case EINTR, EAGAIN, EWOULDBLOCK, ECONNABORTED, EPROTO: continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM: usleep(10_000); continue
                default: return
                }
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
            #if canImport(Darwin)
            var one: Int32 = 1
            setsockopt(client, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
            #endif
            lock.lock()
            if stopped {
                lock.unlock()
                close(client)
                return
            }
            if connections.count >= limits.maxConnections {
                lock.unlock()
                // Too many at once: answer without reading and without waiting.
                let reply = Self.encode(.plain(503, "too many connections"), head: false, keepAlive: false)
                _ = reply.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Self.sendFlags) }
                close(client)
                continue
            }
            connections.insert(client)
            lock.unlock()
            let thread = Thread { [self] in
                var connection = Connection(fd: client, limits: limits)
                connection.serve(handler, isStopped: { self.isStopped })
                lock.lock()
                connections.remove(client)
                lock.unlock()
                close(client)
            }
            thread.name = "sitegen-http"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    static func encode(_ reply: HTTPReply, head: Bool, keepAlive: Bool) -> Data {
        var text = "HTTP/1.1 \(reply.status) \(HTTPReply.reason(reply.status))\r\n"
        for (name, value) in reply.headers { text += "\(name): \(value)\r\n" }
        text += "Content-Length: \(reply.body.count)\r\n"
        text += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        var data = Data(text.utf8)
        if !head { data.append(reply.body) }
        return data
    }

    #if canImport(Glibc)
    static let streamType = Int32(SOCK_STREAM.rawValue)
    static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    static let streamType = SOCK_STREAM
    static let sendFlags: Int32 = 0
    #endif

    static func error(_ what: String) -> NSError {
        NSError(domain: NSPOSIXErrorDomain, code: Int(errno),
                userInfo: [NSLocalizedDescriptionKey: "\(what): \(String(cString: strerror(errno)))"])
    }
}

/// One client connection: reads request heads within the limits, answers each, keeps the connection open
/// while the client asks for it.
struct Connection {
    let fd: Int32
    let limits: HTTPLimits
    /// Bytes received and not consumed yet (the start of a pipelined request).
    var buffer: [UInt8] = []

    init(fd: Int32, limits: HTTPLimits) {
        self.fd = fd
        self.limits = limits
    }

    enum Outcome {
        case request(HTTPRequestHead)
        /// The client closed the connection, stayed idle, or the server is stopping: close without a word.
        case closed
        /// Answer with this status and close.
        case reject(Int)
    }

    mutating func serve(_ handler: (HTTPRequestHead) -> HTTPReply, isStopped: () -> Bool) {
        var first = true
        while !isStopped() {
            switch readRequest(idle: first ? limits.headTimeout : limits.idleTimeout) {
            case .closed:
                return
            case .reject(let status):
                var reply = HTTPReply.plain(status)
                if status == 405 { reply.headers.append(("Allow", "GET, HEAD")) }
                _ = sendAll(LocalHTTPServer.encode(reply, head: false, keepAlive: false))
                lingeringClose()
                return
            case .request(let request):
                first = false
                var reply = handler(request)
                reply.headers.append(("Date", Self.httpDate()))
                let keepAlive = request.keepAlive && !isStopped()
                guard sendAll(LocalHTTPServer.encode(reply, head: request.method == "HEAD", keepAlive: keepAlive)),
                      keepAlive else { return }
            }
        }
    }

    /// Reads one request head (and drops its body), within the limits.
    mutating func readRequest(idle: Double) -> Outcome {
        var scanned = 0              // bytes of `buffer` already searched for line ends
        var lineStart = 0            // start of the current line
        var lines: [Range<Int>] = [] // the lines of the head, without CR LF
        let startedWaiting = Self.now()
        var deadline = startedWaiting + idle
        var receivedAny = !buffer.isEmpty
        if receivedAny { deadline = startedWaiting + limits.headTimeout }
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            // Scan the new bytes for line ends: linear in the size of the head.
            while scanned < buffer.count {
                if buffer[scanned] == UInt8(ascii: "\n") {
                    var end = scanned
                    if end > lineStart && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                    let line = lineStart..<end
                    lineStart = scanned + 1
                    if line.isEmpty {
                        if !lines.isEmpty {
                            let head = Array(buffer[0..<lineStart])
                            buffer.removeFirst(lineStart)
                            return finish(head: head, lines: lines)
                        }
                        // Empty lines before the request line are allowed (RFC 9112 §2.2).
                    } else {
                        if lines.isEmpty && line.count > limits.maxRequestLine { return .reject(414) }
                        lines.append(line)
                        if lines.count > limits.maxHeaderCount + 1 { return .reject(431) }
                    }
                }
                scanned += 1
                if lines.isEmpty && scanned - lineStart > limits.maxRequestLine { return .reject(414) }
                if scanned > limits.maxHead { return lines.isEmpty ? .reject(414) : .reject(431) }
            }
            // Wait for more, within the deadline.
            let now = Self.now()
            if now >= deadline { return receivedAny ? .reject(408) : .closed }
            switch waitReadable(timeout: deadline - now) {
            case .timeout: return receivedAny ? .reject(408) : .closed
            case .closed: return .closed
            case .ready: break
            }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return .closed }
            if n < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
                return .closed
            }
            if !receivedAny {
                receivedAny = true
                deadline = Self.now() + limits.headTimeout
            }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    /// Parses a complete head; reads and drops a small body.
    mutating func finish(head: [UInt8], lines: [Range<Int>]) -> Outcome {
        for line in lines {
            for b in head[line] where (b < 0x20 && b != 0x09) || b == 0x7F { return .reject(400) }
        }
        let requestLine = String(decoding: head[lines[0]], as: UTF8.self)
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else { return .reject(400) }
        let method = String(parts[0])
        let version = parts[2]
        guard version.hasPrefix("HTTP/") else { return .reject(400) }
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else { return .reject(505) }
        guard method.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-" || $0 == "_") }) else { return .reject(400) }

        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            let text = String(decoding: head[line], as: UTF8.self)
            if text.first == " " || text.first == "\t" { return .reject(400) } // obsolete line folding
            guard let colon = text.firstIndex(of: ":") else { return .reject(400) }
            let name = String(text[..<colon])
            guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "\t" }) else { return .reject(400) }
            let value = text[text.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
            headers.append((name, value))
        }
        func header(_ n: String) -> [String] {
            headers.filter { $0.name.caseInsensitiveCompare(n) == .orderedSame }.map(\.value)
        }

        // The body: none is expected; a small one is read and dropped, so that the connection stays usable.
        let lengths = header("Content-Length")
        if !header("Transfer-Encoding").isEmpty {
            return lengths.isEmpty ? .reject(501) : .reject(400)
        }
        if !lengths.isEmpty {
            guard Set(lengths).count == 1, let length = Int(lengths[0]), length >= 0,
                  lengths[0].allSatisfy({ $0.isASCII && $0.isNumber }) else { return .reject(400) }
            if length > limits.maxBody { return .reject(413) }
            if length > 0 && !discard(length) { return .closed }
        }

        guard method == "GET" || method == "HEAD" else { return .reject(405) }
        guard let (path, query) = Self.originForm(String(parts[1])) else { return .reject(400) }
        let connection = header("Connection").joined(separator: ",").lowercased()
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let keepAlive = version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
        return .request(HTTPRequestHead(method: method, path: path, query: query, headers: headers, keepAlive: keepAlive))
    }

    /// The path and query of a request target in origin form (`/x?y`) or absolute form (`http://host/x?y`).
    static func originForm(_ target: String) -> (String, String)? {
        var rest = Substring(target)
        if !rest.hasPrefix("/") {
            let lower = rest.prefix(8).lowercased()
            if lower.hasPrefix("http://") {
                rest = rest.dropFirst(7)
            } else if lower.hasPrefix("https://") {
                rest = rest.dropFirst(8)
            } else {
                return nil
            }
            // Drop the authority.
            let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            rest = rest[end...]
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let path: Substring
        let query: Substring
        if let q = rest.firstIndex(of: "?") {
            path = rest[..<q]
            query = rest[rest.index(after: q)...]
        } else {
            path = rest
            query = ""
        }
        return (path.isEmpty ? "/" : String(path), String(query))
    }

    /// Reads and drops `count` body bytes (some may already be buffered). False when the client did not send them in time.
    mutating func discard(_ count: Int) -> Bool {
        var left = count
        let fromBuffer = min(left, buffer.count)
        buffer.removeFirst(fromBuffer)
        left -= fromBuffer
        let deadline = Self.now() + limits.headTimeout
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while left > 0 {
            let now = Self.now()
            guard now < deadline, case .ready = waitReadable(timeout: deadline - now) else { return false }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, min($0.count, left), 0) }
            if n == 0 { return false }
            if n < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
                return false
            }
            left -= n
        }
        return true
    }

    /// Writes all of `data` within the send timeout. False when the client went away or stopped reading.
    func sendAll(_ data: Data) -> Bool {
        let deadline = Self.now() + limits.sendTimeout
        return data.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            var offset = 0
            while offset < raw.count {
                let n = send(fd, base + offset, raw.count - offset, LocalHTTPServer.sendFlags)
                if n > 0 {
                    offset += n
                    continue
                }
                if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                    let now = Self.now()
                    guard now < deadline else { return false }
                    var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&p, 1, Int32(min(1000, max(1, (deadline - now) * 1000))))
                    continue
                }
                return false
            }
            return true
        }
    }

    /// After an error answer: stop sending, read and drop what the client still sends for a bounded time,
    /// then close. Closing with unread bytes would reset the connection and the client could lose the answer.
    func lingeringClose() {
        shutdown(fd, Int32(SHUT_WR))
        let deadline = Self.now() + limits.drainTimeout
        var drained = 0
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while drained < limits.maxDrain {
            let now = Self.now()
            guard now < deadline, case .ready = waitReadable(timeout: deadline - now) else { return }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return }
            if n < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
                return
            }
            drained += n
        }
    }

    enum Wait { case ready, timeout, closed }

    func waitReadable(timeout: Double) -> Wait {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ms = Int32(min(Double(Int32.max), max(1, (timeout * 1000).rounded(.up))))
        let r = poll(&p, 1, ms)
        if r == 0 { return .timeout }
        if r < 0 { return errno == EINTR ? .ready : .closed }
        if p.revents & Int16(POLLIN) != 0 { return .ready }
        return .closed
    }

    static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }

    static func httpDate() -> String {
        var t = time(nil)
        var tmv = tm()
        gmtime_r(&t, &tmv)
        var buf = [Int8](repeating: 0, count: 64)
        let n = strftime(&buf, buf.count, "%a, %d %b %Y %H:%M:%S GMT", &tmv)
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
