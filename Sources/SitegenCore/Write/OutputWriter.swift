import Foundation

/// Writes a built site: into a fresh folder beside the output, swapped in only when complete, so a
/// failed build leaves the previous output exactly as it was.
public struct OutputWriter {
    public let output: URL
    /// Marks a folder as sitegen's output, so that it may be replaced.
    public static let marker = ".sitegen-output"

    public init(output: URL) { self.output = output.standardizedFileURL }

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

    /// Writes `files` (relative path → bytes) and copies `assets` into `assets/`, then swaps the result in.
    public func write(_ files: [(path: String, data: Data)], assets: URL?) throws {
        let fm = FileManager.default
        let parent = output.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(output.lastPathComponent).new-\(pid)")
        let old = parent.appendingPathComponent(".\(output.lastPathComponent).old-\(pid)")
        try? fm.removeItem(at: staging)
        try? fm.removeItem(at: old)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            // Folders first, in order; then the files on all cores.
            var made = Set<String>()
            for f in files {
                let dir = (staging.path + "/" + f.path as NSString).deletingLastPathComponent
                if made.insert(dir).inserted {
                    try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
                }
            }
            let failed = Site.concurrentMap(files.count) { i -> String? in
                let path = staging.path + "/" + files[i].path
                return FileManager.default.createFile(atPath: path, contents: files[i].data) ? nil : path
            }
            if let path = failed.compactMap({ $0 }).first {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
            if let assets {
                try fm.copyItem(at: assets, to: staging.appendingPathComponent("assets"))
            }
            fm.createFile(atPath: staging.appendingPathComponent(Self.marker).path, contents: Data())
            if fm.fileExists(atPath: output.path) {
                try fm.moveItem(at: output, to: old)
            }
            try fm.moveItem(at: staging, to: output)
            try? fm.removeItem(at: old)
        } catch {
            try? fm.removeItem(at: staging)
            if !fm.fileExists(atPath: output.path), fm.fileExists(atPath: old.path) {
                try? fm.moveItem(at: old, to: output)
            }
            throw error
        }
    }
}
