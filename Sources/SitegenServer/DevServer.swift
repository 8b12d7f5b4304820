import FlyingFox
import Foundation
import SitegenBuild
import SitegenLoad
import SitegenModel

/// `sitegen serve`: builds the site in memory, serves it on 127.0.0.1, watches the content, templates,
/// settings and source texts, rebuilds incrementally on every change and reloads open pages. Content
/// errors are printed and shown over the page; the last good build keeps being served until they are fixed.
public final class DevServer: @unchecked Sendable {
    public let options: BuildOptions
    let server: HTTPServer
    let state = ServerState()
    let cache = BuildCache()
    /// Receives one line per rebuild and per problem.
    public var log: @Sendable (String) -> Void = { print($0) }
    /// How often the watched folders are scanned for changes.
    public var pollInterval: UInt64 = 50_000_000
    private var watcher: Task<Void, Never>?

    public init(options: BuildOptions, port: UInt16) throws {
        self.options = options
        server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: port), timeout: 30, logger: .disabled)
    }

    /// The port the server listens on (useful with port 0).
    public func listeningPort() async throws -> UInt16 {
        try await server.waitUntilListening()
        guard case let .ip4(_, port) = await server.listeningAddress else { return 0 }
        return port
    }

    /// Builds once, then serves until `stop()`.
    public func run() async throws {
        await rebuild()
        let handler = RequestHandler(state: state, assets: options.templatesDir.appendingPathComponent("assets"))
        await server.appendRoute("GET /*", to: handler)
        let interval = pollInterval
        watcher = Task.detached { [weak self] in
            var snapshot = self?.snapshot() ?? [:]
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: interval)
                guard let self else { return }
                let now = self.snapshot()
                if now != snapshot {
                    snapshot = now
                    await self.rebuild()
                }
            }
        }
        try await server.run()
    }

    /// True once `stop()` was called.
    public private(set) var isStopping = false

    public func stop() async {
        isStopping = true
        watcher?.cancel()
        await server.stop(timeout: 1)
    }

    /// Runs an incremental build and publishes it (or its errors).
    func rebuild() async {
        let started = DispatchTime.now()
        let (result, files, _) = Site(options: options).check(cache: cache)
        let ms = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e6
        let errors = result.diagnostics.filter { $0.severity == .error }
        for d in result.diagnostics { log(d.description) }
        let s = cache.lastStats
        if errors.isEmpty {
            log(String(format: "rebuilt in %.0f ms (%d of %d pages rendered, %d of %d outputs templated)", ms,
                       s.pagesRendered, s.pagesRendered + s.pagesReused, s.outputsRendered, s.outputsRendered + s.outputsReused))
        } else {
            log(String(format: "%d error%@ in %.0f ms; still serving the last good build", errors.count, errors.count == 1 ? "" : "s", ms))
        }
        let published = errors.isEmpty ? Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.data) }) : nil
        await state.publish(files: published, errors: errors)
    }

    /// Modification times and sizes of every watched file.
    func snapshot() -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        var roots = [options.contentDir, options.templatesDir, options.configFile]
        // The source texts named by --source-texts, or else by sitegen.yml.
        if let texts = options.sourceTexts ?? SiteConfig.load(options.configFile, displayPath: "").0.sourceTexts {
            roots.append(texts)
        }
        let fm = FileManager.default
        for root in roots {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: root.path, isDirectory: &isDir) else { continue }
            let paths = isDir.boolValue ? ((try? fm.subpathsOfDirectory(atPath: root.path)) ?? []).map { root.path + "/" + $0 } : [root.path]
            for p in paths {
                var st = stat()
                if stat(p, &st) == 0 {
                    out[p] = [Int(st.st_mtim.tv_sec), Int(st.st_mtim.tv_nsec), Int(st.st_size), Int(st.st_ino)]
                }
            }
        }
        return out
    }
}

/// What the server serves: the last good build, the current errors, and a version that changes with both.
actor ServerState {
    private(set) var files: [String: Data] = [:]
    private(set) var errors: [Diagnostic] = []
    private(set) var version = 0
    private var waiters: [Int: CheckedContinuation<Int, Never>] = [:]
    private var nextWaiter = 0

    func publish(files: [String: Data]?, errors: [Diagnostic]) {
        if let files { self.files = files }
        self.errors = errors
        version += 1
        for (_, w) in waiters { w.resume(returning: version) }
        waiters = [:]
    }

    /// Returns when the version differs from `seen`, or after `timeout` seconds.
    func waitForChange(after seen: Int, timeout: UInt64 = 20) async -> Int {
        if version != seen { return version }
        let id = nextWaiter
        nextWaiter += 1
        return await withCheckedContinuation { c in
            waiters[id] = c
            Task {
                try? await Task.sleep(nanoseconds: timeout * 1_000_000_000)
                self.expire(id)
            }
        }
    }

    private func expire(_ id: Int) {
        waiters.removeValue(forKey: id)?.resume(returning: version)
    }
}

/// Serves the in-memory site, the assets from disk, and the live-reload endpoints.
struct RequestHandler: HTTPHandler {
    let state: ServerState
    let assets: URL

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        // The raw target keeps a trailing slash, which the standardised `path` drops.
        let path = request.target.path(percentEncoded: true)
        if request.path == "/__sitegen/wait" {
            let seen = Int(request.query.first { $0.name == "v" }?.value ?? "") ?? -1
            let v = await state.waitForChange(after: seen)
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "text/plain", .init("Cache-Control"): "no-store"], body: Data(String(v).utf8))
        }
        guard let rel = Self.relativePath(path) else {
            return HTTPResponse(statusCode: .badRequest)
        }
        if rel.hasPrefix("assets/") {
            let file = assets.appendingPathComponent(String(rel.dropFirst("assets/".count)))
            if let data = FileManager.default.contents(atPath: file.path) {
                return HTTPResponse(statusCode: .ok, headers: [.contentType: Self.contentType(rel), .init("Cache-Control"): "no-store"], body: data)
            }
        }
        let files = await state.files
        let errors = await state.errors
        let version = await state.version
        let key = rel.isEmpty || rel.hasSuffix("/") ? rel + "index.html" : rel
        if let data = files[key] {
            return respond(key, data, status: .ok, errors: errors, version: version)
        }
        if files[rel + "/index.html"] != nil {
            return HTTPResponse(statusCode: .movedPermanently, headers: [.location: path + "/"], body: Data())
        }
        return respond("404.html", files["404.html"] ?? Data("Not found".utf8), status: .notFound, errors: errors, version: version)
    }

    func respond(_ key: String, _ data: Data, status: HTTPStatusCode, errors: [Diagnostic], version: Int) -> HTTPResponse {
        var body = data
        if key.hasSuffix(".html") {
            body = Data(Self.inject(String(decoding: data, as: UTF8.self), errors: errors, version: version).utf8)
        }
        return HTTPResponse(statusCode: status, headers: [.contentType: Self.contentType(key), .init("Cache-Control"): "no-store"], body: body)
    }

    /// The path below the site root, or nil when it tries to leave it.
    static func relativePath(_ path: String) -> String? {
        let decoded = path.removingPercentEncoding ?? path
        let parts = decoded.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        if parts.contains(where: { $0 == ".." || $0 == "." }) || decoded.contains("\0") { return nil }
        return parts.joined(separator: "/")
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
    static func inject(_ html: String, errors: [Diagnostic], version: Int) -> String {
        var extra = """
        <script>(function(){var v=\(version);function poll(){fetch("/__sitegen/wait?v="+v,{cache:"no-store"}).then(function(r){return r.text()}).then(function(t){if(parseInt(t,10)!==v){location.reload()}else{poll()}}).catch(function(){setTimeout(poll,1000)})}poll()})();</script>
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
