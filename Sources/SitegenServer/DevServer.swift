import Foundation
import SitegenBuild
import SitegenLoad
import SitegenModel

/// `sitegen serve`: builds the site in memory, serves it on 127.0.0.1, watches the content, templates,
/// settings and source texts, rebuilds incrementally on every change and reloads open pages. Content
/// errors are printed and shown over the page; the last good build keeps being served until they are fixed.
///
/// Three parts run side by side, each on threads of its own: the HTTP server (`LocalHTTPServer`, SwiftNIO), the file
/// watcher (`FileWatcher`: inotify on Linux, polling elsewhere) and the builds (`Rebuilder`: one at a time,
/// changes during a build coalesced into one more). Requests read the last published build and never wait
/// for a running one.
public final class DevServer: @unchecked Sendable {
    public let options: BuildOptions
    let http: LocalHTTPServer
    let state = ServerState()
    /// Receives one line per rebuild and per problem.
    public var log: @Sendable (String) -> Void = { print($0) }
    /// With polling (no inotify), the shortest interval between scans of the watched files, in nanoseconds.
    public var pollInterval: UInt64 = 50_000_000
    /// `.polling` forces the polling watcher (also `SITEGEN_WATCH=poll` in the environment).
    var watchMode: FileWatcher.Mode = ProcessInfo.processInfo.environment["SITEGEN_WATCH"] == "poll" ? .polling : .automatic
    /// Seconds of quiet after a change before the rebuild starts.
    var debounce = 0.03
    /// See `Rebuilder.hangLimit` and `firstHangLimit`.
    var hangLimit = 10.0
    var firstHangLimit = 60.0
    /// The build itself (tests replace it).
    var buildSite: @Sendable (BuildOptions, BuildCache) -> (BuildResult, [(path: String, data: Data)]) = { options, cache in
        let (result, files, _) = Site(options: options).check(cache: cache)
        return (result, files)
    }
    private var watcher: FileWatcher?
    private var rebuilder: Rebuilder?
    private let lock = NSLock()
    private var stopping = false

    public init(options: BuildOptions, port: UInt16) throws {
        self.options = options
        http = try LocalHTTPServer(port: port)
    }

    /// The port the server listens on (useful with port 0).
    public func listeningPort() async throws -> UInt16 {
        http.port
    }

    /// Starts the first build and serves until `stop()`.
    public func run() async throws {
        let rebuilder = Rebuilder(hangLimit: hangLimit, firstHangLimit: firstHangLimit, log: log) { [self] cache in
            rebuild(cache: cache)
        }
        let watcher = FileWatcher(roots: watchRoots(sourceTexts: options.sourceTexts), mode: watchMode, debounce: debounce,
                                  pollInterval: pollInterval, log: log) { rebuilder.request() }
        let started = lock.withLock {
            guard !stopping else { return false }
            self.rebuilder = rebuilder
            self.watcher = watcher
            return true
        }
        guard started else { return }
        watcher.start()
        rebuilder.request()
        let handler = RequestHandler(state: state, assets: options.templatesDir.appendingPathComponent("assets"))
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            http.start(handler: { request, reply in handler.handle(request, reply: reply) }, onFinish: { done.resume() })
        }
    }

    /// True once `stop()` was called.
    public var isStopping: Bool {
        lock.withLock { stopping }
    }

    /// Stops at once: no more builds, requests or watching. A build that is running is left to finish unseen.
    public func stop() async {
        let (watcher, rebuilder) = lock.withLock {
            stopping = true
            return (self.watcher, self.rebuilder)
        }
        watcher?.stop()
        rebuilder?.stop()
        state.close()
        http.stop()
    }

    /// Runs an incremental build; returns how to publish it (or its errors).
    func rebuild(cache: BuildCache) -> @Sendable () -> Void {
        let started = DispatchTime.now()
        let (result, files) = buildSite(options, cache)
        // The source texts folder named in sitegen.yml is watched too; read here, on the build's thread,
        // so that no settings file can stall the watcher.
        let sourceTexts = options.sourceTexts ?? SiteConfig.load(options.configFile, displayPath: "").0.sourceTexts
        let ms = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e6
        let errors = result.diagnostics.filter { $0.severity == .error }
        let s = cache.lastStats
        let published = errors.isEmpty ? Dictionary(files.map { ($0.path, $0.data) }, uniquingKeysWith: { _, last in last }) : nil
        return { [self] in
            for d in result.diagnostics { log(d.description) }
            if errors.isEmpty {
                log(String(format: "rebuilt in %.0f ms (%d of %d pages rendered, %d of %d outputs templated)", ms,
                           s.pagesRendered, s.pagesRendered + s.pagesReused, s.outputsRendered, s.outputsRendered + s.outputsReused))
            } else {
                log(String(format: "%d error%@ in %.0f ms; still serving the last good build", errors.count, errors.count == 1 ? "" : "s", ms))
            }
            state.publish(files: published, errors: errors)
            lock.withLock { watcher }?.setRoots(watchRoots(sourceTexts: sourceTexts))
        }
    }

    /// The content and templates folders, the settings file and the source texts folder.
    func watchRoots(sourceTexts: URL?) -> WatchRoots {
        var folders = [options.contentDir.path, options.templatesDir.path]
        if let sourceTexts { folders.append(sourceTexts.path) }
        return WatchRoots(folders: folders, files: [options.configFile.path])
    }
}
