#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SitegenBuild
import SitegenLoad
import SitegenModel

/// What the server serves: the last good build, the current errors, and a version that changes with both.
/// Builds publish here; requests read a consistent snapshot and never wait for a build.
final class ServerState: @unchecked Sendable {
    private let condition = NSCondition()
    private var files: [String: Data] = [:]
    private var errors: [Diagnostic] = []
    private var version = 0
    private var closed = false
    private var waiters: [Int: @Sendable (Int) -> Void] = [:]
    private var nextWaiter = 0
    /// Names this run of the server in the versions pages see, so that a page of an earlier run (before
    /// `serve` restarted itself with new templates) never takes a version of this one for its own.
    let instance = String(UInt64.random(in: 0...UInt64.max), radix: 36)

    /// A new version, unless nothing changed (a rebuild that gave the same bytes and errors: open pages stay as they
    /// are, as when a template source changed and the running binary still has the old templates).
    func publish(files: [String: Data]?, errors: [Diagnostic]) {
        // Compared outside the lock (the bytes of a large site take a while); builds publish one at a time.
        let (current, currentErrors, seen) = snapshot()
        if seen > 0 && errors == currentErrors && (files == nil || files == current) {
            condition.lock()
            let unchanged = version == seen
            condition.unlock()
            if unchanged { return }
        }
        condition.lock()
        if let files { self.files = files }
        self.errors = errors
        version += 1
        condition.broadcast()
        let woken = takeWaiters()
        let v = version
        condition.unlock()
        Self.call(woken, v)
    }

    /// The files, errors and version of the latest publication (version 0: nothing built yet).
    func snapshot() -> (files: [String: Data], errors: [Diagnostic], version: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (files, errors, version)
    }

    /// Calls `body` with the version once it differs from `seen`, after `timeout` seconds, or when the server
    /// stops, whichever comes first; exactly once, on another thread, holding no thread while it waits.
    func whenChanged(after seen: Int, timeout: Double = 20, _ body: @escaping @Sendable (Int) -> Void) {
        condition.lock()
        if version != seen || closed {
            let v = version
            condition.unlock()
            Self.call([body], v)
            return
        }
        let id = nextWaiter
        nextWaiter += 1
        waiters[id] = body
        condition.unlock()
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [self] in
            condition.lock()
            let waiter = waiters.removeValue(forKey: id)
            let v = version
            condition.unlock()
            if let waiter { waiter(v) }
        }
    }

    /// Wakes every waiting request; later waits return at once.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        let woken = takeWaiters()
        let v = version
        condition.unlock()
        Self.call(woken, v)
    }

    private func takeWaiters() -> [@Sendable (Int) -> Void] {
        defer { waiters = [:] }
        return Array(waiters.values)
    }

    private static func call(_ bodies: [@Sendable (Int) -> Void], _ version: Int) {
        guard !bodies.isEmpty else { return }
        DispatchQueue.global().async {
            for body in bodies { body(version) }
        }
    }
}

/// Serves the in-memory site, the assets from disk, and the live-reload endpoint.
struct RequestHandler: Sendable {
    let state: ServerState
    let assets: URL
    /// How long a request waits for the first build before it gets a "building" page.
    var firstBuildWait: Double = 30

    /// Answers `request` through `reply`: at once, or later for the live-reload long poll and while the first
    /// build runs. Never blocks on a build.
    func handle(_ request: PreviewRequest, reply: @escaping @Sendable (HTTPReply) -> Void) {
        let path = request.path
        if path == "/__sitegen/wait" {
            // The page's version is `instance.number`; one of another run of the server is answered at once.
            let token = request.queryValue("v") ?? ""
            let parts = token.split(separator: ".", maxSplits: 1)
            let seen = parts.count == 2 && parts[0] == state.instance ? Int(parts[1]) ?? -1 : -1
            state.whenChanged(after: seen) { [state] v in
                reply(HTTPReply(status: 200, headers: [("Content-Type", "text/plain"), ("Cache-Control", "no-store")],
                                body: Data(Self.token(state, v).utf8)))
            }
            return
        }
        if state.snapshot().version == 0, Self.relativePath(path) != nil, !path.hasPrefix("/assets/") {
            // The first build is still running: wait for it, within reason.
            state.whenChanged(after: 0, timeout: firstBuildWait) { _ in reply(self.answer(request)) }
            return
        }
        reply(answer(request))
    }

    static func token(_ state: ServerState, _ version: Int) -> String {
        "\(state.instance).\(version)"
    }

    /// The answer from what is published now.
    func answer(_ request: PreviewRequest) -> HTTPReply {
        let path = request.path
        guard let rel = Self.relativePath(path) else {
            return .plain(400)
        }
        if rel.hasPrefix("assets/"), let data = Self.readRegularFile(in: assets.path, relativePath: String(rel.dropFirst("assets/".count))) {
            return HTTPReply(status: 200, headers: [("Content-Type", Self.contentType(rel)), ("Cache-Control", "no-store")], body: data)
        }
        let (files, errors, version) = state.snapshot()
        if version == 0 {
            return respond("building.html", Data("<!doctype html><title>Building</title><body><p>sitegen is building the site…</p></body>".utf8),
                           status: 503, errors: [], version: 0)
        }
        let key = rel.isEmpty || rel.hasSuffix("/") ? rel + "index.html" : rel
        if let data = files[key] {
            return respond(key, data, status: 200, errors: errors, version: version)
        }
        if files[rel + "/index.html"] != nil {
            return HTTPReply(status: 301, headers: [("Location", path + "/")])
        }
        return respond("404.html", files["404.html"] ?? Data("Not found".utf8), status: 404, errors: errors, version: version)
    }

    func respond(_ key: String, _ data: Data, status: Int, errors: [Diagnostic], version: Int) -> HTTPReply {
        var body = data
        if key.hasSuffix(".html") {
            body = Data(Self.inject(String(decoding: data, as: UTF8.self), errors: errors, version: Self.token(state, version)).utf8)
        }
        return HTTPReply(status: status, headers: [("Content-Type", Self.contentType(key)), ("Cache-Control", "no-store")], body: body)
    }

    /// The path below the site root, or nil when it tries to leave it.
    static func relativePath(_ path: String) -> String? {
        let decoded = path.removingPercentEncoding ?? path
        let parts = decoded.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if parts.contains(where: { $0 == ".." || $0 == "." }) || decoded.contains("\0") { return nil }
        return parts.joined(separator: "/")
    }

    /// The bytes of `relativePath` below `root` when it is a regular file reached without following any
    /// symbolic link below `root`; nil for anything else (links, folders, FIFOs, sockets, devices), without
    /// ever blocking on one.
    static func readRegularFile(in root: String, relativePath: String) -> Data? {
        let parts = relativePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let last = parts.last, !last.isEmpty, !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { return nil }
        var dir = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dir >= 0 else { return nil }
        for part in parts.dropLast() {
            let next = openat(dir, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            close(dir)
            guard next >= 0 else { return nil }
            dir = next
        }
        let fd = openat(dir, last, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        close(dir)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        var data = Data(count: Int(st.st_size))
        var offset = 0
        let complete = data.withUnsafeMutableBytes { raw -> Bool in
            while offset < raw.count {
                let n = read(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
        if !complete { data.count = offset } // the file shrank while being read
        return data
    }

    static func contentType(_ path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js": return "text/javascript; charset=utf-8"
        case "xml": return "application/xml"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "json": return "application/json"
        default: return "application/octet-stream"
        }
    }

    /// Adds the live-reload script, and the error overlay when the last build failed.
    /// `version` is the token of the publication the page shows. The script long-polls with it and reloads when the
    /// answer differs: a new build, or a new run of the server (after a restart with rebuilt templates, whatever its
    /// number). While the server is away (restarting, stopped), it retries every second.
    static func inject(_ html: String, errors: [Diagnostic], version: String) -> String {
        var extra = """
        <script>(function(){var v="\(version)";function poll(){fetch("/__sitegen/wait?v="+encodeURIComponent(v),{cache:"no-store"}).then(function(r){if(!r.ok){throw r.status}return r.text()}).then(function(t){if(t.trim()!==v){location.reload()}else{poll()}}).catch(function(){setTimeout(poll,1000)})}poll()})();</script>
        """
        if !errors.isEmpty {
            let items = errors.map { "<li>\($0.description.htmlEscaped)</li>" }.joined()
            extra += """
            <div id="sitegen-errors" role="alert" style="position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;z-index:1000;background:#3b0d0d;color:#fff;font:14px/1.5 ui-monospace,monospace;padding:1rem 1.5rem;box-shadow:0 -4px 24px rgba(0,0,0,.4)"><strong>sitegen: \(errors.count) error\(errors.count == 1 ? "" : "s") — showing the last good build</strong><ul style="margin:.5rem 0 0;padding-left:1.2rem">\(items)</ul></div>
            """
        }
        if let r = html.range(of: "</body>", options: .backwards) {
            return html.replacingCharacters(in: r, with: extra + "</body>")
        }
        return html + extra
    }
}
