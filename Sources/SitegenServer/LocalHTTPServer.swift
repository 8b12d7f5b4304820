import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP request, as the request handler sees it.
struct PreviewRequest: Sendable {
    /// `GET` or `HEAD` (anything else is answered with 405 before the handler runs).
    var method: String
    /// The percent-encoded path, always starting with `/` (an absolute-form target is reduced to it).
    var path: String
    /// The query, without the `?`.
    var query: String

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

    /// The path and query of a request target in origin form (`/x?y`) or absolute form (`http://host/x?y`).
    static func originForm(_ target: String) -> (path: String, query: String)? {
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
}

/// An HTTP response: status, headers (without Content-Length, Connection and Date, which the server adds) and body.
struct HTTPReply: Sendable {
    var status: Int
    var headers: [(name: String, value: String)] = []
    var body: Data = Data()

    static func plain(_ status: Int, _ text: String? = nil) -> HTTPReply {
        HTTPReply(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")],
                  body: Data(((text ?? HTTPResponseStatus(statusCode: status).reasonPhrase) + "\n").utf8))
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
    /// Seconds a client has to send a whole request (head and body) once it started; slower gets 408.
    var headTimeout: Double = 10
    /// Seconds an idle keep-alive connection stays open.
    var idleTimeout: Double = 5
    /// Seconds a client has to take a response before the connection is dropped.
    var sendTimeout: Double = 10
    /// Connections served at once; more are answered 503 at once.
    var maxConnections = 256
    /// After an error answer, the client's remaining bytes are read and dropped for at most this long (and
    /// at most `maxDrain` bytes), so that the client, still sending, gets to read the answer.
    var drainTimeout: Double = 2
    var maxDrain = 16 << 20
}

/// The HTTP server of `sitegen serve`: SwiftNIO on 127.0.0.1 with its HTTP/1.1 pipeline, plus a small handler in
/// front of the decoder that bounds request heads (414/431 in bounded time) and the time a client may take.
/// Requests are answered on a concurrent Dispatch queue (`RequestPool`), so no request (a large page, a file read) holds an event loop,
/// and the live-reload long poll waits on a callback, holding no thread at all.
final class LocalHTTPServer: @unchecked Sendable {
    typealias Handler = @Sendable (PreviewRequest, @escaping @Sendable (HTTPReply) -> Void) -> Void

    let port: UInt16
    let limits: HTTPLimits
    private let group: MultiThreadedEventLoopGroup
    private let pool: RequestPool
    private let channel: Channel
    private let state = NIOLockedValueBox(Shared())

    struct Shared {
        var handler: Handler?
        var connections: [ObjectIdentifier: Channel] = [:]
        var started = false
        var stopped = false
        var onFinish: (() -> Void)?
        var closed = false
        var loopsGone = false
        var whenClosed: [@Sendable () -> Void] = []
    }

    /// Binds and listens on 127.0.0.1:`port` (0 picks a free port); connections wait in the backlog until `start`.
    init(port: UInt16, limits: HTTPLimits = HTTPLimits()) throws {
        self.limits = limits
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        pool = RequestPool()
        let state = self.state
        let pool = self.pool
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 128)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            // Nothing is accepted before `start`.
            .serverChannelOption(ChannelOptions.autoRead, value: false)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { child in
                Self.setUp(child, state: state, limits: limits, pool: pool)
            }
        do {
            channel = try bootstrap.bind(host: "127.0.0.1", port: Int(port)).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw NSError(domain: NSPOSIXErrorDomain, code: Int((error as? IOError)?.errnoCode ?? 0),
                          userInfo: [NSLocalizedDescriptionKey: "cannot listen on 127.0.0.1:\(port): \(error)"])
        }
        self.port = UInt16(channel.localAddress?.port ?? Int(port))
    }

    deinit {
        // A server that was never stopped: close it and end its threads.
        let (group, pool, channel) = (self.group, self.pool, self.channel)
        let (running, started) = state.withLockedValue { s -> (Bool, Bool) in
            defer { s.loopsGone = true }
            return (!s.loopsGone, s.started)
        }
        guard running else { return }
        channel.close(promise: nil)
        DispatchQueue.global().async {
            group.shutdownGracefully { _ in }
            if started { pool.shutdownGracefully { _ in } }
        }
    }

    private static func setUp(_ child: Channel, state: NIOLockedValueBox<Shared>, limits: HTTPLimits,
                              pool: RequestPool) -> EventLoopFuture<Void> {
        let id = ObjectIdentifier(child)
        let (handler, admitted) = state.withLockedValue { s -> (Handler?, Bool) in
            guard !s.stopped, let h = s.handler else { return (nil, false) }
            guard s.connections.count < limits.maxConnections else { return (h, false) }
            s.connections[id] = child
            return (h, true)
        }
        guard let handler else { return child.close() }
        guard admitted else {
            // Too many at once: answer without reading and without waiting.
            return child.pipeline.addHandler(RefuseHandler())
        }
        child.closeFuture.whenComplete { _ in
            _ = state.withLockedValue { $0.connections.removeValue(forKey: id) }
        }
        do {
            let sync = child.pipeline.syncOperations
            let connection = ConnectionState()
            let guardHandler = HeadLimitHandler(limits: limits, connection: connection)
            try sync.addHandler(guardHandler)
            var decoderLimits = NIOHTTPDecoderLimitConfiguration()
            decoderLimits.maxHeaderListSize = limits.maxHead
            decoderLimits.maxHeaderFieldSize = limits.maxHead
            decoderLimits.maxHeaderFieldCount = limits.maxHeaderCount
            try sync.configureHTTPServerPipeline(withErrorHandling: false, withEncoderConfiguration: .init(),
                                                withDecoderLimitConfiguration: decoderLimits)
            try sync.addHandler(RequestChannelHandler(handler: handler, limits: limits, pool: pool, guard: guardHandler,
                                                      connection: connection, isStopped: { state.withLockedValue { $0.stopped } },
                                                      deliver: { loop, work in deliver(state, on: loop, work) }))
            return child.eventLoop.makeSucceededVoidFuture()
        } catch {
            return child.eventLoop.makeFailedFuture(error)
        }
    }

    /// Starts accepting; `onFinish` runs once the server stopped.
    func start(handler: @escaping Handler, onFinish: @escaping () -> Void) {
        let go = state.withLockedValue { s -> Bool in
            if s.stopped || s.started { return false }
            s.started = true
            s.handler = handler
            s.onFinish = onFinish
            return true
        }
        guard go else {
            onFinish()
            return
        }
        pool.start()
        channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in
            self.channel.read()
        }
    }

    /// The same with a handler that answers at once.
    func start(handler: @escaping @Sendable (PreviewRequest) -> HTTPReply, onFinish: @escaping () -> Void) {
        start(handler: { request, reply in reply(handler(request)) }, onFinish: onFinish)
    }

    /// Stops accepting and ends every open connection; returns at once (`onFinish` runs when all is closed).
    func stop() {
        stopping {}
    }

    /// Stops, and returns once the listening socket and every connection are closed (not from an event loop).
    func stopAndWait() {
        let done = DispatchSemaphore(value: 0)
        stopping { done.signal() }
        done.wait()
    }

    private func stopping(then: @escaping @Sendable () -> Void) {
        let (first, connections, finished) = state.withLockedValue { s -> (Bool, [Channel], Bool) in
            let first = !s.stopped
            s.stopped = true
            if !s.closed { s.whenClosed.append(then) }
            return (first, Array(s.connections.values), s.closed)
        }
        if finished { then() }
        guard first else { return }
        let loop = channel.eventLoop
        let state = self.state
        let closing = [channel.close()] + connections.map { $0.close() }
        let (group, pool) = (self.group, self.pool)
        EventLoopFuture.andAllComplete(closing, on: loop).whenComplete { _ in
            let (callbacks, finish, started) = state.withLockedValue { s -> ([@Sendable () -> Void], (() -> Void)?, Bool) in
                s.closed = true
                // From here on, answers still being computed (a long poll woken by the stop) are dropped.
                s.loopsGone = true
                defer {
                    s.whenClosed = []
                    s.onFinish = nil
                }
                return (s.whenClosed, s.onFinish, s.started)
            }
            finish?()
            for c in callbacks { c() }
            // Not from the loop's own thread.
            DispatchQueue.global().async {
                group.shutdownGracefully { _ in }
                if started { pool.shutdownGracefully { _ in } }
            }
        }
    }

    /// Runs `work` on `loop` unless the server's event loop has been shut down.
    static func deliver(_ state: NIOLockedValueBox<Shared>, on loop: EventLoop, _ work: @escaping @Sendable () -> Void) {
        // Under the lock, so that the loop cannot go away between the check and the call.
        state.withLockedValue { s in
            if !s.loopsGone { loop.execute(work) }
        }
    }

    var isStopped: Bool {
        state.withLockedValue { $0.stopped }
    }

    /// Connections open right now.
    var openConnections: Int {
        state.withLockedValue { $0.connections.count }
    }

    static func httpDate() -> String {
        var t = time(nil)
        var tmv = tm()
        gmtime_r(&t, &tmv)
        var buf = [Int8](repeating: 0, count: 64)
        let n = strftime(&buf, buf.count, "%a, %d %b %Y %H:%M:%S GMT", &tmv)
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A complete response with a plain-text body, as bytes (for answers sent before or instead of the decoder).
    static func rawResponse(_ status: Int) -> ByteBuffer {
        let reply = HTTPReply.plain(status)
        var text = "HTTP/1.1 \(status) \(HTTPResponseStatus(statusCode: status).reasonPhrase)\r\n"
        for (name, value) in reply.headers { text += "\(name): \(value)\r\n" }
        text += "Content-Length: \(reply.body.count)\r\nConnection: close\r\nDate: \(httpDate())\r\n\r\n"
        var buffer = ByteBuffer(string: text)
        buffer.writeBytes(reply.body)
        return buffer
    }
}

/// What the two handlers of one connection share (both run on the connection's event loop).
final class ConnectionState {
    /// A request was passed to the application and its response is not written yet.
    var busy = false
}

/// Answers 503 and closes: the connection was over the cap.
final class RefuseHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelActive(context: ChannelHandlerContext) {
        let ctx = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(Self.wrapOutboundOut(LocalHTTPServer.rawResponse(503))).whenComplete { _ in
            ctx.value.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}

/// Sits before NIO's HTTP decoder and bounds what a client may send: it counts the bytes of each request head until
/// the empty line that ends it, and answers 414 (request line over the limit) or 431 (head or field count over the
/// limit) and closes as soon as a limit is passed, without waiting for the rest. It knows where a head ends and,
/// from its Content-Length, where the next pipelined head starts; everything else about HTTP is the decoder's.
/// It also keeps the time limits: 408 for a client that starts a request and does not finish it, a silent close
/// for an idle connection, and a lingering close after every error answer.
final class HeadLimitHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Phase {
        /// Reading a request head.
        case head
        /// Passing on `remaining` body bytes.
        case body(Int)
        /// A head whose body length the decoder decides (chunked, several or invalid lengths, too long): it will
        /// either fail or be answered with an error that closes the connection; bytes pass unchecked until then.
        case passthrough
        /// Answered with an error: the connection drains and closes; nothing more is passed on.
        case closing
    }

    let limits: HTTPLimits
    let connection: ConnectionState
    private(set) var phase = Phase.head
    private var context: ChannelHandlerContext?
    // The head being read.
    private var headBytes = 0
    private var lineBytes = 0
    private var fields = 0
    private var sawRequestLine = false
    private var line: [UInt8] = []
    private var held = ByteBuffer()
    private var contentLengths: [String] = []
    private var chunked = false
    // Timers.
    private var timer: Scheduled<Void>?
    private var timerIsIdle = false
    private var firstRequest = true
    /// An error answer that waits for the response in progress.
    private var pendingReject: Int?
    private var drained = 0

    init(limits: HTTPLimits, connection: ConnectionState) {
        self.limits = limits
        self.connection = connection
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        armIdle()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = Self.unwrapInboundIn(data)
        while buffer.readableBytes > 0 {
            switch phase {
            case .closing:
                drained += buffer.readableBytes
                if drained > limits.maxDrain { context.close(promise: nil) }
                return
            case .passthrough:
                context.fireChannelRead(Self.wrapInboundOut(buffer))
                return
            case .body(let remaining):
                let n = min(remaining, buffer.readableBytes)
                let part = buffer.readSlice(length: n)!
                context.fireChannelRead(Self.wrapInboundOut(part))
                if n == remaining {
                    phase = .head
                    requestReceived()
                } else {
                    phase = .body(remaining - n)
                }
            case .head:
                let (consumed, outcome) = scanHead(buffer)
                let part = buffer.readSlice(length: consumed)!
                switch outcome {
                case .more where !sawRequestLine:
                    // The request line is held back until it is complete, so that the decoder never sees one
                    // over the limit (it would take a long one for a malformed one: 400 instead of 414).
                    held.writeImmutableBuffer(part)
                case .more:
                    forward(part, context: context)
                case .reject(let status):
                    held.clear()
                    reject(status)
                    return
                case .complete(let next):
                    forward(part, context: context)
                    phase = next
                    if case .head = next { requestReceived() }
                }
            }
        }
    }

    private func forward(_ part: ByteBuffer, context: ChannelHandlerContext) {
        if held.readableBytes > 0 {
            context.fireChannelRead(Self.wrapInboundOut(held))
            held = ByteBuffer()
        }
        context.fireChannelRead(Self.wrapInboundOut(part))
    }

    enum ScanOutcome {
        case more
        case reject(Int)
        case complete(Phase)
    }

    /// Scans the bytes of `buffer` that belong to the current head: how many, and whether the head ended or broke a
    /// limit. Linear in the bytes; keeps at most one short line (to read Content-Length and Transfer-Encoding).
    private func scanHead(_ buffer: ByteBuffer) -> (Int, ScanOutcome) {
        if headBytes == 0 && buffer.readableBytes > 0 { armReceiving() }
        return buffer.withUnsafeReadableBytes { bytes -> (Int, ScanOutcome) in
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                headBytes += 1
                if b == UInt8(ascii: "\n") {
                    if lineBytes == 0 || (lineBytes == 1 && line[0] == UInt8(ascii: "\r")) {
                        if sawRequestLine { return (i, .complete(endOfHead())) }
                        // Empty lines before the request line are allowed (RFC 9112 §2.2).
                    } else if !sawRequestLine {
                        sawRequestLine = true
                    } else {
                        fields += 1
                        if fields > limits.maxHeaderCount { return (i, .reject(431)) }
                        noteField()
                    }
                    lineBytes = 0
                    line.removeAll(keepingCapacity: true)
                } else {
                    lineBytes += 1
                    if line.count < 64 { line.append(b) }
                    if !sawRequestLine && lineBytes > limits.maxRequestLine { return (i, .reject(414)) }
                }
                if headBytes > limits.maxHead { return (i, .reject(sawRequestLine ? 431 : 414)) }
            }
            return (i, .more)
        }
    }

    private func noteField() {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
        if name == "transfer-encoding" {
            chunked = true
        } else if name == "content-length" {
            // A value cut at 64 bytes is not a number the decoder accepts either: it will fail.
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: " \t\r"))
            contentLengths.append(lineBytes > 63 ? "invalid" : value)
        }
    }

    /// What follows the head that just ended; resets the head counters.
    private func endOfHead() -> Phase {
        defer {
            headBytes = 0
            lineBytes = 0
            fields = 0
            sawRequestLine = false
            line.removeAll(keepingCapacity: true)
            contentLengths = []
            chunked = false
        }
        if chunked || contentLengths.count > 1 { return .passthrough }
        guard let value = contentLengths.first else { return .head }
        guard value.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(value), n <= limits.maxBody else { return .passthrough }
        return n == 0 ? .head : .body(n)
    }

    /// A whole request was passed on: the application answers it, no timer runs meanwhile.
    private func requestReceived() {
        firstRequest = false
        timer?.cancel()
        timer = nil
    }

    /// The application wrote a response and keeps the connection open.
    func responseFinished() {
        if let status = pendingReject {
            pendingReject = nil
            sendReject(status)
            return
        }
        if case .head = phase, headBytes == 0 { armIdle() }
    }

    private func armIdle() {
        guard let context else { return }
        timer?.cancel()
        timerIsIdle = true
        let seconds = firstRequest ? limits.headTimeout : limits.idleTimeout
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) {
            let me = bound.value
            guard !me.connection.busy, case .head = me.phase, me.headBytes == 0 else { return }
            me.context?.close(promise: nil)
        }
    }

    private func armReceiving() {
        guard let context else { return }
        if timer != nil && !timerIsIdle { return }
        timer?.cancel()
        timerIsIdle = false
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: .nanoseconds(Int64(limits.headTimeout * 1e9))) {
            bound.value.reject(408)
        }
    }

    /// Answers `status` and closes, once the response in progress (if any) is written. Nothing more is passed on.
    func reject(_ status: Int) {
        if case .closing = phase { return }
        phase = .closing
        timer?.cancel()
        timer = nil
        if connection.busy {
            pendingReject = status
        } else {
            sendReject(status)
        }
    }

    private func sendReject(_ status: Int) {
        guard let context else { return }
        phase = .closing
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.writeAndFlush(Self.wrapOutboundOut(LocalHTTPServer.rawResponse(status))).whenComplete { _ in
            bound.value.lingeringClose()
        }
    }

    /// Stops sending, reads and drops what the client still sends for a bounded time, then closes. Closing with
    /// unread bytes would reset the connection, and a client still sending could lose the answer.
    func lingeringClose() {
        guard let context else { return }
        phase = .closing
        timer?.cancel()
        let ctx = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.close(mode: .output).whenFailure { _ in ctx.value.close(promise: nil) }
        timer = context.eventLoop.scheduleTask(in: .nanoseconds(Int64(limits.drainTimeout * 1e9))) {
            ctx.value.close(promise: nil)
        }
    }
}

/// Turns decoded requests into calls of the application's handler and writes its answers: GET and HEAD only
/// (HEAD answers like GET without the body), absolute-form targets served like their path, bodies dropped.
final class RequestChannelHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let handler: LocalHTTPServer.Handler
    let limits: HTTPLimits
    let pool: RequestPool
    let guardHandler: HeadLimitHandler
    let connection: ConnectionState
    let isStopped: @Sendable () -> Bool
    /// Runs work on the connection's loop, unless the server's loop is gone.
    let deliver: @Sendable (EventLoop, @escaping @Sendable () -> Void) -> Void
    private var current: (request: PreviewRequest, keepAlive: Bool)?
    private var ignoring = false

    init(handler: @escaping LocalHTTPServer.Handler, limits: HTTPLimits, pool: RequestPool, guard: HeadLimitHandler,
         connection: ConnectionState, isStopped: @escaping @Sendable () -> Bool,
         deliver: @escaping @Sendable (EventLoop, @escaping @Sendable () -> Void) -> Void) {
        self.deliver = deliver
        self.handler = handler
        self.limits = limits
        self.pool = pool
        self.guardHandler = `guard`
        self.connection = connection
        self.isStopped = isStopped
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            connection.busy = true
            ignoring = false
            current = nil
            if let status = Self.refusal(head, limits: limits) {
                ignoring = true
                var reply = HTTPReply.plain(status)
                if status == 405 { reply.headers.append(("Allow", "GET, HEAD")) }
                write(reply, head: false, keepAlive: false, context: context)
                return
            }
            let (path, query) = PreviewRequest.originForm(head.uri)!
            current = (PreviewRequest(method: head.method.rawValue, path: path, query: query), head.isKeepAlive)
        case .body:
            break
        case .end:
            guard !ignoring, let (request, keepAlive) = current else { return }
            current = nil
            let loop = context.eventLoop
            let bound = NIOLoopBound((self, context), eventLoop: loop)
            let handler = self.handler
            let deliver = self.deliver
            let answer: @Sendable (HTTPReply) -> Void = { reply in
                deliver(loop) {
                    let (me, context) = bound.value
                    me.write(reply, head: request.method == "HEAD", keepAlive: keepAlive, context: context)
                }
            }
            pool.submit { state in
                guard state == .active else { return answer(.plain(503)) }
                handler(request, answer)
            }
        }
    }

    /// The error status for a request the server does not serve, or nil.
    static func refusal(_ head: HTTPRequestHead, limits: HTTPLimits) -> Int? {
        if head.version.major != 1 { return 505 }
        if head.headers.contains(name: "Transfer-Encoding") { return 501 }
        if let length = head.headers.first(name: "Content-Length").flatMap({ Int($0) }), length > limits.maxBody { return 413 }
        if head.method != .GET && head.method != .HEAD { return 405 }
        if PreviewRequest.originForm(head.uri) == nil { return 400 }
        // The preview answers only to names of this machine: a page of another site that points its
        // own name at 127.0.0.1 (DNS rebinding) cannot read the preview through the reader's browser.
        if let host = head.headers.first(name: "Host"), !isLoopbackName(host) { return 403 }
        return nil
    }

    /// Whether a `Host` header names this machine: `localhost` (or a name under `.localhost`),
    /// `127.0.0.1` or `[::1]`, with or without a port.
    static func isLoopbackName(_ host: String) -> Bool {
        var name = host.trimmingCharacters(in: .whitespaces).lowercased()
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return false }
            let rest = name[name.index(after: close)...]
            guard rest.isEmpty || (rest.hasPrefix(":") && rest.dropFirst().allSatisfy(\.isASCII) && Int(rest.dropFirst()) != nil) else { return false }
            return name[...close] == "[::1]"
        }
        if let colon = name.lastIndex(of: ":") {
            guard Int(name[name.index(after: colon)...]) != nil else { return false }
            name = String(name[..<colon])
        }
        if name.hasSuffix(".") { name.removeLast() }
        return name == "localhost" || name.hasSuffix(".localhost") || name == "127.0.0.1"
    }

    func write(_ reply: HTTPReply, head: Bool, keepAlive: Bool, context: ChannelHandlerContext) {
        let keepAlive = keepAlive && !isStopped()
        var headers = HTTPHeaders(reply.headers.map { ($0.name, $0.value) })
        headers.add(name: "Content-Length", value: String(reply.body.count))
        headers.add(name: "Date", value: LocalHTTPServer.httpDate())
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let status = HTTPResponseStatus(statusCode: reply.status)
        context.write(Self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        if !head && !reply.body.isEmpty {
            context.write(Self.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(data: reply.body)))), promise: nil)
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        // A client that does not take its answer in time is dropped.
        let deadline = context.eventLoop.scheduleTask(in: .nanoseconds(Int64(limits.sendTimeout * 1e9))) {
            bound.value.1.close(promise: nil)
        }
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil))).whenComplete { result in
            deadline.cancel()
            let (me, context) = bound.value
            me.connection.busy = false
            guard case .success = result else { return context.close(promise: nil) }
            if keepAlive {
                me.guardHandler.responseFinished()
            } else {
                me.guardHandler.lingeringClose()
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if let parse = error as? HTTPParserError {
            guardHandler.reject(parse == .headerOverflow ? 431 : 400)
        } else {
            context.close(promise: nil)
        }
    }
}

extension ByteBuffer {
    init(data: Data) {
        self.init()
        writeBytes(data)
    }
}


/// Where requests are answered, off the event loop: a concurrent Dispatch queue. Work submitted after
/// the shutdown is told so (it answers 503). Unlike a thread pool that is started and stopped, it has no
/// threads of its own to start, so a server stopped right after it started cannot race their start.
final class RequestPool: @unchecked Sendable {
    enum WorkState { case active, cancelled }
    private let queue = DispatchQueue(label: "sitegen.serve.requests", attributes: .concurrent)
    private let lock = NSLock()
    private var stopped = false

    func start() {}

    func submit(_ work: @escaping @Sendable (WorkState) -> Void) {
        queue.async { [self] in
            work(lock.withLock { stopped } ? .cancelled : .active)
        }
    }

    func shutdownGracefully(_ done: @escaping @Sendable (Error?) -> Void) {
        lock.withLock { stopped = true }
        done(nil)
    }
}
