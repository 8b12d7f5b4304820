import Foundation

/// What one build keeps for the next, so that a rebuild redoes only what its inputs changed:
/// files whose bytes are unchanged are not parsed again, pages whose Markdown and link environment
/// are unchanged are not rendered again, and outputs whose template context is unchanged are not
/// templated again. Every key is the full input of the step it skips, so an incremental build gives
/// exactly the bytes a full build gives.
public final class BuildCache: @unchecked Sendable {
    /// Loaded files by path relative to the content folder.
    var loaded: [String: ContentLoader.LoadedFile] = [:]
    /// Source documents by file name, with the bytes they were normalised from.
    var sourceDocuments: [String: Data] = [:]
    var sourceTexts: SourceTexts?
    /// Rendered pages by relative path, with the page body and the environment key they were rendered with.
    var rendered: [String: (page: Page, environment: Int, result: RenderedPage)] = [:]
    /// Output files by path, with the key of the context they were rendered from.
    var outputs: [String: (key: Int, data: Data)] = [:]

    /// What the last build did, for progress lines and tests.
    public private(set) var lastStats = Stats()

    public struct Stats: Equatable, Sendable {
        public var pagesRendered = 0
        public var pagesReused = 0
        public var outputsRendered = 0
        public var outputsReused = 0
    }

    public init() {}

    func record(_ stats: Stats) { lastStats = stats }

    /// A key for everything a page's rendering reads from other pages: every page's kind, slug, title,
    /// summary and aliases, each source's document settings, and the source texts.
    static func environmentKey(_ pages: [Page], texts: SourceTexts?) -> Int {
        var h = Hasher()
        for p in pages {
            h.combine(p.kind.rawValue)
            h.combine(p.slug)
            h.combine(p.meta.title)
            h.combine(p.meta.summary)
            h.combine(p.meta.aliases.count)
            for a in p.meta.aliases { h.combine(a.value) }
            if p.kind == .source {
                h.combine(p.meta.document?.value)
                h.combine(p.meta.pageHeaders)
            }
        }
        h.combine(texts?.fingerprint ?? 0)
        return h.finalize()
    }

    /// Whether a cached rendering of `page` may be reused for `new`: same file, same Markdown and
    /// front matter, same line offsets.
    static func samePageInput(_ old: Page, _ new: Page) -> Bool {
        old === new
    }

    /// A key for a template context: its whole content, in a fixed order.
    static func contextKey(template: String, templatesKey: Int, _ context: [String: Any]) -> Int {
        var h = Hasher()
        h.combine(template)
        h.combine(templatesKey)
        hashValue(context, into: &h)
        return h.finalize()
    }

    static func hashValue(_ v: Any, into h: inout Hasher) {
        switch v {
        case let s as String: h.combine(0); h.combine(s)
        case let i as Int: h.combine(1); h.combine(i)
        case let b as Bool: h.combine(2); h.combine(b)
        case let d as Double: h.combine(3); h.combine(d)
        case let d as [String: Any]:
            h.combine(4)
            h.combine(d.count)
            for k in d.keys.sorted() {
                h.combine(k)
                hashValue(d[k]!, into: &h)
            }
        case let a as [[String: Any]]:
            h.combine(5)
            h.combine(a.count)
            for x in a { hashValue(x, into: &h) }
        case let a as [String]:
            h.combine(6)
            h.combine(a)
        case let a as [Any]:
            h.combine(7)
            h.combine(a.count)
            for x in a { hashValue(x, into: &h) }
        default:
            h.combine(8)
            h.combine(String(describing: v))
        }
    }
}
