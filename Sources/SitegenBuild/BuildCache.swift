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
    /// Output files by path, with the key of all the inputs they were rendered from.
    var outputs: [String: (key: Int, data: Data)] = [:]
    /// Search-index entries by page path.
    var searchEntries: [String: (key: Int, entry: String)] = [:]

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
}

/// Keys that cover every input of each output, so that an output whose key is unchanged can be reused
/// without building its context. What a page's output reads from other pages (their titles, summaries,
/// kinds, types, statuses, dates, viewpoints, publishers) is in `base`; what it reads of its own page is in
/// the page's token; what it reads of the site's link graph (backlinks, citing pages, neighbours) is
/// hashed explicitly.
struct OutputKeys {
    let base: Int
    let tokens: [Int]
    let ctx: ContextBuilder

    init(cache: BuildCache, ctx: ContextBuilder, environment: Int, templates: TemplateSet) {
        self.ctx = ctx
        let pages = ctx.pages
        tokens = pages.map { cache.loaded[$0.relativePath]?.token ?? 0 }
        var h = Hasher()
        h.combine(environment)
        for p in pages {
            let m = p.meta
            h.combine(m.type)
            h.combine(m.status)
            h.combine(m.start?.description)
            h.combine(m.end?.description)
            h.combine(m.viewpoint)
            h.combine(m.publisher)
            h.combine(m.author)
            h.combine(m.date?.description)
        }
        h.combine(templates.key)
        h.combine(ctx.config.title)
        h.combine(ctx.config.description)
        h.combine(ctx.config.baseURL)
        h.combine(ctx.basePath)
        base = h.finalize()
    }

    func page(_ i: Int) -> Int {
        var h = Hasher()
        h.combine(base)
        h.combine(tokens[i])
        h.combine(ctx.xref.incoming[i])
        for (p, q) in ctx.xref.citedBy[i] {
            h.combine(p)
            h.combine(q)
        }
        if Views.mapped(ctx.pages[i].kind) { h.combine(ctx.views.neighbours(i)) }
        return h.finalize()
    }

    func view(_ name: String, _ extra: Int = 0) -> Int {
        var h = Hasher()
        h.combine(base)
        h.combine(name)
        h.combine(extra)
        return h.finalize()
    }

    func searchEntry(_ i: Int) -> Int {
        var h = Hasher()
        h.combine(base)
        h.combine(tokens[i])
        return h.finalize()
    }

    /// Every figure of every page, in page order.
    func figures() -> Int {
        var h = Hasher()
        for p in ctx.pages {
            h.combine(p.meta.figures.count)
            for f in p.meta.figures {
                h.combine(f.label); h.combine(f.value); h.combine(f.unit); h.combine(f.asOf)
                h.combine(f.measure); h.combine(f.source.value); h.combine(f.quote.value)
            }
        }
        return h.finalize()
    }

    /// Every event of every page (policies' start and end are in `base`).
    func events() -> Int {
        var h = Hasher()
        for p in ctx.pages {
            h.combine(p.meta.events.count)
            for e in p.meta.events {
                h.combine(e.date.description)
                h.combine(e.text.value)
            }
        }
        return h.finalize()
    }

    func edges(_ views: Views) -> Int {
        var h = Hasher()
        for (a, b) in views.edges() {
            h.combine(a)
            h.combine(b)
        }
        return h.finalize()
    }
}
