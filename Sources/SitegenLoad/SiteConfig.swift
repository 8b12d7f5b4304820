import Foundation
import SitegenModel

/// Site settings from `sitegen.yml`.
public struct SiteConfig: Sendable {
    public var title: String = "Briefing wiki"
    public var description: String?
    /// Absolute URL of the site's root, ending in `/`; enables `sitemap.xml`.
    public var baseURL: String?
    /// Folder of the source documents, resolved against the config file's folder.
    public var sourceTexts: URL?
    /// Whether each country gets a print dossier (`countries/<slug>/dossier/`); `dossiers: false` in
    /// sitegen.yml leaves them out.
    public var dossiers = true
    /// Why `source_texts` cannot be used, when it names no folder.
    public var sourceTextsProblem: Diagnostic?

    public init(title: String = "Briefing wiki", description: String? = nil, baseURL: String? = nil, sourceTexts: URL? = nil) {
        self.title = title
        self.description = description
        self.baseURL = baseURL
        self.sourceTexts = sourceTexts
    }

    /// The largest config file read; a bigger one (or `/dev/zero`) is an error, not a hang.
    public static let maxSize = 1 << 20

    /// Reads the config file. A missing file gives the defaults, unless `required` (the file was named
    /// on the command line) or the file is not called `sitegen.yml` (so it cannot be the default).
    /// A folder, a device, a named pipe or a file over 1 MB is an error.
    public static func load(_ url: URL, displayPath: String, required: Bool = false) -> (SiteConfig, [Diagnostic]) {
        var config = SiteConfig()
        let data: Data
        switch readRegularFile(url.path, limit: maxSize) {
        case let .success(d): data = d
        case .failure(.missing):
            if required || url.lastPathComponent != "sitegen.yml" {
                return (config, [.error(displayPath, .file, "config file not found")])
            }
            return (config, [])
        case let .failure(problem):
            return (config, [.error(displayPath, .file, problem.message(what: "config file", limit: "1 MB"))])
        }
        let text: String
        switch TextDecoding.decode(data) {
        case let .failure(loc, msg): return (config, [.error(displayPath, loc, msg)])
        case let .success(t): text = t
        }
        var r = YAMLReader(path: displayPath, lineOffset: 0, document: "sitegen.yml")
        guard let root = r.compose(text) else { return (config, r.diagnostics) }
        guard let map = r.mapping(root, "sitegen.yml") else { return (config, r.diagnostics) }
        r.requireKeys(map, ["title"], at: root, context: "sitegen.yml")
        r.fields(of: map, known: ["title", "description", "base_url", "source_texts", "dossiers"], context: "sitegen.yml") { r, key, v in
            switch key {
            case "dossiers": config.dossiers = r.bool(v, key) ?? true
            case "title": config.title = r.string(v, key) ?? config.title
            case "description": config.description = r.string(v, key)
            case "base_url":
                guard let s = r.string(v, key) else { return }
                guard s.hasPrefix("https://") || s.hasPrefix("http://") else {
                    r.error(v, "`base_url` must be an absolute http(s) URL, such as https://example.org/briefing/")
                    return
                }
                config.baseURL = s.hasSuffix("/") ? s : s + "/"
            case "source_texts":
                guard let s = r.string(v, key) else { return }
                let folder = URL(fileURLWithPath: s, relativeTo: url.deletingLastPathComponent()).standardizedFileURL
                config.sourceTexts = folder
                // A typo here would turn quote checking off: the build names the folder that is not
                // there (unless --source-texts overrides this line).
                let loc = r.location(v)
                config.sourceTextsProblem = { () -> Diagnostic? in
                    var isDir: ObjCBool = false
                    if !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir) {
                        return .error(displayPath, loc,
                                      "`source_texts` folder `\(s)` not found (\(folder.path)); fix the path, or remove the line to build without checking quotes")
                    }
                    return isDir.boolValue ? nil : .error(displayPath, loc, "`source_texts` names `\(s)`, which is not a folder")
                }()
            default: break
            }
        }
        return (config, r.diagnostics)
    }

    /// Why a file could not be read.
    public enum ReadProblem: Error {
        case missing, folder, notRegular, tooLarge, unreadable(String)

        public func message(what: String, limit: String) -> String {
            switch self {
            case .missing: return "\(what) not found"
            case .folder: return "\(what) is a folder, not a file"
            case .notRegular: return "\(what) is not a regular file (a device, named pipe or socket); refused"
            case .tooLarge: return "\(what) is larger than \(limit); refused"
            case let .unreadable(reason): return "cannot read \(what): \(reason)"
            }
        }
    }

    /// The bytes of a regular file of at most `limit` bytes. Never opens a device or a named pipe, and
    /// never reads more than `limit + 1` bytes, so that `/dev/zero` or a FIFO cannot hang the build.
    public static func readRegularFile(_ path: String, limit: Int) -> Result<Data, ReadProblem> {
        var st = stat()
        guard stat(path, &st) == 0 else {
            return .failure(errno == ENOENT || errno == ENOTDIR ? .missing : .unreadable(String(cString: strerror(errno))))
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .failure(.folder)
        default: return .failure(.notRegular)
        }
        guard Int(st.st_size) <= limit else { return .failure(.tooLarge) }
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { return .failure(.unreadable(String(cString: strerror(errno)))) }
        defer { close(fd) }
        // The file may have been swapped between stat and open.
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return .failure(.notRegular) }
        // Room for the size stat gave and one byte more, to see a file that grew past the limit.
        var out = [UInt8](repeating: 0, count: min(limit + 1, max(Int(st.st_size) + 1, 4096)))
        var count = 0
        while true {
            if count == out.count {
                guard out.count <= limit else { break }
                out.append(contentsOf: repeatElement(0, count: min(out.count, limit + 1 - out.count)))
            }
            let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(String(cString: strerror(errno))))
            }
            if n == 0 { break }
            count += n
        }
        guard count <= limit else { return .failure(.tooLarge) }
        return .success(Data(out[..<count]))
    }
}
