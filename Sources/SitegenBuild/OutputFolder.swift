import Foundation
import SitegenModel

/// Rules for the output folder. Writing happens through `StagedOutput`.
public enum OutputFolder {
    /// Marks a folder as sitegen's output, so that it may be replaced.
    public static let marker = ".sitegen-output"

    /// Refuses output folders that would destroy input: the content or templates folder, the project
    /// root, anything containing them, or a folder with files not made by sitegen.
    public static func checkSafe(output: URL, protected: [(String, URL)], displayPath: String) -> [Diagnostic] {
        let out = output.standardizedFileURL.resolvingSymlinksInPath().path
        for (what, url) in protected {
            let p = url.standardizedFileURL.resolvingSymlinksInPath().path
            if out == p || p.hasPrefix(out == "/" ? "/" : out + "/") {
                return [.error(displayPath, .file, "refusing to write the site to \(displayPath): it is or contains the \(what)")]
            }
            if what != "project root" && out.hasPrefix(p + "/") {
                return [.error(displayPath, .file, "refusing to write the site to \(displayPath): it is inside the \(what)")]
            }
        }
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: out, isDirectory: &isDir) {
            if !isDir.boolValue {
                return [.error(displayPath, .file, "output path exists and is not a folder")]
            }
            // A folder that cannot be listed is treated as not empty: the check fails closed.
            guard let items = try? fm.contentsOfDirectory(atPath: out) else {
                return [.error(displayPath, .file, "cannot list the output folder, so it may hold files sitegen did not write; check its permissions")]
            }
            if !items.isEmpty && !items.contains(marker) {
                return [.error(displayPath, .file, "output folder is not empty and was not written by sitegen; remove it or choose another")]
            }
        }
        return []
    }
}

extension OutputFolder {
    /// What went wrong, in words a user acts on ("no space left on device").
    public static func describe(errno code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }

    public static func describe(_ error: Error) -> String {
        if let e = error as? OutputError { return e.message }
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return describe(errno: Int32(underlying.code))
        }
        if ns.domain == NSPOSIXErrorDomain { return describe(errno: Int32(ns.code)) }
        // Foundation's file errors without the POSIX error under them (creating a folder on a full disk).
        if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileWriteOutOfSpace: return describe(errno: ENOSPC)
            case .fileWriteNoPermission, .fileReadNoPermission: return describe(errno: EACCES)
            case .fileWriteVolumeReadOnly: return describe(errno: EROFS)
            case .fileNoSuchFile, .fileReadNoSuchFile: return describe(errno: ENOENT)
            case .fileWriteFileExists: return describe(errno: EEXIST)
            default: break
            }
        }
        return ns.localizedDescription
    }
}

/// A problem with the output folder, in words a user acts on.
public struct OutputError: Error, LocalizedError, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
    public var errorDescription: String? { message }
}

/// What `templates/assets/` holds: the folders and regular files that are copied, and the entries that
/// are not (symbolic links, named pipes, sockets, devices), each an error at its path.
public struct AssetListing: Sendable {
    /// Relative paths, parents before children.
    public var folders: [String] = []
    public var files: [String] = []
    public var problems: [Diagnostic] = []

    /// Lists `folder` with `lstat`, never following a link and never opening anything.
    public init(_ folder: URL, displayPath: String) {
        var stack = [""]
        while let rel = stack.popLast() {
            let dir = rel.isEmpty ? folder.path : folder.path + "/" + rel
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
                problems.append(.error(rel.isEmpty ? displayPath : displayPath + "/" + rel, .file, "cannot list this assets folder; check its permissions"))
                continue
            }
            for name in names.sorted().reversed() {
                let r = rel.isEmpty ? name : rel + "/" + name
                var st = stat()
                guard lstat(folder.path + "/" + r, &st) == 0 else {
                    problems.append(.error(displayPath + "/" + r, .file, "cannot read this asset: \(OutputFolder.describe(errno: errno))"))
                    continue
                }
                switch st.st_mode & S_IFMT {
                case S_IFDIR:
                    folders.append(r)
                    stack.append(r)
                case S_IFREG:
                    files.append(r)
                default:
                    let what: String
                    switch st.st_mode & S_IFMT {
                    case S_IFLNK: what = "a symbolic link"
                    case S_IFIFO: what = "a named pipe (FIFO)"
                    case S_IFSOCK: what = "a socket"
                    default: what = "a device file"
                    }
                    problems.append(.error(displayPath + "/" + r, .file,
                                           "\(what) in the assets folder is not copied to the site; assets are regular files and folders"))
                }
            }
        }
        folders.sort()
        files.sort()
    }
}

/// A site being written: files go into a fresh folder beside the output (from any thread, as soon as
/// they are made), and `commit` swaps it in. Until then the previous output is untouched.
public final class StagedOutput: @unchecked Sendable {
    public let output: URL
    let staging: URL
    let old: URL

    /// `output`, or the folder it links to: the swap happens there, so a user's link stays a link.
    public let target: URL

    public init(output: URL) throws {
        self.output = output.standardizedFileURL
        target = try Self.resolve(self.output)
        let fm = FileManager.default
        let parent = target.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let pid = ProcessInfo.processInfo.processIdentifier
        staging = parent.appendingPathComponent(".\(target.lastPathComponent).new-\(pid)")
        old = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(pid)")
        Self.removeStale(beside: target)
        try? fm.removeItem(at: staging)
        try? fm.removeItem(at: old)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
    }

    /// The output folder, or for a symbolic link the folder it points to (which must exist).
    static func resolve(_ output: URL) throws -> URL {
        var st = stat()
        guard lstat(output.path, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { return output }
        guard let real = realpath(output.path, nil) else {
            throw OutputError("the output folder is a symbolic link to `\((try? FileManager.default.destinationOfSymbolicLink(atPath: output.path)) ?? "?")`, which does not exist; create that folder or remove the link")
        }
        defer { free(real) }
        let target = URL(fileURLWithPath: String(cString: real))
        guard stat(target.path, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else {
            throw OutputError("the output folder is a symbolic link to `\(target.path)`, which is not a folder")
        }
        return target
    }

    /// Removes `.NAME.new-PID` and `.NAME.old-PID` folders beside `target` left by builds that were
    /// killed (their process no longer exists). When such a build died between its two renames, its
    /// `.old-PID` folder is the previous output and is put back instead.
    static func removeStale(beside target: URL) {
        let fm = FileManager.default
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        guard let items = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        let own = ProcessInfo.processInfo.processIdentifier
        for item in items.sorted() {
            var kind: Substring
            if item.hasPrefix(".\(name).new-") { kind = "new" } else if item.hasPrefix(".\(name).old-") { kind = "old" } else { continue }
            guard let pid = Int32(item.dropFirst(name.count + 6)), pid > 0, pid != own else { continue }
            // Alive (or not ours to signal): leave it; that build is still running.
            if kill(pid, 0) == 0 || errno != ESRCH { continue }
            let url = parent.appendingPathComponent(item)
            if kind == "old", !fm.fileExists(atPath: target.path),
               fm.fileExists(atPath: url.appendingPathComponent(OutputFolder.marker).path) {
                try? fm.moveItem(at: url, to: target)
            } else {
                try? fm.removeItem(at: url)
            }
        }
    }

    /// Creates the folders that `paths` (relative file paths) need, each once with `mkdir`: a level at
    /// a time (parents first), the folders of a level on all cores. (`FileManager` looked at every
    /// parent of every folder again: a fifth of a second on one thread for 10,000 pages.)
    public func makeFolders(for paths: [String]) throws {
        var folders = Set<String>()
        for path in paths {
            var p = Substring(path)
            // A folder already listed has its parents listed too.
            while let slash = p.lastIndex(of: "/") {
                p = p[..<slash]
                if p.isEmpty || !folders.insert(String(p)).inserted { break }
            }
        }
        let byDepth = Dictionary(grouping: folders) { $0.utf8.reduce(0) { $1 == 47 ? $0 + 1 : $0 } }
        for depth in byDepth.keys.sorted() {
            let level = byDepth[depth]!.sorted()
            let failures = concurrentMap(level.count) { i -> String? in
                let full = staging.path + "/" + level[i]
                if mkdir(full, 0o755) == 0 { return nil }
                let code = errno
                var st = stat()
                if code == EEXIST, stat(full, &st) == 0, st.st_mode & S_IFMT == S_IFDIR { return nil }
                return "`\(level[i])`: " + (code == EEXIST ? "a file is in the way of the folder" : OutputFolder.describe(errno: code))
            }
            if let failure = failures.lazy.compactMap({ $0 }).first { throw OutputError(failure) }
        }
    }

    /// Writes one file whose folder exists, with plain `open`/`write`/`close` (the staging folder's
    /// swap already makes the whole output atomic, so no per-file sync or rename); returns why it failed.
    public func write(_ path: String, _ data: Data) -> String? {
        Self.write(staging.path + "/" + path, data)
    }

    static func write(_ full: String, _ data: Data) -> String? {
        data.withUnsafeBytes { write(full, UnsafeRawBufferPointer($0)) }
    }

    /// Writes `bytes` to `path` in the staging folder.
    public func write(_ path: String, bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { Self.write(staging.path + "/" + path, $0) }
    }

    static func write(_ full: String, _ buf: UnsafeRawBufferPointer) -> String? {
        let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return OutputFolder.describe(errno: errno) }
        let failure: String? = { () -> String? in
            var offset = 0
            while offset < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return OutputFolder.describe(errno: errno)
                }
                offset += n
            }
            return nil
        }()
        // A full disk may only show when the file is closed.
        if close(fd) != 0, failure == nil { return OutputFolder.describe(errno: errno) }
        return failure
    }

    /// The bytes of a regular file, opened without following a link and without blocking (a file
    /// swapped for a FIFO after listing is refused, never waited on).
    static func readRegularFile(_ path: String) throws -> Data {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw OutputError("cannot read asset \(path): \(OutputFolder.describe(errno: errno))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { throw OutputError("asset \(path) is not a regular file") }
        var data = Data(count: Int(st.st_size))
        var offset = 0
        while offset < data.count {
            let n = data.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw OutputError("cannot read asset \(path): \(OutputFolder.describe(errno: errno))")
            }
            if n == 0 { data.count = offset; break }
            offset += n
        }
        return data
    }

    /// Copies the regular files and folders of `assets` (nothing else: links, FIFOs and sockets were
    /// reported when it was listed), marks the folder as sitegen's output and swaps it in for the old
    /// output. Errors name what went wrong ("no space left on device"), never a staging path.
    public func commit(assets: URL?) throws {
        let fm = FileManager.default
        do {
            if let assets {
                let listing = AssetListing(assets, displayPath: "assets")
                let dest = staging.path + "/assets"
                try fm.createDirectory(atPath: dest, withIntermediateDirectories: true)
                for f in listing.folders { try fm.createDirectory(atPath: dest + "/" + f, withIntermediateDirectories: true) }
                for f in listing.files {
                    let data = try Self.readRegularFile(assets.path + "/" + f)
                    if let failure = Self.write(dest + "/" + f, data) { throw OutputError(failure) }
                }
            }
            if let failure = Self.write(staging.path + "/" + OutputFolder.marker, Data()) { throw OutputError(failure) }
            if fm.fileExists(atPath: target.path) {
                try fm.moveItem(at: target, to: old)
            }
            try fm.moveItem(at: staging, to: target)
            try? fm.removeItem(at: old)
        } catch {
            if !fm.fileExists(atPath: target.path), fm.fileExists(atPath: old.path) {
                try? fm.moveItem(at: old, to: target)
            }
            throw error
        }
    }

    /// Removes the staging folder; the previous output stays as it was.
    public func discard() {
        try? FileManager.default.removeItem(at: staging)
    }
}
