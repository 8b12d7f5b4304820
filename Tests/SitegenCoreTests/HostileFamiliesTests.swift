import Foundation
import XCTest
@testable import SitegenBuild
@testable import SitegenGraph
@testable import SitegenLoad
@testable import SitegenMarkdown
@testable import SitegenModel
@testable import SitegenViews
@testable import SiteTemplates

/// Processor seconds `body` takes, on all threads: unlike the time on the clock, it does not grow when
/// other work shares the machine, so the bounds below hold on a busy CI machine too.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    let start = now()
    try body()
    return now() - start
}

/// How much slower than a plain debug build the tests run: a sanitizer (Thread Sanitizer in CI) makes
/// everything several times slower, and SITEGEN_TEST_TIME_SCALE can widen the bounds on a slow machine.
let timeScale: Double = {
    let sanitized = dlsym(nil, "__tsan_init") != nil || dlsym(nil, "__asan_init") != nil
    let extra = ProcessInfo.processInfo.environment["SITEGEN_TEST_TIME_SCALE"].flatMap(Double.init) ?? 1
    return (sanitized ? 8 : 1) * extra
}()

/// Runs `body` and fails when it takes longer than `bound` seconds (times `timeScale`): a hang or a
/// quadratic blow-up fails the case instead of the suite's time limit. The bounds are generous for a
/// debug build on a busy machine; the linear cases take tens of milliseconds in release.
@discardableResult
func within<T>(_ bound: Double, _ what: String, file: StaticString = #filePath, line: UInt = #line,
               _ body: () throws -> T) rethrows -> T {
    var result: T?
    let t = try seconds { result = try body() }
    XCTAssertLessThan(t, bound * timeScale, "\(what) took \(String(format: "%.2f", t)) s", file: file, line: line)
    return result!
}

/// An annotation handler that resolves every link and citation and records where they were.
struct RecordingHandler: AnnotationHandler {
    var links: [(String, SourceLocation)] = []
    var citations: [(String, SourceLocation)] = []
    var problems: [String] = []

    mutating func wikiLink(target: String, label: String?, at: SourceLocation) -> (href: String, summary: String, label: String)? {
        links.append((target, at))
        return ("#", "", label ?? target)
    }

    mutating func citation(source: String, quote: String?, at: SourceLocation) -> CitationMark? {
        citations.append((source, at))
        return CitationMark(number: citations.count, markID: "", href: "#ref-1")
    }

    mutating func error(_ loc: SourceLocation, _ message: String) { problems.append("\(loc.line):\(loc.column): \(message)") }
    mutating func warning(_ loc: SourceLocation, _ message: String) { problems.append("\(loc.line):\(loc.column): \(message)") }
}

/// Runs the annotation pass over `markdown` with the site's markup: the handler, the headings and the HTML.
func annotate(_ markdown: String) -> (RecordingHandler, [Heading], String) {
    var pass = AnnotationPass(handler: RecordingHandler(), markup: SiteMarkup())
    let doc = MarkdownDocument(markdown)
    let headings = pass.annotate(doc, lineBase: 0)
    return (pass.handler, headings, doc.renderHTML().string)
}

/// Families of hostile or careless input: each case is bounded in time and checks the output is right.
final class HostileFamiliesTests: XCTestCase {
    let country = "title: X\nsummary: Y.\ntype: country"

    func site(_ files: [String: String]) throws -> TempSite {
        var all: [String: String] = [
            "content/sources/report.md": TempSite.source,
            "texts/report.txt": TempSite.sourceText,
            "content/countries/mexico.md": page("title: Mexico\nsummary: A country.\ntype: country", "## Migration\n\nText [@report]."),
        ]
        for (k, v) in files { all[k] = v }
        return try TempSite(all)
    }

    // MARK: annotations: line and column found in one pass

    func testTwoHundredThousandCitationsOnOneLine() {
        let n = 200_000
        let (h, _, html) = within(3, "200,000 citations on one line") { annotate(String(repeating: "[@x]", count: n)) }
        XCTAssertEqual(h.citations.count, n)
        XCTAssertEqual(h.citations.last.map { [$0.1.line, $0.1.column] }, [1, 4 * (n - 1) + 1])
        XCTAssertTrue(html.hasPrefix("<p><sup class=\"cite\">"))
    }

    func testCitationsAcrossManyLinesKeepTheirLines() {
        let n = 50_000
        let (h, _, _) = within(3, "50,000 citations on 50,000 lines") {
            annotate((0..<n).map { _ in "a [@x]" }.joined(separator: "\n"))
        }
        XCTAssertEqual(h.citations.count, n)
        XCTAssertEqual(h.citations.last.map { [$0.1.line, $0.1.column] }, [n, 3])
    }

    func testFiveMegabyteLineOfLinks() {
        // Half a million links: about a second in release, ten in a debug build, so the bound is wide
        // and linearity is checked against a line of one fifth the size.
        let link = "[[links]] "
        let n = 5_000_000 / link.utf8.count
        let tSmall = seconds { _ = annotate(String(repeating: link, count: n / 5)) }
        var h = RecordingHandler()
        let t = seconds { h = annotate(String(repeating: link, count: n)).0 }
        XCTAssertLessThan(t, 30 * timeScale, "a 5 MB line of wiki links")
        XCTAssertLessThan(t, max(tSmall, 0.05) * 10, "1 MB: \(tSmall) s, 5 MB: \(t) s")
        XCTAssertEqual(h.links.count, n)
        XCTAssertEqual(h.links.last.map { [$0.1.line, $0.1.column] }, [1, link.utf8.count * (n - 1) + 1])
    }

    func testAnnotationColumnsCountCharactersOfTheSourceLine() {
        // cmark's columns count bytes and lose the indentation of continuation lines and escapes.
        let markdown = """
        Text that goes on
           indented [[A]] and [@b]
        *é* [[C]] and \\* \\[ [[D]] &amp; [@e]
        > quoted
        >   more [[F]]
        - item
          continued [[G]]
        \\[[not]] [[H]] `[[code]]` [[I]]

        x `[[code]]` [[J]]
        """
        let (h, _, _) = annotate(markdown)
        let at = h.links.map { "\($0.0)@\($0.1.line):\($0.1.column)" } + h.citations.map { "\($0.0)@\($0.1.line):\($0.1.column)" }
        XCTAssertEqual(at, ["A@2:13", "C@3:5", "D@3:21", "F@5:10", "G@7:13", "not@8:2", "H@8:10", "I@8:27", "J@10:14", "b@2:23", "e@3:33"])
    }

    func testAnnotationLinesAfterAHardLineBreak() {
        // cmark reports the text after `\` + line break, and all after it, one line too early.
        let (h, _, _) = annotate("Share: x \\\n\"more\n[[D]] that\n  [[C]] and  \n[[E]]\n\n*a*\\\nb [[F]]")
        XCTAssertEqual(h.links.map { "\($0.0)@\($0.1.line):\($0.1.column)" }, ["D@3:1", "C@4:3", "E@5:1", "F@8:3"])
        // A link spanning lines (which cmark puts on its last line), a code span over two lines, inline HTML.
        let (g, _, _) = annotate("a [see\nthis](http://x)\n[[G]] `code\nspan` [[H]] <b\nx=1> [[I]]")
        XCTAssertEqual(g.links.map { "\($0.0)@\($0.1.line):\($0.1.column)" }, ["G@3:1", "H@4:7", "I@5:6"])
    }

    func testUnclosedAnnotationsOnALongLine() {
        let (h, _, _) = within(3, "100,000 unclosed citations") { annotate(String(repeating: "[@x \"", count: 100_000)) }
        XCTAssertEqual(h.citations.count, 0)
        XCTAssertEqual(h.problems.count, 1)
    }

    // MARK: broken and ambiguous links across many pages

    /// `n` pages that each link the misspelled `[[Mexcio]]`.
    func misspelledSite(_ n: Int) throws -> TempSite {
        var files: [String: String] = [:]
        for i in 0..<n {
            files["content/countries/c\(i).md"] = page("title: Country \(i)\nsummary: Y.\ntype: country", "See [[Mexcio]] [@report].")
        }
        return try site(files)
    }

    func testManyPagesLinkingOneMisspelledNameIsLinear() throws {
        let small = try misspelledSite(500), large = try misspelledSite(2_000)
        var errors: [String] = []
        let tSmall = seconds { _ = small.check() }
        let tLarge = seconds { errors = large.errors() }
        XCTAssertLessThan(tLarge, 20 * timeScale, "2,000 pages with one broken link each")
        XCTAssertEqual(errors.count, 2_000)
        XCTAssertTrue(errors.allSatisfy { $0.hasSuffix("broken wiki link: no page matches `Mexcio`; did you mean `Mexico`?") }, errors.first ?? "")
        // Four times the pages: linear is about 4×, quadratic 16×.
        XCTAssertLessThan(tLarge, max(tSmall, 0.05) * 9, "500 pages: \(tSmall) s, 2,000 pages: \(tLarge) s")
    }

    func testAmbiguousLinksToThousandsOfSameTitledPagesStayShort() throws {
        var files: [String: String] = [:]
        for i in 0..<2_000 {
            files["content/actors/same-\(i).md"] = page("title: Same\nsummary: Y.\ntype: person", "See [[Same]] [@report].")
        }
        let s = try site(files)
        let errors = within(20, "2,000 same-titled pages linking each other") { s.errors() }
        XCTAssertEqual(errors.count, 2_000)
        let bytes = errors.reduce(0) { $0 + $1.utf8.count }
        XCTAssertLessThan(errors.map(\.utf8.count).max() ?? 0, 400, errors.first ?? "")
        XCTAssertLessThan(bytes, 1_000_000)
        XCTAssertTrue(errors[0].contains("and 1997 more; use the kind-qualified slug"), errors[0])
    }

    // MARK: heading ids

    func testTenThousandIdenticalHeadings() {
        let (_, headings, _) = within(3, "10,000 identical headings") { annotate(String(repeating: "## Notes\n\n", count: 10_000)) }
        XCTAssertEqual(headings.count, 10_000)
        XCTAssertEqual(Set(headings.map(\.id)).count, 10_000)
        XCTAssertEqual(headings.prefix(3).map(\.id), ["notes", "notes-2", "notes-3"])
    }

    func testHeadingsLikeTheirDeduplicatedIDs() {
        let (_, headings, _) = within(3, "headings named like numbered ids") {
            annotate((["A", "A", "A-2", "A 2", "A-3"] + Array(repeating: "A", count: 2_000)).map { "## \($0)\n" }.joined())
        }
        XCTAssertEqual(Set(headings.map(\.id)).count, headings.count)
        // The first heading with a text keeps its slug, so `[[#A-2]]` lands on `A-2`, not the second `A`.
        XCTAssertEqual(headings.prefix(5).map(\.id), ["a", "a-4", "a-2", "a-2-2", "a-3"])
        XCTAssertEqual(headings[5].id, "a-5")
    }

    func testEmojiAndNonLatinHeadingsGetDistinctIDs() throws {
        let titles = ["🎉", "🎊", "🎉🎊", "Москва", "Київ", "日本", "中国", "Ελλάδα", "مصر", "🎉"]
        let (_, headings, _) = annotate(titles.map { "## \($0)\n" }.joined())
        let ids = headings.map(\.id)
        XCTAssertEqual(Set(ids).count, titles.count, "\(ids)")
        XCTAssertFalse(ids.contains("section"), "\(ids)")
        XCTAssertEqual(ids[0], "u1f389")
        XCTAssertEqual(ids[3], "moskva")
        XCTAssertEqual(ids.last, "u1f389-2")
    }

    func testEmojiHeadingLinksLandOnTheirHeadingOnly() throws {
        let s = try site([
            "content/countries/x.md": page(country, "## 🎊\n\nText [@report]. See [[#🎉]] and [[Mexico#🎉]]."),
            "content/countries/y.md": page("title: Z\nsummary: Y.\ntype: country", "## 🎉\n\n## Москва\n\nSee [[#🎉]], [[#Москва]], [[X#🎊]] and [[X]] [@report]."),
        ])
        XCTAssertEqual(s.errors(), [
            "content/countries/x.md:8:21: error: no heading `u1f389` on content/countries/x.md; its headings are `🎊`",
            "content/countries/x.md:8:32: error: no heading `u1f389` on content/countries/mexico.md; its headings are `Migration`",
        ])
    }

    func testHeadingsNeverTakeTheTemplatesIDs() throws {
        let reserved = ["ref-1", "cite-1-1", "toc-title", "search-input", "map-title", "references", "m-other-figures", "y2020"]
        let (_, headings, _) = within(3, "headings named like template ids") {
            annotate((reserved + ["Ref notes", "M", "M", "Ref", "Ref", "Cite", "Cite"]).map { "## \($0)\n" }.joined())
        }
        let ids = headings.map(\.id)
        let markup = SiteMarkup()
        XCTAssertEqual(Set(ids).count, ids.count, "\(ids)")
        for id in ids { XCTAssertFalse(markup.isReservedID(id), id) }
        XCTAssertEqual(Array(ids.prefix(4)), ["h-ref-1", "h-cite-1-1", "h-toc-title", "h-search-input"])

        // A link to such a heading lands on it, and citation marks keep their own ids.
        let s = try site(["content/countries/x.md": page(country, "## ref-1\n\n## Toc title\n\nText [@report]. See [[#ref-1]] and [[X#Toc title]].")])
        XCTAssertEqual(s.errors(), [])
        _ = s.build()
        let html = try XCTUnwrap(s.read("public/countries/x/index.html"))
        XCTAssertTrue(html.contains(#"<h2 id="h-ref-1">"#), html)
        XCTAssertTrue(html.contains(##"href="#h-ref-1""##))
        XCTAssertTrue(html.contains(##"href="#h-toc-title""##))
        for id in ["ref-1", "toc-title", "cite-1-1"] {
            XCTAssertLessThanOrEqual(html.components(separatedBy: "id=\"\(id)\"").count - 1, 1, id)
        }
    }

    // MARK: figures page

    func testFigureMeasureIDsAreDistinct() throws {
        func figure(_ measure: String?, _ value: Int) -> String {
            """
              - label: Figure \(value)
                value: \(value)
                unit: people
                as_of: "2022"
            \(measure.map { "    measure: \($0)\n" } ?? "")    source: report
                quote: "grave security threat"
            """
        }
        let figures = [figure("Border encounters", 1), figure("border-encounters", 2), figure("Other", 3),
                       figure("Other figures", 4), figure(nil, 5), figure("Border Encounters!", 6)]
        let s = try site(["content/countries/x.md": page(country + "\nfigures:\n" + figures.joined(separator: "\n"))])
        XCTAssertEqual(s.errors(), [])
        _ = s.build()
        let html = try XCTUnwrap(s.read("public/figures/index.html"))
        let ids = html.components(separatedBy: "<h2 id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        XCTAssertEqual(ids.count, 6, "\(ids)")
        XCTAssertEqual(Set(ids).count, ids.count, "\(ids)")
        for id in ids { XCTAssertEqual(html.components(separatedBy: "id=\"\(id)\"").count - 1, 1, id) }
    }

    // MARK: paths and output folders

    func testOnlyRegularFilesAndFoldersAreCopiedFromAssets() throws {
        let s = try site([:])
        let assets = s.root.appendingPathComponent("templates/assets")
        XCTAssertEqual(mkfifo(assets.appendingPathComponent("pipe").path, 0o644), 0)
        try FileManager.default.createSymbolicLink(atPath: assets.appendingPathComponent("passwd").path, withDestinationPath: "/etc/passwd")
        try FileManager.default.createDirectory(at: assets.appendingPathComponent("sub/deeper"), withIntermediateDirectories: true)
        try s.write("templates/assets/sub/deeper/ok.txt", "fine")
        try FileManager.default.createSymbolicLink(atPath: assets.appendingPathComponent("sub/up").path, withDestinationPath: "..")
        let socketPath = assets.appendingPathComponent("sock").path
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { buf in
            for (i, b) in socketPath.utf8.prefix(buf.count - 1).enumerated() { buf[i] = b }
        }
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        XCTAssertEqual(bound, 0, "bind \(socketPath)")

        let result = within(5, "a build next to a FIFO") { s.build() }
        let errors = result.diagnostics.filter { $0.severity == .error }.map(\.description)
        let tail = "in the assets folder is not copied to the site; assets are regular files and folders"
        XCTAssertEqual(errors, [
            "templates/assets/passwd: error: a symbolic link \(tail)",
            "templates/assets/pipe: error: a named pipe (FIFO) \(tail)",
            "templates/assets/sock: error: a socket \(tail)",
            "templates/assets/sub/up: error: a symbolic link \(tail)",
        ])
        XCTAssertNil(s.read("public/index.html"))

        // Without them the regular files are copied, as files.
        for name in ["pipe", "passwd", "sock", "sub/up"] { try FileManager.default.removeItem(at: assets.appendingPathComponent(name)) }
        XCTAssertEqual(s.build().diagnostics.filter { $0.severity == .error }, [])
        XCTAssertEqual(s.read("public/assets/sub/deeper/ok.txt"), "fine")
        XCTAssertNotNil(s.read("public/assets/style.css"))
    }

    func testOutputFolderThatIsASymbolicLinkStaysOne() throws {
        let s = try site([:])
        let fm = FileManager.default
        let real = s.root.appendingPathComponent("elsewhere/site")
        try fm.createDirectory(at: real, withIntermediateDirectories: true)
        let link = s.root.appendingPathComponent("public").path
        try fm.createSymbolicLink(atPath: link, withDestinationPath: "elsewhere/site")
        for _ in 0..<2 {
            XCTAssertEqual(s.build().diagnostics.filter { $0.severity == .error }, [])
            XCTAssertEqual(try fm.destinationOfSymbolicLink(atPath: link), "elsewhere/site")
            XCTAssertTrue(fm.fileExists(atPath: real.appendingPathComponent("index.html").path))
        }
        XCTAssertEqual(try fm.contentsOfDirectory(atPath: s.root.appendingPathComponent("elsewhere").path), ["site"])

        // A link to nothing is refused, and left as it is.
        try fm.removeItem(atPath: link)
        try fm.createSymbolicLink(atPath: link, withDestinationPath: "missing")
        XCTAssertEqual(s.build().diagnostics.filter { $0.severity == .error }.map(\.description), [
            "public: error: cannot write output: the output folder is a symbolic link to `missing`, which does not exist; create that folder or remove the link",
        ])
        XCTAssertEqual(try fm.destinationOfSymbolicLink(atPath: link), "missing")
    }

    func testStaleStagingFoldersOfDeadBuildsAreRemoved() throws {
        let s = try site([:])
        let fm = FileManager.default
        // A PID above the kernel's limit belongs to no process; PID 1 always runs.
        let dead = "999999999", alive = "1"
        try s.write(".public.new-\(dead)/countries/x/index.html", "half-written")
        try s.write(".public.old-\(dead)/index.html", "old")
        try s.write(".public.new-\(alive)/index.html", "another build")
        try s.write(".public.new-notapid/index.html", "not sitegen's")
        XCTAssertEqual(s.build().diagnostics.filter { $0.severity == .error }, [])
        let left = try fm.contentsOfDirectory(atPath: s.root.path).filter { $0.hasPrefix(".public") }.sorted()
        XCTAssertEqual(left, [".public.new-1", ".public.new-notapid"])

        // A build killed between its two renames left the previous output only in `.old-PID`: it is put back.
        try fm.moveItem(at: s.root.appendingPathComponent("public"), to: s.root.appendingPathComponent(".public.old-\(dead)"))
        try s.write("content/countries/bad.md", page(country, "[[Nowhere]]"))
        XCTAssertTrue(s.build().hasErrors)
        XCTAssertNotNil(s.read("public/index.html"))
        XCTAssertFalse(fm.fileExists(atPath: s.root.appendingPathComponent(".public.old-\(dead)").path))
        XCTAssertTrue(try String(contentsOf: repoRoot.appendingPathComponent(".gitignore"), encoding: .utf8).contains("/.public.*/"))
    }

    func testFullDiskIsNamedAndBlamesTheOutputFolder() throws {
        XCTAssertEqual(OutputFolder.describe(errno: ENOSPC), "no space left on device")
        let wrapped = NSError(domain: NSCocoaErrorDomain, code: CocoaError.fileWriteOutOfSpace.rawValue, userInfo: [
            NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC)),
            NSFilePathErrorKey: "/x/.public.new-12/countries/x/index.html",
        ])
        XCTAssertEqual(OutputFolder.describe(wrapped), "no space left on device")
        // Creating a folder on a full disk gives Foundation's error alone.
        XCTAssertEqual(OutputFolder.describe(CocoaError(.fileWriteOutOfSpace)), "no space left on device")

        // A write that fails with ENOSPC (a file that is /dev/full) is reported as the output folder's problem.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-full-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let staged = try StagedOutput(output: dir.appendingPathComponent("public"))
        defer { staged.discard() }
        try FileManager.default.createSymbolicLink(atPath: staged.staging.path + "/full.html", withDestinationPath: "/dev/full")
        XCTAssertEqual(staged.write("full.html", Data("x".utf8)), "no space left on device")
        var stats = BuildCache.Stats()
        let outcome = Site.renderOutputs([Site.Output(path: "full.html", key: { nil }, render: { Array("<p>x</p>".utf8) })],
                                         cache: nil, staged: staged, stats: &stats)
        XCTAssertEqual(outcome.problems, ["cannot write output: no space left on device"])
    }

    /// Output folders are made a level at a time, each once; a file in a folder's way is named.
    func testOutputFoldersAreMadeOnceAndAFileInTheWayIsNamed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-folders-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let staged = try StagedOutput(output: dir.appendingPathComponent("public"))
        defer { staged.discard() }
        let paths = ["index.html", "a/index.html", "a/b/c/index.html", "a/b/index.html", "d/e/f/g/x.js", "a/b/c/dossier/index.html"]
        try staged.makeFolders(for: paths + paths)
        for folder in ["a", "a/b", "a/b/c", "a/b/c/dossier", "d", "d/e", "d/e/f", "d/e/f/g"] {
            var isDir: ObjCBool = false
            XCTAssertTrue(FileManager.default.fileExists(atPath: staged.staging.path + "/" + folder, isDirectory: &isDir) && isDir.boolValue, folder)
        }
        XCTAssertNil(staged.write("a/b/c/dossier/index.html", bytes: Array("x".utf8)))
        // Made again over what is there: nothing fails.
        try staged.makeFolders(for: paths)
        XCTAssertTrue(FileManager.default.createFile(atPath: staged.staging.path + "/h", contents: Data()))
        XCTAssertThrowsError(try staged.makeFolders(for: ["h/i/index.html"])) { error in
            XCTAssertEqual(OutputFolder.describe(error), "`h`: a file is in the way of the folder")
        }
    }

    func testSummaryCountsQuotesNotFound() throws {
        let s = try site(["content/countries/x.md": page(country, "Claim [@report \"grave security threat\"], [@report \"not in the text\"].")])
        let stats = s.check().stats
        XCTAssertEqual(stats.quotesChecked, 2)
        XCTAssertEqual(stats.quotesNotFound, 1)
        let p = Process()
        p.executableURL = CLITests.binaryURL
        p.arguments = ["check", "-q"]
        p.currentDirectoryURL = s.root
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertTrue(stderr.contains("1 of 2 quotes verified"), stderr)
    }
}
