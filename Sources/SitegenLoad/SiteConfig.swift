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

    public init(title: String = "Briefing wiki", description: String? = nil, baseURL: String? = nil, sourceTexts: URL? = nil) {
        self.title = title
        self.description = description
        self.baseURL = baseURL
        self.sourceTexts = sourceTexts
    }

    /// Reads the config file; a missing file gives the defaults.
    public static func load(_ url: URL, displayPath: String) -> (SiteConfig, [Diagnostic]) {
        var config = SiteConfig()
        guard let data = FileManager.default.contents(atPath: url.path) else { return (config, []) }
        let text: String
        switch TextDecoding.decode(data) {
        case let .failure(loc, msg): return (config, [.error(displayPath, loc, msg)])
        case let .success(t): text = t
        }
        var r = YAMLReader(path: displayPath, lineOffset: 0)
        guard let root = r.compose(text) else { return (config, r.diagnostics) }
        guard let map = r.mapping(root, "sitegen.yml") else { return (config, r.diagnostics) }
        r.requireKeys(map, ["title"], at: root, context: "sitegen.yml")
        r.fields(of: map, known: ["title", "description", "base_url", "source_texts"], context: "sitegen.yml") { r, key, v in
            switch key {
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
                config.sourceTexts = URL(fileURLWithPath: s, relativeTo: url.deletingLastPathComponent()).standardizedFileURL
            default: break
            }
        }
        return (config, r.diagnostics)
    }
}
