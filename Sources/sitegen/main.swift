import ArgumentParser
import Foundation
import SitegenBuild
import SitegenModel
import SitegenServer

/// Options shared by `build` and `check`.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: "Folder of the site's Markdown pages.")
    var content: String = "content"

    @Option(name: .long, help: "Folder of the Mustache templates (and assets/).")
    var templates: String = "templates"

    @Option(name: .long, help: "Site settings file.")
    var config: String = "sitegen.yml"

    @Option(name: .long, help: "Folder of the source documents; quotes are checked against them.")
    var sourceTexts: String?

    @Flag(name: .long, help: "Treat warnings as errors.")
    var warningsAsErrors = false

    @Flag(name: .shortAndLong, help: "Print only diagnostics and the summary.")
    var quiet = false

    func buildOptions(output: String = "public", basePath: String = "/") -> BuildOptions {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        var o = BuildOptions(root: cwd)
        o.contentDir = URL(fileURLWithPath: content, relativeTo: cwd).standardizedFileURL
        o.templatesDir = URL(fileURLWithPath: templates, relativeTo: cwd).standardizedFileURL
        o.configFile = URL(fileURLWithPath: config, relativeTo: cwd).standardizedFileURL
        o.outputDir = URL(fileURLWithPath: output, relativeTo: cwd).standardizedFileURL
        o.sourceTexts = sourceTexts.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL }
        o.basePath = basePath
        return o
    }
}

enum Report {
    static func print(_ result: BuildResult, verb: String, started: Date, warningsAsErrors: Bool) -> Int32 {
        var err = FileHandle.standardError
        for d in result.diagnostics { Swift.print(d, to: &err) }
        let s = result.stats
        let kinds = PageKind.allCases.compactMap { k -> String? in
            guard let n = s.pagesByKind[k], n > 0 else { return nil }
            return "\(n) \(n == 1 ? k.singular.lowercased() : k.plural.lowercased().replacingOccurrences(of: " and regions", with: ""))"
        }
        let total = s.pagesByKind.values.reduce(0, +)
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.count - errors
        let verified = s.quotesChecked - s.quotesUnverified - s.quotesNotFound
        let elapsed = String(format: "%.2f s", Date().timeIntervalSince(started))
        var line = "\(verb) \(total) pages (\(kinds.joined(separator: ", "))); \(s.linksResolved) links resolved; "
        line += "\(s.citations) citations, \(verified) of \(s.quotesChecked) quotes verified; "
        line += "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"); \(elapsed)"
        Swift.print(line, to: &err)
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
        var s = Site(options: site.buildOptions(output: output, basePath: path))
        if !site.quiet { s.progress = { Swift.print($0) } }
        let code = Report.print(s.build(), verb: "built", started: started, warningsAsErrors: site.warningsAsErrors)
        if code != 0 { throw ExitCode(code) }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run every check of a build without writing anything.")

    @OptionGroup var site: SiteOptions

    func run() throws {
        let started = Date()
        var s = Site(options: site.buildOptions())
        if !site.quiet { s.progress = { Swift.print($0) } }
        var (result, _, _) = s.check()
        // The output folder a build would write to is checked too.
        result.diagnostics = s.outputProblems() + result.diagnostics
        let code = Report.print(result, verb: "checked", started: started, warningsAsErrors: site.warningsAsErrors)
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
        let server = try DevServer(options: site.buildOptions(), port: port)
        server.log = { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        // Ctrl-C stops the server cleanly.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let signals = [SIGINT, SIGTERM].map { DispatchSource.makeSignalSource(signal: $0, queue: .main) }
        for source in signals {
            source.setEventHandler {
                Task { await server.stop() }
            }
            source.resume()
        }
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
        withExtendedLifetime(signals) {}
        print("stopped")
    }
}

struct Sitegen: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract: "Build a cross-linked briefing wiki from annotated Markdown.",
        version: SitegenVersion.string,
        subcommands: [Build.self, Check.self, Serve.self],
        defaultSubcommand: Build.self
    )
}

// Exit codes: 0 success, 1 content errors, 2 bad usage.
/// Runs a parsed command, awaiting it when it is asynchronous.
func execute(_ command: ParsableCommand) async throws {
    if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
    } else {
        var syncCommand = command
        try syncCommand.run()
    }
}

do {
    try await execute(try await Sitegen.asyncParseAsRoot())
} catch let code as ExitCode {
    exit(code.rawValue)
} catch {
    let message = Sitegen.fullMessage(for: error)
    let code = Sitegen.exitCode(for: error)
    if code == .success {
        print(message)
        exit(0)
    }
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}
