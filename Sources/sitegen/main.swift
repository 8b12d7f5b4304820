import ArgumentParser
import CMimalloc
import Foundation
import SitegenBuild
import SitegenModel
import SitegenServer

/// Options shared by `build` and `check`.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: "Folder of the site's Markdown pages.")
    var content: String = "content"

    @Option(name: .long, help: "Folder whose assets/ is copied to the site (the templates are compiled in).")
    var templates: String = "templates"

    @Option(name: .long, help: "Site settings file (default: sitegen.yml, which may be absent).")
    var config: String?

    @Option(name: .long, help: "Folder of the source documents; quotes are checked against them.")
    var sourceTexts: String?

    @Flag(name: .long, help: "Treat warnings as errors.")
    var warningsAsErrors = false

    @Flag(name: .shortAndLong, help: "Print only diagnostics and the summary.")
    var quiet = false

    @Option(name: .long, help: "How diagnostics are printed: text (with the source line, on standard error) or json (one object per line, on standard output).")
    var format: DiagnosticReport.Format = .text

    /// Whether progress lines are printed: not with `-q`, nor with JSON, whose output must be JSON only.
    var showProgress: Bool { !quiet && format == .text }

    func buildOptions(output: String = "public", basePath: String = "/") -> BuildOptions {
        var o = BuildOptions(root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        o.contentDir = url(content)
        o.templatesDir = url(templates)
        o.configFile = url(config ?? "sitegen.yml")
        o.configRequired = config != nil
        o.outputDir = url(output)
        o.sourceTexts = sourceTexts.map(url)
        o.basePath = basePath
        return o
    }
}

extension DiagnosticReport.Format: ExpressibleByArgument {}

enum Report {
    /// Prints the diagnostics in `format` and the summary line; returns the exit status.
    static func print(_ result: BuildResult, verb: String, started: Date, warningsAsErrors: Bool,
                      format: DiagnosticReport.Format = .text, wroteNothing: Bool = false) -> Int32 {
        var err = FileHandle.standardError
        switch format {
        case .text:
            var report = DiagnosticReport(color: DiagnosticReport.stderrTakesColor)
            let (shown, more) = DiagnosticReport.collapsingRepeats(result.diagnostics)
            for d in shown { Swift.print(report.render(d), terminator: "", to: &err) }
            for (d, n) in more { Swift.print(DiagnosticReport.moreLine(d, n), terminator: "", to: &err) }
        case .json:
            for d in result.diagnostics { Swift.print(DiagnosticReport.json(d)) }
        }
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.count - errors
        Swift.print(DiagnosticReport.summary(result, verb: verb, seconds: Date().timeIntervalSince(started),
                                             wroteNothing: wroteNothing && errors > 0), to: &err)
        if errors > 0 { return 1 }
        if warningsAsErrors && warnings > 0 { return 1 }
        return 0
    }
}

extension FileHandle: @retroactive TextOutputStream {
    public func write(_ string: String) { write(Data(string.utf8)) }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the site into the output folder (the default).")

    @OptionGroup var site: SiteOptions

    @Option(name: .shortAndLong, help: "Output folder; replaced only when the build succeeds.")
    var output: String = "public"

    @Option(name: .long, help: "Path the site is served under, such as /briefing/ (used by the 404 page).")
    var basePath: String = "/"

    func validate() throws {
        guard basePath.hasPrefix("/") else {
            throw ValidationError("--base-path must start with `/`, such as /briefing/")
        }
    }

    func run() throws {
        let started = Date()
        var path = basePath
        if !path.hasSuffix("/") { path += "/" }
        var options = site.buildOptions(output: output, basePath: path)
        options.releaseBodies = true
        options.leavesViewsToExit = true
        var s = Site(options: options)
        if site.showProgress { s.progress = { Swift.print($0) } }
        let code = Report.print(s.build(), verb: "built", started: started, warningsAsErrors: site.warningsAsErrors,
                                format: site.format, wroteNothing: true)
        if code != 0 { throw ExitCode(code) }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run every check of a build without writing anything.")

    @OptionGroup var site: SiteOptions

    func run() throws {
        let started = Date()
        var s = Site(options: site.buildOptions())
        if site.showProgress { s.progress = { Swift.print($0) } }
        var (result, _, _) = s.check()
        // The output folder a build would write to is checked too.
        result.diagnostics = s.outputProblems() + result.diagnostics
        let code = Report.print(result, verb: "checked", started: started, warningsAsErrors: site.warningsAsErrors,
                                format: site.format)
        if code != 0 { throw ExitCode(code) }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the site on 127.0.0.1, rebuild on every change and reload open pages.")

    @OptionGroup var site: SiteOptions

    @Option(name: .shortAndLong, help: "Port to listen on (0 picks a free one).")
    var port: UInt16 = 1313

    func run() async throws {
        // Ctrl-C and SIGTERM stop the server cleanly: the entry point's handler writes to a pipe, which
        // a thread of its own reads.
        let pipeRead = stopPipe.read
        let server = try DevServer(options: site.buildOptions(), port: port)
        server.log = { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        let waiter = Thread {
            var byte: UInt8 = 0
            while read(pipeRead, &byte, 1) < 0 && errno == EINTR {}
            Task { await server.stop() }
        }
        waiter.start()
        Task {
            if let actual = try? await server.listeningPort() {
                print("serving at http://127.0.0.1:\(actual)/ (Ctrl-C to stop)")
                fflush(stdout)
            }
        }
        do {
            try await server.run()
        } catch where server.isStopping {
            // Stopping ends the listening socket; that is not an error.
        }
        print("stopped")
    }
}

/// A located error of a writer's command, printed like a build's diagnostics; exit status 1.
func fail(_ d: Diagnostic) -> ExitCode {
    var report = DiagnosticReport(color: DiagnosticReport.stderrTakesColor)
    FileHandle.standardError.write(Data(report.render(d).utf8))
    return ExitCode(1)
}

func url(_ path: String) -> URL {
    URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a new page with every required field and a commented template of the optional ones.",
        discussion: "KIND is country, actor, policy, source or page. The file is content/<folder>/<slug>.md, the slug made from the title; a slug that any page already has is refused.")

    @Argument(help: "country, actor, policy, source or page")
    var kind: String

    @Argument(help: "The page's title, such as \"Title 42\".")
    var title: String

    @Option(name: .long, help: "The page's `type` (default: the first allowed).")
    var type: String?

    @Option(name: .long, help: "The slug (file name) instead of the one made from the title.")
    var slug: String?

    @Option(name: .long, help: "Folder of the site's Markdown pages.")
    var content: String = "content"

    func validate() throws {
        guard let k = NewPage.kind(named: kind) else {
            throw ValidationError("unknown kind `\(kind)`: use country, actor, policy, source or page")
        }
        if let type, !NewPage.types(of: k).contains(type) {
            let allowed = NewPage.types(of: k)
            throw ValidationError(allowed.isEmpty ? "a \(kind) page has no `type`"
                                  : "`\(type)` is not a type of \(kind): use one of \(allowed.joined(separator: ", "))")
        }
        if title.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("the title is empty") }
    }

    func run() throws {
        let k = NewPage.kind(named: kind)!
        let dir = url(content)
        let display = BuildOptions(root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).display(dir)
        guard let slug = slug ?? NewPage.slug(for: title), NewPage.isValidSlug(slug) else {
            throw fail(.error(display, .file, "cannot make a slug from `\(self.slug ?? title)`: pass --slug with lower-case letters, digits and hyphens"))
        }
        if let (path, reason) = NewPage.conflict(slug: slug, kind: k, contentDir: dir) {
            throw fail(.error(path.map { display + "/" + $0 } ?? display, .file, reason))
        }
        let rel = (k.folder.map { $0 + "/" } ?? "") + slug + ".md"
        let file = dir.appendingPathComponent(rel)
        let clash = NewPage.pageNamed(title, contentDir: dir, displayPrefix: display)
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(NewPage.text(kind: k, title: title.trimmingCharacters(in: .whitespaces), slug: slug, type: type).utf8)
                .write(to: file, options: .withoutOverwriting)
        } catch {
            throw fail(.error(display + "/" + rel, .file, "cannot write the page: \(error.localizedDescription)"))
        }
        print("created \(display)/\(rel)")
        if let clash {
            var report = DiagnosticReport(color: DiagnosticReport.stderrTakesColor)
            FileHandle.standardError.write(Data(report.render(.warning(display + "/" + rel, SourceLocation(line: 2, column: 8),
                "`\(title)` already names \(clash): wiki links by this title will be ambiguous; give one of the pages another title")).utf8))
        }
        if k == .source {
            print("put the document's text in the source-texts folder as \(slug).txt")
        }
    }
}

/// Where the writers' commands read from.
struct ReadOptions: ParsableArguments {
    @Option(name: .long, help: "Folder of the site's Markdown pages.")
    var content: String = "content"

    @Option(name: .long, help: "Site settings file.")
    var config: String = "sitegen.yml"

    @Option(name: .long, help: "Folder of the source documents.")
    var sourceTexts: String?

    var buildOptions: BuildOptions {
        var o = BuildOptions(root: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        o.contentDir = url(content)
        o.configFile = url(config)
        o.sourceTexts = sourceTexts.map(url)
        return o
    }
}

struct Quote: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find words in a source's document and print each passage with a citation ready to paste.",
        discussion: "Case, white space, line breaks and the forms of quotes and dashes do not matter. When nothing matches, the closest passages are shown and the exit status is 1.")

    @Argument(help: "The source page: its slug, title or alias.")
    var source: String

    @Argument(help: "The words to find, such as \"humanitarian catastrophe\".")
    var words: String

    @OptionGroup var read: ReadOptions

    func run() throws {
        switch QuoteSearch.run(options: read.buildOptions, source: source, words: words) {
        case let .failure(f):
            throw fail(f.diagnostics[0])
        case let .success(out):
            print(out.text, terminator: "")
            if !out.found { throw ExitCode(1) }
        }
    }
}

struct MentionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mentions",
        abstract: "List places where text names another page's title or alias without linking it.",
        discussion: "Code, links, headings, quoted material and citation quotes are left out. By default each page lists the first mention of each page it does not link yet.")

    @Argument(help: "Only mentions of this page (slug, title, alias or file path).")
    var page: String?

    @Option(name: .customLong("in"), help: "Only mentions in this page (slug, title, alias or file path).")
    var within: String?

    @Flag(name: .long, help: "Every mention, also of pages the text links elsewhere.")
    var all = false

    @OptionGroup var read: ReadOptions

    func run() throws {
        switch Mentions.report(options: read.buildOptions, of: page, in: within, all: all) {
        case let .failure(f):
            throw fail(f.diagnostics[0])
        case let .success((lines, pages)):
            for l in lines { print(l) }
            let n = lines.count
            FileHandle.standardError.write(Data((n == 0 ? "no unlinked mentions\n"
                : "\(n) unlinked mention\(n == 1 ? "" : "s") in \(pages) page\(pages == 1 ? "" : "s")\n").utf8))
        }
    }
}

struct Sitegen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract: "Build a cross-linked briefing wiki from annotated Markdown.",
        version: SitegenVersion.string,
        subcommands: [Build.self, Check.self, Serve.self, New.self, Quote.self, MentionsCommand.self],
        defaultSubcommand: Build.self
    )
}

/// The pipe that the stop signals of `sitegen serve` write to (see the entry point).
nonisolated(unsafe) var stopPipe: (read: Int32, write: Int32) = (-1, -1)

// Exit codes: 0 success, 1 content errors, 2 bad usage.
/// Ends the process for an error thrown by parsing or by a command.
func finish(_ error: Error) -> Never {
    if let code = error as? ExitCode { exit(code.rawValue) }
    let message = Sitegen.fullMessage(for: error)
    if Sitegen.exitCode(for: error) == .success {
        print(message)
        exit(0)
    }
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

// mimalloc is the allocator of the whole process: linked into the executable, its `malloc` and `free`
// take the place of the C library's for all code, Swift's runtime included. Calling one of its own
// functions keeps the linker from dropping the library as unused.
_ = mi_version()

// `serve` stops on Ctrl-C and SIGTERM. The handler is installed here, before anything else runs, and
// only writes a byte to a pipe that a thread of `serve` reads: a signal sent however early is kept.
if CommandLine.arguments.dropFirst().first == "serve" {
    var fds: [Int32] = [-1, -1]
    if pipe(&fds) == 0 {
        stopPipe = (fds[0], fds[1])
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            var byte: UInt8 = 1
            _ = write(stopPipe.write, &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
    }
}

// The entry point is synchronous: `build` and `check` run on the main thread, and only `serve` starts
// the concurrency runtime (profilers such as valgrind cannot follow an asynchronous main).
do {
    let command = try Sitegen.parseAsRoot()
    if var asyncCommand = command as? AsyncParsableCommand {
        Task {
            do {
                try await asyncCommand.run()
                exit(0)
            } catch {
                finish(error)
            }
        }
        dispatchMain()
    } else {
        var syncCommand = command
        try syncCommand.run()
    }
} catch {
    finish(error)
}
