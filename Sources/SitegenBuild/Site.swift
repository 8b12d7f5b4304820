import Foundation

/// Where a build reads from and writes to.
public struct BuildOptions: Sendable {
    public var contentDir: URL
    public var templatesDir: URL
    public var outputDir: URL
    public var configFile: URL
    /// Overrides the config file's `source_texts`.
    public var sourceTexts: URL?
    /// Absolute path the site is served under (`/`, `/briefing/`); used where links cannot be relative (404 page).
    public var basePath: String = "/"
    /// The working directory, for showing short paths.
    public var workingDirectory: URL

    public init(root: URL) {
        let r = root.standardizedFileURL
        contentDir = r.appendingPathComponent("content")
        templatesDir = r.appendingPathComponent("templates")
        outputDir = r.appendingPathComponent("public")
        configFile = r.appendingPathComponent("sitegen.yml")
        workingDirectory = r
    }

    /// `url` relative to the working directory when it is inside it.
    public func display(_ url: URL) -> String {
        let p = url.standardizedFileURL.path
        let base = workingDirectory.standardizedFileURL.path
        if p == base { return "." }
        if p.hasPrefix(base + "/") { return String(p.dropFirst(base.count + 1)) }
        return p
    }
}

/// Counts shown in the summary line.
public struct BuildStats: Sendable, Equatable {
    public var pagesByKind: [PageKind: Int] = [:]
    public var linksResolved = 0
    public var citations = 0
    public var quotesChecked = 0
    public var quotesUnverified = 0
    public var filesWritten = 0
}

/// The outcome of `Site.check` or `Site.build`.
public struct BuildResult: Sendable {
    public var diagnostics: [Diagnostic]
    public var stats: BuildStats
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// The build pipeline: load content → resolve links and citations → render → apply templates → write.
public struct Site {
    public let options: BuildOptions
    /// Receives `[i/n] step` progress lines.
    public var progress: (String) -> Void = { _ in }

    public init(options: BuildOptions) { self.options = options }

    /// With SITEGEN_TIMINGS=1 in the environment, the time each stage took goes to standard error.
    static let timings = ProcessInfo.processInfo.environment["SITEGEN_TIMINGS"] == "1"
    static func lap(_ label: String, since start: inout DispatchTime) {
        guard timings else { return }
        let now = DispatchTime.now()
        let ms = Double(now.uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
        FileHandle.standardError.write(Data("timing: \(label) \(Int(ms)) ms\n".utf8))
        start = now
    }

    /// Runs every check and renders every page. Returns the files a build would write; with `staged`,
    /// each file is written there as soon as it is rendered instead (and returned without its bytes).
    public func check(cache: BuildCache? = nil, into staged: StagedOutput? = nil) -> (BuildResult, [(path: String, data: Data)], URL?) {
        var diags = Diagnostics()
        var stats = BuildStats()
        let o = options

        progress("[1/5] load content")
        var clock = DispatchTime.now()
        let (config, configDiags) = SiteConfig.load(o.configFile, displayPath: o.display(o.configFile))
        diags.append(contentsOf: configDiags)
        let loader = ContentLoader(contentDir: o.contentDir, displayPrefix: o.display(o.contentDir))
        let (pages, loadDiags) = loader.load(cache: cache)
        diags.append(contentsOf: loadDiags)
        let (templates, templateDiags) = TemplateSet.load(o.templatesDir, displayPrefix: o.display(o.templatesDir))
        diags.append(contentsOf: templateDiags)
        for p in pages { stats.pagesByKind[p.kind, default: 0] += 1 }
        Self.lap("load", since: &clock)

        progress("[2/5] resolve links and citations")
        var texts: SourceTexts?
        if let folder = o.sourceTexts ?? config.sourceTexts {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue {
                let (t, d) = SourceTexts.load(folder: folder, sources: pages.filter { $0.kind == .source }, cache: cache)
                texts = t
                diags.append(contentsOf: d)
            } else if o.sourceTexts != nil {
                diags.append(.error(o.display(folder), .file, "source-texts folder not found"))
            }
        }
        let index = SiteIndex(pages: pages, sourceTexts: texts)
        Self.lap("index", since: &clock)

        progress("[3/5] render \(pages.count) pages")
        var cacheStats = BuildCache.Stats()
        let rendered: [RenderedPage]
        let env = cache == nil ? 0 : BuildCache.environmentKey(pages, texts: texts)
        if let cache {
            let previous = cache.rendered
            let results = Self.concurrentMap(pages.count) { i -> (RenderedPage, Bool) in
                if let old = previous[pages[i].relativePath], old.environment == env, old.page === pages[i] {
                    return (old.result, true)
                }
                return (PageRenderer.render(index, page: i), false)
            }
            rendered = results.map(\.0)
            cacheStats.pagesReused = results.filter(\.1).count
            cacheStats.pagesRendered = pages.count - cacheStats.pagesReused
            cache.rendered = Dictionary(uniqueKeysWithValues: pages.indices.map { (pages[$0].relativePath, (pages[$0], env, rendered[$0])) })
        } else {
            rendered = Self.concurrentMap(pages.count) { PageRenderer.render(index, page: $0) }
        }
        Self.lap("render", since: &clock)
        for r in rendered {
            diags.append(contentsOf: r.diagnostics)
            stats.linksResolved += r.links.filter { $0.via != .citation }.count + r.related.count + r.countries.count + r.actors.count
            stats.citations += r.links.filter { $0.via == .citation }.count
            stats.quotesChecked += r.quotesChecked
            stats.quotesUnverified += r.quotesUnverified
        }
        let xref = CrossReferences(pages: pages, rendered: rendered)
        if !diags.hasErrors {
            diags.append(contentsOf: CrossReferences.check(pages: pages, rendered: rendered, xref: xref))
        }
        if stats.quotesUnverified > 0 {
            diags.append(.warning(o.display(o.contentDir), .file,
                                  "\(stats.quotesUnverified) of \(stats.quotesChecked) quotes not verified: no source texts (set `source_texts` in sitegen.yml or pass --source-texts)"))
        }

        Self.lap("cross-references", since: &clock)
        progress("[4/5] apply templates")
        var files: [(path: String, data: Data)] = []
        if !diags.hasErrors, let templates {
            let views = Views(config: config, site: index, rendered: rendered, xref: xref)
            let ctx = ContextBuilder(config: config, site: index, rendered: rendered, xref: xref,
                                     basePath: o.basePath, views: views, templates: templates)
            let keys = cache.map { OutputKeys(cache: $0, ctx: ctx, environment: env, templates: templates) }
            let outcome = Self.renderFiles(ctx, views: views, templates: templates, config: config, cache: cache, keys: keys,
                                           staged: staged, stats: &cacheStats)
            files = outcome.files
            if let failure = outcome.writeFailure {
                diags.append(.error(o.display(o.outputDir), .file, "cannot write output: \(failure)"))
            }
            Self.lap(staged == nil ? "templates" : "templates and write", since: &clock)
        }
        stats.filesWritten = files.count
        cache?.record(cacheStats)
        return (BuildResult(diagnostics: diags.sorted, stats: stats), files, templates?.assetsDir)
    }

    /// Why the output folder may not be written to (it holds input, or files sitegen did not write).
    public func outputProblems() -> [Diagnostic] {
        let o = options
        let protected = [("content folder", o.contentDir), ("templates folder", o.templatesDir),
                         ("project root", o.configFile.deletingLastPathComponent())]
        return OutputFolder.checkSafe(output: o.outputDir, protected: protected, displayPath: o.display(o.outputDir))
    }

    /// Checks, renders and, when there is no error, writes the site.
    public func build() -> BuildResult {
        let o = options
        let unsafe = outputProblems()
        if !unsafe.isEmpty { return BuildResult(diagnostics: unsafe, stats: BuildStats()) }
        let staged: StagedOutput
        do {
            staged = try StagedOutput(output: o.outputDir)
        } catch {
            return BuildResult(diagnostics: [.error(o.display(o.outputDir), .file, "cannot write output: \(error.localizedDescription)")],
                               stats: BuildStats())
        }
        // Pages are written as they are rendered, so they need not all be held in memory.
        var (result, files, assets) = check(into: staged)
        guard !result.hasErrors else {
            staged.discard()
            return result
        }
        progress("[5/5] write \(files.count) files to \(o.display(o.outputDir))")
        var clock = DispatchTime.now()
        defer { Self.lap("write", since: &clock) }
        do {
            try staged.commit(assets: assets)
        } catch {
            staged.discard()
            result.diagnostics.append(.error(o.display(o.outputDir), .file, "cannot write output: \(error.localizedDescription)"))
        }
        return result
    }

    /// One output file: a template and the function that makes its context, or text made directly.
    enum Job {
        case template(String, () -> [String: Any])
        case text(() -> String)
    }

    static func renderFiles(_ ctx: ContextBuilder, views: Views, templates: TemplateSet, config: SiteConfig,
                            cache: BuildCache?, keys: OutputKeys?, staged: StagedOutput? = nil,
                            stats: inout BuildCache.Stats) -> (files: [(path: String, data: Data)], writeFailure: String?) {
        let pages = ctx.pages
        let home = pages.firstIndex { $0.kind == .home }
        // Each job has a key that covers every input of its output (used only with a cache).
        // The site-wide views are the largest jobs: they go first, so that they run beside the pages
        // instead of after them.
        var jobs: [(path: String, job: Job, key: () -> Int)] = []
        for kind in PageKind.sections {
            jobs.append((kind.folder! + "/index.html", .template("section", { ctx.sectionContext(kind) }), { keys?.view("section-" + kind.rawValue) ?? 0 }))
        }
        jobs.append(("index.html", .template("home", { ctx.homeContext(home) }), { keys?.view("home", home.map { keys?.tokens[$0] ?? 0 } ?? 0) ?? 0 }))
        jobs.append(("404.html", .template("404", {
            ["site": ctx.siteContext(urlPath: "", root: ctx.basePath), "title": "Page not found"]
        }), { keys?.view("404") ?? 0 }))
        jobs.append(("figures/index.html", .template("figures", { views.figuresContext(ctx) }), { keys?.view("figures", keys?.figures() ?? 0) ?? 0 }))
        jobs.append((Views.timelinePath + "index.html", .template("timeline", { views.timelineContext(ctx) }), { keys?.view("timeline", keys?.events() ?? 0) ?? 0 }))
        jobs.append(("map/index.html", .template("map", { views.mapContext(ctx) }), { keys?.view("map", keys?.edges(views) ?? 0) ?? 0 }))
        jobs.append(("search-index.js", .text({
            guard let cache, let keys else { return views.searchIndexJS().text }
            let previous = cache.searchEntries
            let (text, entries) = views.searchIndexJS { i in
                guard let old = previous[pages[i].relativePath], old.key == keys.searchEntry(i) else { return nil }
                return old.entry
            }
            cache.searchEntries = Dictionary(uniqueKeysWithValues: pages.indices.map { (pages[$0].relativePath, (keys.searchEntry($0), entries[$0])) })
            return text
        }), { 0 }))
        for i in pages.indices where pages[i].kind != .home {
            jobs.append((pages[i].urlPath + "index.html", .template("page", { ctx.pageContext(i) }), { keys?.page(i) ?? 0 }))
        }
        if let base = config.baseURL {
            let paths = jobs.map(\.path).filter { $0.hasSuffix("index.html") }
            jobs.append(("sitemap.xml", .text({ Views.sitemap(base: base, paths: paths) }), { 0 }))
        }
        let frozen = jobs
        let previous = cache?.outputs ?? [:]
        if let staged {
            do {
                try staged.makeFolders(for: frozen.map(\.path))
            } catch {
                return ([], error.localizedDescription)
            }
        }
        let out = concurrentMap(frozen.count) { i -> (data: Data, key: Int, reused: Bool?, writeFailure: String?) in
            var data: Data
            var key = 0
            var reused: Bool?
            switch frozen[i].job {
            case let .text(make):
                data = Data(make().utf8)
            case let .template(name, makeContext):
                if cache != nil { key = frozen[i].key() }
                if cache != nil, let old = previous[frozen[i].path], old.key == key {
                    (data, reused) = (old.data, true)
                } else {
                    (data, reused) = (Data(templates.render(name, makeContext()).utf8), false)
                }
            }
            guard let staged else { return (data, key, reused, nil) }
            // Written now; kept only when a cache needs it for the next build.
            let failure = staged.write(frozen[i].path, data)
            return (cache == nil ? Data() : data, key, reused, failure)
        }
        if let cache {
            cache.outputs = Dictionary(uniqueKeysWithValues: zip(frozen, out).map { ($0.path, ($1.key, $1.data)) })
            // Text outputs (search index, sitemap) are made each time and not counted.
            stats.outputsReused = out.filter { $0.reused == true }.count
            stats.outputsRendered = out.filter { $0.reused == false }.count
        }
        return (zip(frozen, out).map { ($0.path, $1.data) }.sorted { $0.path < $1.path }, out.lazy.compactMap(\.writeFailure).first)
    }

    /// `transform` applied to `0..<count` on all cores; results in index order.
    static func concurrentMap<T>(_ count: Int, _ transform: (Int) -> T) -> [T] {
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buf in
            let b = buf
            DispatchQueue.concurrentPerform(iterations: count) { i in b[i] = transform(i) }
        }
        return results.map { $0! }
    }
}
