import Foundation
import SiteTemplates
import SitegenGraph
import SitegenLoad
import SitegenMarkdown
import SitegenModel
import SitegenViews

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
    /// The config file was named on the command line: it must exist.
    public var configRequired = false
    /// Date pages and the change feed from the content folder's git history (one `git log` per build).
    public var gitHistory = true
    /// Whether each page's Markdown is let go of once every page is rendered (a one-off build,
    /// which reads it no more; not for callers that read pages after the build).
    public var releaseBodies = false
    /// Whether the site's views are left to the end of the process instead of being freed when the
    /// build returns (a one-off build: freeing them took a tenth of a second at 10,000 pages, on one
    /// thread, after the last file was written). Not for a process that builds more than once.
    public var leavesViewsToExit = false

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
    /// Quotes checked against a source text and not found in it.
    public var quotesNotFound = 0
    public var filesWritten = 0
    /// Quotes found in their source text.
    public var quotesVerified: Int { quotesChecked - quotesUnverified - quotesNotFound }
}

/// The outcome of `Site.check` or `Site.build`.
public struct BuildResult: Sendable {
    public var diagnostics: [Diagnostic]
    public var stats: BuildStats
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// The build pipeline: load → resolve (Markdown, links, citations, quotes) → cross-references and
/// checks → views → templates → write. Every diagnostic is collected and reported together.
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
        // Resident memory now, from /proc (Linux), to see which stage holds it.
        let statm = FileHandle(forReadingAtPath: "/proc/self/statm").map { String(decoding: $0.readDataToEndOfFile(), as: UTF8.self) } ?? ""
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        FileHandle.standardError.write(Data("timing: \(label) \(Int(ms)) ms, \((pages * 4096) >> 20) MB resident\n".utf8))
        start = now
    }

    /// The markup of annotations, from the templates.
    static let markup = SiteMarkup()

    /// Runs every check and renders every page. Returns the files a build would write; with `staged`,
    /// each file is written there as soon as it is rendered instead (and returned without its bytes).
    public func check(cache: BuildCache? = nil, into staged: StagedOutput? = nil) -> (BuildResult, [(path: String, data: Data)], URL?) {
        var (diags, stats, views, assets) = prepare(cache: cache)
        var clock = DispatchTime.now()
        progress("[4/5] apply templates")
        var cacheStats = cache?.lastStats ?? BuildCache.Stats()
        var files: [(path: String, data: Data)] = []
        if let views {
            let outcome = Self.renderOutputs(Self.outputs(views), cache: cache, staged: staged, stats: &cacheStats)
            diags.append(contentsOf: outcome.problems.map { .error(options.display(options.outputDir), .file, $0) })
            files = outcome.files
            Self.lap(staged == nil ? "templates" : "templates and write", since: &clock)
        }
        stats.filesWritten = files.count
        cache?.record(cacheStats)
        if options.leavesViewsToExit, let views { ViewsLeftToExit.shared.keep(views) }
        return (BuildResult(diagnostics: diags.sorted, stats: stats), files, assets)
    }

    /// The views of every output, when the site has no error.
    public func views() -> SiteViews? { prepare(cache: nil).2 }

    /// Loads, resolves and checks the site; the views when there is no error.
    func prepare(cache: BuildCache?) -> (Diagnostics, BuildStats, SiteViews?, URL?) {
        var diags = Diagnostics()
        var stats = BuildStats()
        let o = options

        progress("[1/5] load content")
        var clock = DispatchTime.now()
        let (config, configDiags) = SiteConfig.load(o.configFile, displayPath: o.display(o.configFile), required: o.configRequired)
        diags.append(contentsOf: configDiags)
        let loader = ContentLoader(contentDir: o.contentDir, displayPrefix: o.display(o.contentDir))
        let (pages, loadDiags) = loader.load(cache: cache?.load)
        diags.append(contentsOf: loadDiags)
        let assets = Self.assetsFolder(o, &diags)
        for p in pages { stats.pagesByKind[p.kind, default: 0] += 1 }
        Self.lap("load", since: &clock)

        progress("[2/5] resolve links and citations")
        var texts: SourceTexts?
        if o.sourceTexts == nil, let problem = config.sourceTextsProblem {
            diags.append(problem)
        } else if let folder = o.sourceTexts ?? config.sourceTexts {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue {
                let (t, d) = SourceTexts.load(folder: folder, sources: pages.filter { $0.kind == .source }, cache: cache?.sourceTexts)
                texts = t
                diags.append(contentsOf: d)
            } else if o.sourceTexts != nil {
                diags.append(.error(o.display(folder), .file, "source-texts folder not found"))
            }
        }
        let index = SiteIndex(pages: pages, sourceTexts: texts, assets: Self.assetFiles(assets))
        Self.lap("index", since: &clock)

        progress("[3/5] render \(pages.count) pages")
        var cacheStats = BuildCache.Stats()
        let resolved: [ResolvedPage]
        let env = index.environment
        if let cache {
            // A page is resolved again when its file or anything in the environment changed.
            let envKey = env.hashValue
            let previous = cache.resolved
            let results = concurrentMap(pages.count) { i -> (ResolvedPage, Bool) in
                if let old = previous[pages[i].relativePath], old.environment == envKey, old.page === pages[i] {
                    return (old.result, true)
                }
                return (PageResolution.resolve(pages[i], id: PageID(i), in: env, markup: Self.markup), false)
            }
            resolved = results.map(\.0)
            cacheStats.pagesReused = results.filter(\.1).count
            cacheStats.pagesRendered = pages.count - cacheStats.pagesReused
            cache.resolved = Dictionary(pages.indices.map { (pages[$0].relativePath, (pages[$0], envKey, resolved[$0])) },
                                        uniquingKeysWith: { a, _ in a })
        } else {
            resolved = concurrentMap(pages.count) { PageResolution.resolve(pages[$0], id: PageID($0), in: env, markup: Self.markup) }
            // Nothing reads the Markdown again in a build without a cache.
            if o.releaseBodies { for p in pages { p.releaseBody() } }
        }
        Self.lap("render", since: &clock)
        for r in resolved {
            diags.append(contentsOf: r.diagnostics)
            let citations = r.links.reduce(0) { $1.via == .citation ? $0 + 1 : $0 }
            stats.linksResolved += r.links.count - citations + r.related.count + r.countries.count + r.actors.count
            stats.citations += citations
            stats.quotesChecked += r.quotesChecked
            stats.quotesUnverified += r.quotesUnverified
            stats.quotesNotFound += r.quotesNotFound
        }
        let xref = CrossReferences(pages: pages, resolved: resolved)
        diags.append(contentsOf: CrossReferences.check(pages: pages, resolved: resolved, xref: xref, hasErrors: diags.hasErrors))
        if stats.quotesUnverified > 0 {
            diags.append(.warning(o.display(o.contentDir), .file,
                                  "\(stats.quotesUnverified) of \(stats.quotesChecked) quotes not verified: no source texts (set `source_texts` in sitegen.yml or pass --source-texts)"))
        }
        Self.lap("cross-references", since: &clock)
        cache?.record(cacheStats)
        let views = diags.hasErrors ? nil : SiteViews(config: config, site: index, resolved: resolved, xref: xref, basePath: o.basePath,
                                                      history: o.gitHistory ? ContentHistory.load(contentDir: o.contentDir) : .none)
        return (diags, stats, views, assets)
    }

    /// The folder whose `assets/` is copied to the output (the templates themselves are compiled in).
    static func assetsFolder(_ o: BuildOptions, _ diags: inout Diagnostics) -> URL? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: o.templatesDir.path, isDirectory: &isDir), isDir.boolValue else {
            diags.append(.error(o.display(o.templatesDir), .file, "templates folder not found"))
            return nil
        }
        let assets = o.templatesDir.appendingPathComponent("assets")
        guard FileManager.default.fileExists(atPath: assets.path, isDirectory: &isDir), isDir.boolValue else { return nil }
        // Only regular files and folders are copied; anything else is an error at its path.
        diags.append(contentsOf: AssetListing(assets, displayPath: o.display(assets)).problems)
        return assets
    }

    /// The files of the assets folder, relative to it, sorted: what plain links and images may point at.
    static func assetFiles(_ folder: URL?) -> [String] {
        guard let folder else { return [] }
        let fm = FileManager.default
        return ((try? fm.subpathsOfDirectory(atPath: folder.path)) ?? []).filter { rel in
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: folder.appendingPathComponent(rel).path, isDirectory: &isDir) && !isDir.boolValue
        }.sorted()
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
            return BuildResult(diagnostics: [.error(o.display(o.outputDir), .file, "cannot write output: \(OutputFolder.describe(error))")],
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
            result.diagnostics.append(.error(o.display(o.outputDir), .file, "cannot write output: \(OutputFolder.describe(error))"))
        }
        return result
    }

    /// One output file: its path, the key of everything it is made from (its view's hash), and how it is made.
    struct Output {
        var path: String
        /// The view's hash; `nil` for outputs made fresh each time (search index, sitemap).
        var key: () -> Int?
        /// The file's bytes.
        var render: () -> [UInt8]
    }

    /// Every output of the site. The site-wide views are the largest jobs: they go first, so that they
    /// run beside the pages instead of after them.
    static func outputs(_ views: SiteViews) -> [Output] {
        let pages = views.pages
        func view<V: Hashable>(_ path: String, _ make: @escaping () -> V, _ template: @escaping (V) -> HTML) -> Output {
            // The view is built once, for its key, and kept for rendering.
            let box = LazyBox(make)
            // Rendering is the view's last use (its key is taken first): it is let go then, so that
            // the views of pages already written are not all held until the end of the build.
            return Output(path: path, key: { box.value.hashValue }, render: { template(box.take()).bytes })
        }
        // The figures view is made once: its pages and the disputed figures of /disagreements/ read it
        // (that page's job keeps only the disputed measures).
        let figures = views.figures()
        let disputed = figures.groups.filter(\.disputed)
        var out: [Output] = [
            view("map/index.html", views.map, Templates.map),
            view(PageResolution.timelinePath + "index.html", views.timeline, Templates.timeline),
            view(PageResolution.disagreementsPath + "index.html", { views.disagreements(disputed: disputed) }, Templates.disagreements),
        ]
        let search = searchOutputs(views)
        out += search.early
        out += dataOutputs(views)
        // Figures: pages of whole measures when there are many, each its own job.
        for (n, page) in views.figurePages(of: figures).enumerated() {
            out.append(Output(path: SiteViews.figuresPath(n + 1) + "index.html", key: { page.hashValue },
                              render: { Templates.figures(page).bytes }))
        }
        for kind in PageKind.sections {
            out.append(view(kind.folder! + "/index.html", { views.section(kind) }, Templates.section))
        }
        out.append(view("index.html", views.home, Templates.home))
        out.append(view("404.html", views.notFound, Templates.notFound))
        for id in pages.ids where pages[id].kind != .home {
            out.append(view(pages[id].urlPath + "index.html", { views.page(id) }, Templates.page))
        }
        out += reuseOutputs(views)
        out += search.late
        if let base = views.config.baseURL {
            let urls = SiteViews.sitemapURLs(base: base, paths: out.map(\.path))
            out.append(Output(path: "sitemap.xml", key: { nil }, render: { Templates.sitemap(urls: urls).bytes }))
        }
        return out
    }

    /// Renders every output on all cores (reusing those whose key is unchanged) and writes each as
    /// soon as it is made. Two outputs with one path are an error, never a crash.
    static func renderOutputs(_ outputs: [Output], cache: BuildCache?, staged: StagedOutput?,
                              stats: inout BuildCache.Stats) -> (files: [(path: String, data: Data)], problems: [String]) {
        var seen = Set<String>()
        let duplicates = outputs.map(\.path).filter { !seen.insert($0).inserted }
        if !duplicates.isEmpty {
            return ([], Set(duplicates).sorted().map { "two outputs would be written to `\($0)`; rename the page that takes a generated page's path" })
        }
        if let staged {
            do {
                try staged.makeFolders(for: outputs.map(\.path))
            } catch {
                return ([], ["cannot write output: \(OutputFolder.describe(error))"])
            }
        }
        let previous = cache?.outputs ?? [:]
        let results = concurrentMap(outputs.count) { i -> (data: Data, key: Int?, reused: Bool, failure: String?) in
            let o = outputs[i]
            let key = cache == nil ? nil : o.key()
            var data: Data
            var reused = false
            if let key, let old = previous[o.path], old.key == key {
                (data, reused) = (old.data, true)
            } else if let staged, cache == nil {
                // A plain build: the bytes go straight to their file, never copied into `Data`.
                return (Data(), nil, false, staged.write(o.path, bytes: o.render()))
            } else {
                data = Data(o.render())
            }
            guard let staged else { return (data, key, reused, nil) }
            // Written now; kept only when a cache needs it for the next build.
            let failure = staged.write(o.path, data)
            return (cache == nil ? Data() : data, key, reused, failure)
        }
        if let cache {
            var next: [String: (key: Int, data: Data)] = [:]
            for (o, r) in zip(outputs, results) {
                if let key = r.key { next[o.path] = (key, r.data) }
            }
            cache.outputs = next
            stats.outputsReused = results.filter(\.reused).count
            stats.outputsRendered = results.filter { !$0.reused && $0.key != nil }.count
        }
        let files = zip(outputs, results).map { ($0.path, $1.data) }.sorted { $0.0 < $1.0 }
        let failures = results.compactMap(\.failure)
        return (files, failures.isEmpty ? [] : ["cannot write output: \(failures[0])"])
    }
}

/// Views a one-off build leaves to the end of the process (`BuildOptions.leavesViewsToExit`).
final class ViewsLeftToExit: @unchecked Sendable {
    static let shared = ViewsLeftToExit()
    private let lock = NSLock()
    private var kept: [SiteViews] = []
    func keep(_ views: SiteViews) {
        lock.lock()
        kept.append(views)
        lock.unlock()
    }
}

/// A value made on first use, from any thread (made at most once).
final class LazyBox<V>: @unchecked Sendable {
    private let make: () -> V
    private var made: V?
    private let lock = NSLock()
    init(_ make: @escaping () -> V) { self.make = make }
    var value: V {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        let v = make()
        made = v
        return v
    }
    /// The value if it was made already, without making it.
    var madeValue: V? {
        lock.lock()
        defer { lock.unlock() }
        return made
    }
    /// The value, no longer kept.
    func take() -> V {
        lock.lock()
        defer { lock.unlock() }
        if let v = made {
            made = nil
            return v
        }
        return make()
    }
}
