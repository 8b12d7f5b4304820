import Foundation
import SitegenBuild
import SitegenModel

/// The templates are Swift code compiled into sitegen. When `sitegen serve` sees a template source
/// change, it rebuilds its own binary with SwiftPM and, when that succeeds, replaces itself with the
/// new binary on the same port; when it fails, the compiler's errors become diagnostics shown in the
/// terminal and over the page, and the running server keeps serving the last good site.
public struct TemplateRebuild: Sendable {
    /// The package root (the folder holding Package.swift above the templates folder).
    public let packageRoot: URL
    public let templatesDir: URL
    /// `debug` or `release`: the configuration the running binary was built with.
    public let configuration: String

    /// `nil` when the templates folder holds no Swift sources or is not inside a Swift package
    /// (a published copy of the assets, say): then there is nothing to rebuild.
    public init?(templatesDir: URL, executable: URL = URL(fileURLWithPath: CommandLine.arguments[0])) {
        let dir = templatesDir.standardizedFileURL
        guard !Self.sources(in: dir).isEmpty else { return nil }
        var root = dir.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            let up = root.deletingLastPathComponent()
            if up.path == root.path { return nil }
            root = up
        }
        packageRoot = root
        self.templatesDir = dir
        configuration = executable.resolvingSymlinksInPath().path.contains("/release/") ? "release" : "debug"
    }

    /// The template sources (`*.swift` outside `assets/`), sorted.
    static func sources(in dir: URL) -> [String] {
        let files = (try? FileManager.default.subpathsOfDirectory(atPath: dir.path)) ?? []
        return files.filter { $0.hasSuffix(".swift") && !$0.hasPrefix("assets/") }.sorted()
    }

    /// Changes whenever a template source is added, removed or saved.
    public func fingerprint() -> [String: [Int]] {
        Self.fingerprint(of: templatesDir)
    }

    /// The modification time and size of each template source in `dir`.
    static func fingerprint(of dir: URL) -> [String: [Int]] {
        var out: [String: [Int]] = [:]
        for rel in sources(in: dir) {
            var st = stat()
            if stat(dir.path + "/" + rel, &st) == 0 {
                out[rel] = [Int(st.st_mtim.tv_sec), Int(st.st_mtim.tv_nsec), Int(st.st_size)]
            }
        }
        return out
    }

    /// The outcome of a rebuild: the new binary, or the compiler's errors.
    public enum Outcome: Sendable {
        case built(URL)
        case failed([Diagnostic])
    }

    /// Runs `swift build` for the sitegen product. Blocking: call it off the request path.
    public func build() -> Outcome {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["swift", "build", "-c", configuration, "--product", "sitegen"]
        p.currentDirectoryURL = packageRoot
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        do {
            try p.run()
        } catch {
            return .failed([.error(templatesDir.path, .file, "cannot run `swift build`: \(error.localizedDescription)")])
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            let diags = Self.compilerErrors(output, root: packageRoot)
            return .failed(diags.isEmpty
                ? [.error(templatesDir.path, .file, "`swift build` failed: " + output.split(separator: "\n").suffix(5).joined(separator: " "))]
                : diags)
        }
        let bin = packageRoot.appendingPathComponent(".build/\(configuration)/sitegen")
        return .built(bin)
    }

    /// `path:line:col: error: message` lines of the compiler's output, as diagnostics (paths relative
    /// to the package root), each once.
    static func compilerErrors(_ output: String, root: URL) -> [Diagnostic] {
        var seen = Set<String>()
        var out: [Diagnostic] = []
        for line in output.split(separator: "\n") {
            guard let r = line.range(of: ": error: ") else { continue }
            let place = line[..<r.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
            guard place.count >= 3, let l = Int(place[place.count - 2]), let c = Int(place[place.count - 1]) else { continue }
            var path = place.dropLast(2).joined(separator: ":")
            if path.hasPrefix(root.path + "/") { path = String(path.dropFirst(root.path.count + 1)) }
            let message = String(line[r.upperBound...])
            guard seen.insert("\(path):\(l):\(c):\(message)").inserted else { continue }
            out.append(.error(path, SourceLocation(line: l, column: c), "template does not compile: " + message))
        }
        return out
    }

    /// Replaces this process with `binary`, run with the same arguments, the port fixed to `port`
    /// (so that a server started with `--port 0` comes back on the port it had).
    public static func restart(into binary: URL, port: UInt16) -> Never {
        var args = Array(CommandLine.arguments.dropFirst())
        var i = 0
        while i < args.count {
            if args[i] == "-p" || args[i] == "--port" {
                args.removeSubrange(i..<min(i + 2, args.count))
            } else if args[i].hasPrefix("--port=") {
                args.remove(at: i)
            } else {
                i += 1
            }
        }
        args += ["--port", String(port)]
        let argv = ([binary.path] + args).map { strdup($0) } + [nil]
        execv(binary.path, argv)
        // Only reached when exec failed.
        FileHandle.standardError.write(Data("sitegen: cannot restart as \(binary.path): \(String(cString: strerror(errno)))\n".utf8))
        exit(1)
    }
}
