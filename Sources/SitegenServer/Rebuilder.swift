import Foundation
import SitegenBuild
import SitegenLoad
import SitegenModel

/// Runs the rebuilds of `sitegen serve` one at a time, on threads of their own, away from the requests.
/// A change during a build marks the site dirty, and one more build starts when the current one ends, however
/// many changes came in meanwhile. A build that runs far longer than builds took so far while changes wait
/// (a page that made the build explode, fixed since) is abandoned: a new build starts with a fresh cache, and
/// the old one's result is dropped when it ends. At most `maxAbandoned` builds are left running like that.
final class Rebuilder: @unchecked Sendable {
    /// Builds with the given cache and returns what to do with the result if it is still wanted.
    typealias Job = @Sendable (BuildCache) -> (@Sendable () -> Void)

    /// A build is taken as hung after this many seconds, or three times the longest build so far if longer.
    let hangLimit: Double
    /// The same before any build has finished (a first build of a large site takes a while).
    let firstHangLimit: Double
    let maxAbandoned: Int
    private let job: Job
    private let log: @Sendable (String) -> Void
    private let lock = NSLock()
    private var cache = BuildCache()
    private var running: (id: Int, started: Double, limit: Double)?
    private var longest: Double?
    private var pending = false
    private var nextID = 0
    private var abandoned: Set<Int> = []
    private var stopped = false
    private var warned = false
    /// Builds finished and published (for tests).
    private(set) var completed = 0

    init(hangLimit: Double = 10, firstHangLimit: Double = 60, maxAbandoned: Int = 2,
         log: @escaping @Sendable (String) -> Void, job: @escaping Job) {
        self.hangLimit = hangLimit
        self.firstHangLimit = firstHangLimit
        self.maxAbandoned = maxAbandoned
        self.log = log
        self.job = job
    }

    /// Asks for a build: now if none is running, else once the current one ends.
    func request() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        if let running {
            pending = true
            abandonIfHung(running)
        } else {
            startLocked()
        }
    }

    /// No build starts after this; a running one finishes but is not published.
    func stop() {
        lock.lock()
        stopped = true
        pending = false
        lock.unlock()
    }

    var isBuilding: Bool {
        lock.lock()
        defer { lock.unlock() }
        return running != nil
    }

    var abandonedCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return abandoned.count
    }

    private func startLocked() {
        let id = nextID
        nextID += 1
        let started = Self.now()
        let limit = longest.map { max(hangLimit, 3 * $0) } ?? max(hangLimit, firstHangLimit)
        running = (id, started, limit)
        warned = false
        let cache = self.cache
        let thread = Thread { [self] in
            let publish = job(cache)
            finished(id, publish)
        }
        thread.name = "sitegen-build"
        thread.stackSize = 16 << 20
        thread.start()
        // Look again once the build has run for the limit.
        DispatchQueue.global().asyncAfter(deadline: .now() + limit) { [weak self] in
            guard let self else { return }
            lock.lock()
            defer { lock.unlock() }
            guard let running, running.id == id else { return }
            if !pending && !warned {
                warned = true
                log(String(format: "the build has been running for %.0f s; save a file to start again", limit))
            }
            abandonIfHung(running)
        }
    }

    private func abandonIfHung(_ current: (id: Int, started: Double, limit: Double)) {
        guard !stopped, pending, Self.now() - current.started >= current.limit else { return }
        guard abandoned.count < maxAbandoned else { return }
        abandoned.insert(current.id)
        log(String(format: "abandoned a build still running after %.0f s; building again from scratch", Self.now() - current.started))
        // The abandoned build still uses the old cache.
        cache = BuildCache()
        pending = false
        startLocked()
    }

    private func finished(_ id: Int, _ publish: () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        if abandoned.remove(id) != nil { return }
        guard !stopped else {
            running = nil
            return
        }
        publish()
        completed += 1
        if let running {
            let took = Self.now() - running.started
            longest = max(longest ?? 0, took)
        }
        running = nil
        if pending {
            pending = false
            startLocked()
        }
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
