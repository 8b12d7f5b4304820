import Foundation
import SitegenBuild
import SitegenLoad
import SitegenModel

/// `sitegen serve`: builds the site in memory, serves it on 127.0.0.1, watches the content, templates,
/// settings and source texts, rebuilds incrementally on every change and reloads open pages. Content
/// errors are printed and shown over the page; the last good build keeps being served until they are fixed.
///
/// Three parts run side by side, each on threads of its own: the HTTP server (`LocalHTTPServer`, SwiftNIO), the
/// file watcher (`FileWatcher`: inotify on Linux, polling elsewhere) and the builds (`Rebuilder`: one at a time,
/// changes during a build coalesced into one more). Requests read the last published build and never wait
/// for a running one.
///
/// The templates are Swift code compiled into sitegen: when a template source changes, sitegen is rebuilt with
/// SwiftPM on a thread of its own (`TemplateRebuild`). If that fails, the compiler's errors are shown in the
/// terminal and over the page, and the last good site keeps being served; if it succeeds, the server stops and
/// the process replaces itself with the new binary on the same port, and open pages reload.
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
    /// Colours in the diagnostics printed to the log (when standard error is a terminal).
    var diagnosticColor = DiagnosticReport.stderrTakesColor
    /// The fingerprint of the template sources, or nil when the templates cannot be rebuilt (not Swift sources
    /// inside a package: a published copy, a test site). Tests replace it.
    var templateFingerprint: @Sendable () -> [String: [Int]]?
    /// Rebuilds sitegen with the changed templates (blocking; tests replace it).
    var buildTemplates: @Sendable () -> TemplateRebuild.Outcome
    /// Replaces the process with the rebuilt binary on the given port (tests replace it).
    var restart: @Sendable (URL, UInt16) -> Void = { binary, port in TemplateRebuild.restart(into: binary, port: port) }
    private var watcher: FileWatcher?
    private var rebuilder: Rebuilder?
    private var templateBuilder: TemplateBuilder?
    private let lock = NSLock()
    private var stopping = false
    private var restarting = false
    /// The errors of the last site build and of the last template build; pages show both.
    private var siteErrors: [Diagnostic] = []
    private var templateErrors: [Diagnostic] = []
    private var lastTemplates: [String: [Int]]?

    public init(options: BuildOptions, port: UInt16) throws {
        self.options = options
        http = try LocalHTTPServer(port: port)
        let templates = TemplateRebuild(templatesDir: options.templatesDir)
        templateFingerprint = { templates?.fingerprint() }
        buildTemplates = {
            templates?.build() ?? .failed([.error(options.templatesDir.path, .file, "the templates are not inside a Swift package")])
        }
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
        lastTemplates = templateFingerprint()
        watcher.start()
        rebuilder.request()
        let handler = RequestHandler(state: state, assets: options.templatesDir.appendingPathComponent("assets"))
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            http.start(handler: { request, reply in handler.handle(request, reply: reply) }, onFinish: { done.resume() })
        }
        // Stopped to restart with rebuilt templates: the process is about to become the new binary. Returning now
        // would let the command end (and exit) first.
        while lock.withLock({ restarting }) {
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
    }

    /// True once `stop()` was called.
    public var isStopping: Bool {
        lock.withLock { stopping }
    }

    /// Stops at once: no more builds, requests or watching. A build that is running is left to finish unseen.
    public func stop() async {
        let (watcher, rebuilder, templateBuilder) = lock.withLock {
            stopping = true
            return (self.watcher, self.rebuilder, self.templateBuilder)
        }
        watcher?.stop()
        rebuilder?.stop()
        templateBuilder?.stop()
        state.close()
        http.stop()
    }

    /// Checks whether a template source changed since the last look; if so, starts a rebuild of sitegen
    /// (on a thread of its own: a compile takes far longer than a site build).
    func checkTemplates() {
        guard let now = templateFingerprint() else { return }
        let builder: TemplateBuilder? = lock.withLock {
            guard !stopping, now != lastTemplates else { return nil }
            lastTemplates = now
            if templateBuilder == nil {
                templateBuilder = TemplateBuilder { [self] in templatesChanged() }
            }
            return templateBuilder
        }
        builder?.request()
    }

    /// Rebuilds sitegen after a template change: errors are published, success restarts the server.
    func templatesChanged() {
        log("templates changed: rebuilding sitegen…")
        let started = DispatchTime.now()
        let outcome = buildTemplates()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        switch outcome {
        case .failed(let errors):
            printDiagnostics(errors)
            log(String(format: "the templates do not compile (%d error%@, %.1f s); still serving the last good build",
                       errors.count, errors.count == 1 ? "" : "s", seconds))
            publish(files: nil, siteErrors: nil, templateErrors: errors)
        case .built(let binary):
            // A change that came in during the compile is not in this binary: compile again first.
            if let pending = lock.withLock({ templateBuilder?.hasPending }), pending { return }
            if isStopping { return }
            log(String(format: "templates compiled in %.1f s; restarting", seconds))
            let port = http.port
            let (watcher, rebuilder) = lock.withLock {
                stopping = true
                restarting = true
                return (self.watcher, self.rebuilder)
            }
            watcher?.stop()
            rebuilder?.stop()
            state.close()
            // The new process binds the same port: the listening socket must be closed first.
            http.stopAndWait()
            restart(binary, port)
            // Only reached when the restart is not a real one (tests).
            lock.withLock { restarting = false }
        }
    }

    /// Publishes a build (nil files: keep the last good ones) with the errors of the site and of the templates (nil:
    /// unchanged). A site built while the templates do not compile uses the templates of the running binary.
    func publish(files: [String: Data]?, siteErrors: [Diagnostic]?, templateErrors: [Diagnostic]?) {
        lock.lock()
        defer { lock.unlock() }
        if let siteErrors { self.siteErrors = siteErrors }
        if let templateErrors { self.templateErrors = templateErrors }
        state.publish(files: files, errors: self.templateErrors + self.siteErrors)
    }

    /// Prints diagnostics the way `sitegen build` does: the located line, the source line and a caret.
    func printDiagnostics(_ diagnostics: [Diagnostic]) {
        var report = DiagnosticReport(color: diagnosticColor)
        for d in diagnostics {
            var text = report.render(d)
            while text.hasSuffix("\n") { text.removeLast() }
            log(text)
        }
    }

    /// Runs an incremental build; returns how to publish it (or its errors).
    func rebuild(cache: BuildCache) -> @Sendable () -> Void {
        checkTemplates()
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
            printDiagnostics(result.diagnostics)
            if errors.isEmpty {
                log(String(format: "rebuilt in %.0f ms (%d of %d pages rendered, %d of %d outputs templated)", ms,
                           s.pagesRendered, s.pagesRendered + s.pagesReused, s.outputsRendered, s.outputsRendered + s.outputsReused))
            } else {
                log(String(format: "%d error%@ in %.0f ms; still serving the last good build", errors.count, errors.count == 1 ? "" : "s", ms))
            }
            publish(files: published, siteErrors: errors, templateErrors: nil)
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

/// Runs the compiles of sitegen after template changes one at a time on a thread of its own; a change during a
/// compile makes one more compile after it.
final class TemplateBuilder: @unchecked Sendable {
    private let job: @Sendable () -> Void
    private let lock = NSLock()
    private var running = false
    private var pending = false
    private var stopped = false

    init(job: @escaping @Sendable () -> Void) {
        self.job = job
    }

    /// True when a change came in during the compile that runs.
    var hasPending: Bool { lock.withLock { pending } }

    func request() {
        let start: Bool = lock.withLock {
            guard !stopped else { return false }
            if running {
                pending = true
                return false
            }
            running = true
            return true
        }
        guard start else { return }
        let thread = Thread { [self] in
            while true {
                job()
                let again: Bool = lock.withLock {
                    if pending && !stopped {
                        pending = false
                        return true
                    }
                    running = false
                    return false
                }
                if !again { return }
            }
        }
        thread.name = "sitegen-templates"
        thread.start()
    }

    func stop() {
        lock.withLock {
            stopped = true
            pending = false
        }
    }
}
