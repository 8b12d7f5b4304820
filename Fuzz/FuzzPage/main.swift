import Foundation
import FuzzSupport
import SiteTemplates
@testable import SitegenLoad
import SitegenGraph
import SitegenModel
import SitegenViews

/// A small site around the fuzzed page: a source with its text, a country with a heading, an actor
/// with an alias. The fuzzed bytes are one more page file, resolved and rendered with the page template.
enum Fixture {
    static let loader = ContentLoader(contentDir: URL(fileURLWithPath: "/nonexistent/content"), displayPrefix: "content")
    static let files: [(String, String)] = [
        ("sources/report.md", "---\ntitle: The Report\nsummary: A report.\npublisher: Committee\nauthor: Staff\ndate: 2022-06\nviewpoint: partisan\ndocument: report.txt\n---\nA source.\n"),
        ("countries/mexico.md", "---\ntitle: Mexico\nsummary: A country.\ntype: country\naliases: [Estados Unidos Mexicanos]\n---\n## Migration\n\nText [@report \"grave security threat\"].\n"),
        ("actors/amlo.md", "---\ntitle: Andrés Manuel López Obrador\nsummary: A president.\ntype: person\naliases: [AMLO]\ncountries: [Mexico]\n---\nText [@report].\n"),
    ]
    static let pages: [Page] = files.map { rel, text in
        var d: [Diagnostic] = []
        return loader.loadFile(rel, data: Data(text.utf8), &d)!
    }
    static let texts: SourceTexts = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? Data("The illegal migration crisis presents a grave security threat to the United States.\n44\nCriminal organizations control the routes.\n".utf8)
            .write(to: dir.appendingPathComponent("report.txt"))
        let (t, _) = SourceTexts.load(folder: dir, sources: pages.filter { $0.kind == .source })
        try? FileManager.default.removeItem(at: dir)
        return t
    }()
    static let markup = SiteMarkup()
    static let paths = ["countries/fuzz.md", "actors/fuzz.md", "policies/fuzz.md", "about.md"]
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPage(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start = data else { return 0 }
    guard count > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: start + 1, count: count - 1))
    var diags: [Diagnostic] = []
    let rel = Fixture.paths[Int(start[0]) % Fixture.paths.count]
    guard let page = Fixture.loader.loadFile(rel, data: Data(bytes), &diags) else { return 0 }
    let pages = Fixture.pages + [page]
    let index = SiteIndex(pages: pages, sourceTexts: Fixture.texts)
    let resolved = pages.indices.map { PageResolution.resolve(pages[$0], id: PageID($0), in: index.environment, markup: Fixture.markup) }
    let mine = resolved[pages.count - 1]
    checkDiagnostics(mine.diagnostics, lines: lineCount(bytes))
    checkHeadings(mine.headings, markup: Fixture.markup)
    fuzzCheck(mine.quotesNotFound <= mine.quotesChecked, "more quotes not found than checked")
    let xref = CrossReferences(pages: pages, resolved: resolved)
    let problems = CrossReferences.check(pages: pages, resolved: resolved, xref: xref, hasErrors: false)
    checkDiagnostics(problems.filter { $0.path == page.displayPath }, lines: lineCount(bytes))
    let views = SiteViews(config: SiteConfig(), site: index, resolved: resolved, xref: xref, basePath: "/")
    let html = Templates.page(views.page(PageID(pages.count - 1))).string
    fuzzCheck(!html.contains("<script>alert"), "script injected into the page")
    return 0
}

fuzzMain(fuzzPage)
