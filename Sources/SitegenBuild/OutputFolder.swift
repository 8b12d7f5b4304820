import Foundation

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
            let items = (try? fm.contentsOfDirectory(atPath: out)) ?? []
            if !items.isEmpty && !items.contains(marker) {
                return [.error(displayPath, .file, "output folder is not empty and was not written by sitegen; remove it or choose another")]
            }
        }
        return []
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

    /// Writes one file whose folder exists; returns the path when it failed.
    public func write(_ path: String, _ data: Data) -> String? {
        let full = staging.path + "/" + path
        return FileManager.default.createFile(atPath: full, contents: data) ? nil : full
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
