#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What `sitegen serve` watches: folders with everything below them, and single files.
struct WatchRoots: Equatable, Sendable {
    var folders: [String]
    var files: [String]
}

/// Watches files and calls `onChange` once per burst of changes, after `debounce` seconds of quiet (at most
/// `maxDelay` after the first change of the burst). On Linux it uses inotify, so that an idle server does no
/// work at all; elsewhere, or when inotify is unavailable or out of watches, it compares snapshots of the
/// files' metadata at an interval that grows with the time a scan takes. It never reads the files' contents,
/// so no file, however broken, can make it hang.
final class FileWatcher: @unchecked Sendable {
    enum Mode: Sendable { case automatic, polling }

    let debounce: Double
    let maxDelay: Double
    /// Polling: the shortest interval between scans, in nanoseconds.
    let pollInterval: UInt64
    private let onChange: @Sendable () -> Void
    private let log: @Sendable (String) -> Void
    private let lock = NSCondition()
    private var roots: WatchRoots
    private var rootsChanged = false
    private var stopped = false
    private var mode: Mode
    private(set) var usesInotify = false
    private var wakeRead: Int32 = -1
    private var wakeWrite: Int32 = -1

    init(roots: WatchRoots, mode: Mode = .automatic, debounce: Double = 0.03, maxDelay: Double = 0.3,
         pollInterval: UInt64 = 50_000_000, log: @escaping @Sendable (String) -> Void, onChange: @escaping @Sendable () -> Void) {
        self.roots = roots
        self.mode = mode
        self.debounce = debounce
        self.maxDelay = maxDelay
        self.pollInterval = pollInterval
        self.log = log
        self.onChange = onChange
    }

    deinit {
        if wakeRead >= 0 { close(wakeRead) }
        if wakeWrite >= 0 { close(wakeWrite) }
    }

    /// Starts watching on a thread of its own. Returns whether inotify is used.
    @discardableResult
    func start() -> Bool {
        var fds: [Int32] = [0, 0]
        if pipe(&fds) == 0 {
            wakeRead = fds[0]
            wakeWrite = fds[1]
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC); _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        }
        #if os(Linux)
        if mode == .automatic, wakeRead >= 0, let inotify = Inotify(log: log) {
            usesInotify = true
            let thread = Thread { [self] in
                if !inotifyLoop(inotify) { pollLoop() }
            }
            thread.name = "sitegen-watch"
            thread.start()
            return true
        }
        #endif
        let thread = Thread { [self] in pollLoop() }
        thread.name = "sitegen-watch"
        thread.start()
        return false
    }

    func stop() {
        lock.lock()
        stopped = true
        lock.broadcast()
        lock.unlock()
        wake()
    }

    /// Changes what is watched (the source texts folder named in the settings may change).
    func setRoots(_ new: WatchRoots) {
        lock.lock()
        let changed = new != roots
        if changed {
            roots = new
            rootsChanged = true
        }
        lock.unlock()
        if changed { wake() }
    }

    private func wake() {
        guard wakeWrite >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// The roots, and whether they changed since the last call.
    private func takeRoots() -> (WatchRoots, Bool) {
        lock.lock()
        defer { lock.unlock() }
        let changed = rootsChanged
        rootsChanged = false
        return (roots, changed)
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Names that editors and tools write beside the real files, and that sitegen ignores.
    static func ignored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~")
    }

    // MARK: inotify

    #if os(Linux)
    /// Returns false when inotify stops being usable (out of watches): the caller polls instead.
    private func inotifyLoop(_ inotify: Inotify) -> Bool {
        defer { inotify.close() }
        var (roots, _) = takeRoots()
        guard inotify.watch(roots) else { return false }
        while !isStopped {
            var fds = [pollfd(fd: inotify.fd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            let r = poll(&fds, 2, -1) // no timeout: an idle server sleeps here
            if r < 0 && errno != EINTR { return false }
            if fds[1].revents != 0 {
                drainWake()
                if isStopped { return true }
                let (new, changed) = takeRoots()
                if changed {
                    roots = new
                    guard inotify.watch(roots) else { return false }
                }
            }
            guard fds[0].revents != 0 else { continue }
            var changed = inotify.readEvents(roots)
            if inotify.failed { return false }
            guard changed else { continue }
            // Debounce: wait for a quiet moment, so that a burst of writes makes one rebuild.
            let first = Self.now()
            while true {
                let now = Self.now()
                let wait = min(debounce, first + maxDelay - now)
                if wait <= 0 { break }
                var p = pollfd(fd: inotify.fd, events: Int16(POLLIN), revents: 0)
                if poll(&p, 1, Int32(max(1, (wait * 1000).rounded(.up)))) <= 0 { break }
                changed = inotify.readEvents(roots) || changed
                if inotify.failed { return false }
            }
            if isStopped { return true }
            onChange()
        }
        return true
    }

    private func drainWake() {
        var buf = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &buf, buf.count) > 0 {}
    }
    #endif

    // MARK: polling

    private func pollLoop() {
        var (roots, _) = takeRoots()
        var snapshot = Self.snapshot(roots)
        while true {
            let started = Self.now()
            let scan = Self.snapshot(roots)
            let took = Self.now() - started
            if scan != snapshot {
                snapshot = scan
                onChange()
            }
            // Scan at most a tenth of the time, so that a large site does not keep a core busy.
            let interval = max(Double(pollInterval) / 1e9, took * 10)
            lock.lock()
            let until = Date().addingTimeInterval(interval)
            while !stopped && !rootsChanged {
                if !lock.wait(until: until) { break }
            }
            let stop = stopped
            lock.unlock()
            if stop { return }
            let (new, changed) = takeRoots()
            if changed {
                roots = new
                snapshot = Self.snapshot(roots) // files newly watched are not a change
            }
        }
    }

    /// Modification time, size and inode of every watched file and folder.
    static func snapshot(_ roots: WatchRoots) -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        func add(_ path: String) {
            var st = stat()
            if stat(path, &st) == 0 {
                #if canImport(Darwin)
                out[path] = [Int(st.st_mtimespec.tv_sec), Int(st.st_mtimespec.tv_nsec), Int(st.st_size), Int(st.st_ino)]
                #else
                out[path] = [Int(st.st_mtim.tv_sec), Int(st.st_mtim.tv_nsec), Int(st.st_size), Int(st.st_ino)]
                #endif
            }
        }
        let fm = FileManager.default
        for folder in roots.folders {
            add(folder)
            for sub in (try? fm.subpathsOfDirectory(atPath: folder)) ?? [] where !sub.split(separator: "/").contains(where: { ignored(String($0)) }) {
                add(folder + "/" + sub)
            }
        }
        for file in roots.files { add(file) }
        return out
    }
}

#if os(Linux)
/// An inotify instance with a watch on every folder below the roots, and on the folder that holds each root
/// (so that a root created, deleted or replaced by a rename is noticed).
final class Inotify {
    let fd: Int32
    private let log: @Sendable (String) -> Void
    /// Watch descriptor → folder path.
    private var paths: [Int32: String] = [:]
    /// Folders watched with everything below them.
    private var treeRoots: [String] = []
    /// Watched parent folder → names in it that are roots.
    private var anchors: [String: Set<String>] = [:]
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    /// Set when a watch could not be added (out of watches): the caller falls back to polling.
    private(set) var failed = false

    static let mask = UInt32(IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_CLOSE_WRITE
                             | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF) | UInt32(IN_EXCL_UNLINK)

    init?(log: @escaping @Sendable (String) -> Void) {
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        self.fd = fd
        self.log = log
    }

    func close() { _ = Glibc.close(fd) }

    /// Watches exactly these roots (replacing earlier watches). False when out of watches.
    func watch(_ roots: WatchRoots) -> Bool {
        for wd in paths.keys { inotify_rm_watch(fd, wd) }
        paths = [:]
        anchors = [:]
        treeRoots = roots.folders.map(Self.normalized)
        for root in treeRoots {
            anchor(root)
            addTree(root)
        }
        for file in roots.files.map(Self.normalized) { anchor(file) }
        return !failed
    }

    static func normalized(_ path: String) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p
    }

    private func anchor(_ path: String) {
        let parent = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        if add(parent.isEmpty ? "/" : parent) {
            anchors[parent.isEmpty ? "/" : parent, default: []].insert(name)
        }
    }

    @discardableResult
    private func add(_ path: String) -> Bool {
        let wd = inotify_add_watch(fd, path, Self.mask | UInt32(IN_ONLYDIR))
        if wd >= 0 {
            paths[wd] = path
            return true
        }
        if errno == ENOSPC || errno == ENOMEM {
            if !failed { log("no more inotify watches (fs.inotify.max_user_watches); watching by polling instead") }
            failed = true
        }
        return false
    }

    /// Watches `path` and every folder below it (following links to folders, once each).
    private func addTree(_ path: String) {
        var seen = Set<[UInt64]>()
        var stack = [path]
        while let dir = stack.popLast(), !failed {
            var st = stat()
            guard stat(dir, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR,
                  seen.insert([UInt64(st.st_dev), UInt64(st.st_ino)]).inserted else { continue }
            guard add(dir) else { continue }
            guard let d = opendir(dir) else { continue }
            while let entry = readdir(d) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." || FileWatcher.ignored(name) { continue }
                let type = entry.pointee.d_type
                if type == UInt8(DT_DIR) || type == UInt8(DT_LNK) || type == UInt8(DT_UNKNOWN) {
                    stack.append(dir + "/" + name)
                }
            }
            closedir(d)
        }
    }

    private func isInTree(_ path: String) -> Bool {
        treeRoots.contains { path == $0 || path.hasPrefix($0 == "/" ? "/" : $0 + "/") }
    }

    /// Reads every pending event; returns whether any of them changes a watched file.
    func readEvents(_ roots: WatchRoots) -> Bool {
        var changed = false
        var resync = false
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            var offset = 0
            while offset + 16 <= n {
                let (wd, mask, len): (Int32, UInt32, Int) = buffer.withUnsafeBytes { raw in
                    (raw.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                     raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                     Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                let nameBytes = buffer[(offset + 16)..<min(n, offset + 16 + len)]
                let name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
                offset += 16 + len
                if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    // Events were lost: watch everything again and rebuild.
                    changed = true
                    resync = true
                    continue
                }
                guard let dir = paths[wd] else { continue }
                if mask & UInt32(IN_IGNORED) != 0 {
                    paths[wd] = nil
                    continue
                }
                let isSelf = mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0
                if isSelf {
                    // A watched folder went away or moved: if it was in a tree, that is a change; a root
                    // itself is also seen by its anchor.
                    if isInTree(dir) {
                        changed = true
                        resync = true
                    }
                    continue
                }
                let path = dir == "/" ? "/" + name : dir + "/" + name
                if let names = anchors[dir], names.contains(name) {
                    // A root itself was created, deleted, replaced or modified.
                    changed = true
                    if treeRoots.contains(path) { resync = true }
                }
                guard isInTree(dir), !name.isEmpty, !FileWatcher.ignored(name) else { continue }
                changed = true
                if mask & UInt32(IN_ISDIR) != 0 {
                    if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                        addTree(path)
                    } else if mask & UInt32(IN_MOVED_FROM) != 0 {
                        // Its watches would follow it wherever it went.
                        for (w, p) in paths where p == path || p.hasPrefix(path + "/") {
                            inotify_rm_watch(fd, w)
                            paths[w] = nil
                        }
                    }
                }
            }
        }
        if resync { _ = watch(roots) }
        return changed
    }
}
#endif
