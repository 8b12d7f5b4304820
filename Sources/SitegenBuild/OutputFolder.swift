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
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return describe(errno: Int32(underlying.code))
        }
        if ns.domain == NSPOSIXErrorDomain { return describe(errno: Int32(ns.code)) }
        return ns.localizedDescription
    }
}

/// A site being written: files go into a fresh folder beside the output (from any thread, as soon as
/// they are made), and `commit` swaps it in. Until then the previous output is untouched.
public final class StagedOutput: @unchecked Sendable {
    public let output: URL
    let staging: URL
    let old: URL

    public init(output: URL) throws {
        self.output = output.standardizedFileURL
        let fm = FileManager.default
        let parent = self.output.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let pid = ProcessInfo.processInfo.processIdentifier
        staging = parent.appendingPathComponent(".\(self.output.lastPathComponent).new-\(pid)")
        old = parent.appendingPathComponent(".\(self.output.lastPathComponent).old-\(pid)")
        try? fm.removeItem(at: staging)
        try? fm.removeItem(at: old)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
    }

    /// Creates the folders that `paths` (relative file paths) need, in order.
    public func makeFolders(for paths: [String]) throws {
        var made = Set<String>()
        for path in paths {
            let dir = (staging.path + "/" + path as NSString).deletingLastPathComponent
            if made.insert(dir).inserted {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            }
        }
    }

    /// Writes one file whose folder exists, with plain `open`/`write`/`close` (the staging folder's
    /// swap already makes the whole output atomic, so no per-file sync or rename); returns why it failed.
    public func write(_ path: String, _ data: Data) -> String? {
        let full = staging.path + "/" + path
        let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return OutputFolder.describe(errno: errno) }
        defer { close(fd) }
        let failure: String? = data.withUnsafeBytes { buf -> String? in
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
        }
        return failure
    }

    /// Copies `assets`, marks the folder as sitegen's output and swaps it in for the old output.
    public func commit(assets: URL?) throws {
        let fm = FileManager.default
        do {
            if let assets {
                try fm.copyItem(at: assets, to: staging.appendingPathComponent("assets"))
            }
            _ = fm.createFile(atPath: staging.appendingPathComponent(OutputFolder.marker).path, contents: Data())
            if fm.fileExists(atPath: output.path) {
                try fm.moveItem(at: output, to: old)
            }
            try fm.moveItem(at: staging, to: output)
            try? fm.removeItem(at: old)
        } catch {
            if !fm.fileExists(atPath: output.path), fm.fileExists(atPath: old.path) {
                try? fm.moveItem(at: old, to: output)
            }
            throw error
        }
    }

    /// Removes the staging folder; the previous output stays as it was.
    public func discard() {
        try? FileManager.default.removeItem(at: staging)
    }
}
