import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import SitegenBuild
@testable import SitegenGraph
@testable import SitegenLoad
@testable import SitegenModel
@testable import SitegenViews
@testable import SiteTemplates

/// Tag pages, the change feed, data downloads, structured metadata and dossiers, on the fixture site
/// and on a temporary git repository with fixed commit dates.
final class ReuseOutputTests: XCTestCase {
    static let site = fixturesDir.appendingPathComponent("site")

    /// The fixture site built once (without git history, as the golden files are).
    static let built: (out: URL, files: [String: String], views: SiteViews) = {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("sitegen-reuse-\(UUID().uuidString)")
        var o = BuildOptions(root: site)
        o.outputDir = out
        o.gitHistory = false
        let result = Site(options: o).build()
        precondition(!result.hasErrors, result.diagnostics.map(\.description).joined(separator: "\n"))
        let files = tree(out).mapValues { String(decoding: $0, as: UTF8.self) }
        try? FileManager.default.removeItem(at: out)
        return (out, files, Site(options: o).views()!)
    }()

    var files: [String: String] { Self.built.files }
    var views: SiteViews { Self.built.views }

    // MARK: tags

    func testTagPagesAndIndex() throws {
        let index = try XCTUnwrap(files["tags/index.html"])
        XCTAssertTrue(index.contains(#"<a href="smuggling/">Smuggling</a> <span class="count">2</span>"#), index)
        XCTAssertTrue(index.contains(#"<a href="border-regions/">Border regions</a> <span class="count">1</span>"#))
        let tag = try XCTUnwrap(files["tags/smuggling/index.html"])
        XCTAssertTrue(tag.contains(#"<a href="../../actors/coyote-guild/">Coyote Guild</a>"#))
        XCTAssertTrue(tag.contains(#"<a href="../../countries/freedonia/">Freedonia</a>"#))
        XCTAssertNotNil(files["tags/border-regions/index.html"])
        let page = try XCTUnwrap(files["countries/freedonia/index.html"])
        XCTAssertTrue(page.contains(#"<a class="tag" href="../../tags/smuggling/">smuggling</a> <a class="tag" href="../../tags/border-regions/">Border regions</a>"#))
        // Every page links to the tags index from its footer.
        for (path, html) in files where path.hasSuffix(".html") && path != "404.html" {
            XCTAssertTrue(html.contains(#"tags/">Tags</a>"#), path)
        }
    }

    // MARK: feed

    func testFeedIsValidAtom() throws {
        let xml = try XCTUnwrap(files["feed.xml"])
        let doc = try XMLDocument(xmlString: xml, options: [])
        let root = try XCTUnwrap(doc.rootElement())
        XCTAssertEqual(root.name, "feed")
        XCTAssertEqual(root.uri, "http://www.w3.org/2005/Atom")
        func child(_ e: XMLElement, _ name: String) -> XMLElement? { e.elements(forName: name).first }
        XCTAssertEqual(child(root, "id")?.stringValue, "https://example.org/wiki/feed.xml")
        XCTAssertNotNil(child(root, "author"))
        let entries = root.elements(forName: "entry")
        // Without git history: one entry per page but the home page, dated by the page's own dates.
        XCTAssertEqual(entries.count, views.pages.filter { $0.kind != .home }.count)
        var ids = Set<String>()
        let rfc3339 = try NSRegularExpression(pattern: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"#)
        for e in entries {
            let id = try XCTUnwrap(child(e, "id")?.stringValue)
            XCTAssertTrue(id.hasPrefix("urn:uuid:"), id)
            XCTAssertTrue(ids.insert(id).inserted, "duplicate id \(id)")
            let updated = try XCTUnwrap(child(e, "updated")?.stringValue)
            XCTAssertEqual(rfc3339.numberOfMatches(in: updated, range: NSRange(updated.startIndex..., in: updated)), 1, updated)
            XCTAssertTrue(Self.href(child(e, "link")).hasPrefix("https://example.org/wiki/"), Self.href(child(e, "link")))
            XCTAssertFalse(child(e, "title")?.stringValue?.isEmpty ?? true)
        }
        let titles = entries.compactMap { child($0, "title")?.stringValue }
        XCTAssertTrue(titles.contains("New country: Freedonia"))
        // Newest first: the memo (June 2022) and Freedonia (an event of 1 June 2022) before the pact (March 2021).
        let updated = entries.compactMap { child($0, "updated")?.stringValue }
        XCTAssertEqual(updated, updated.sorted(by: >))
        XCTAssertEqual(child(root, "updated")?.stringValue, updated.first)
        // Linked from every page's head.
        for (path, html) in files where path.hasSuffix(".html") {
            XCTAssertTrue(html.contains(#"<link rel="alternate" type="application/atom+xml""#), path)
        }
    }

    /// A link element's `href` (read from the attribute list: `attribute(forName:)` misses it on Linux).
    static func href(_ e: XMLElement?) -> String {
        e?.attributes?.first { $0.name == "href" || $0.localName == "href" }?.stringValue ?? ""
    }

    // MARK: data downloads

    /// A minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF records.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = ""
        var quoted = false, i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if quoted {
                if c == "\"" {
                    let n = text.index(after: i)
                    if n < text.endIndex && text[n] == "\"" { field.append("\""); i = n } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\r\n" || c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else { field.append(c) }
            i = text.index(after: i)
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    func testCSVQuoting() {
        XCTAssertEqual(SiteViews.csvRecord(["a,b", "c\"d", "e\nf", "g", ""]), "\"a,b\",\"c\"\"d\",\"e\nf\",g,\r\n")
        XCTAssertEqual(Self.parseCSV("x,\"a,\"\"b\"\"\r\nc\"\r\n"), [["x", "a,\"b\"\r\nc"]])
    }

    func testCSVDownloadsHaveOneRowPerRecord() throws {
        let figures = Self.parseCSV(try XCTUnwrap(files["figures.csv"]))
        XCTAssertEqual(figures.first, SiteViews.figuresColumns)
        XCTAssertEqual(figures.count - 1, views.resolved.map(\.figures.count).reduce(0, +))
        XCTAssertEqual(figures.count - 1, 2)
        for row in figures.dropFirst() { XCTAssertEqual(row.count, SiteViews.figuresColumns.count) }
        let col = { (name: String) in SiteViews.figuresColumns.firstIndex(of: name)! }
        XCTAssertEqual(figures[1][col("page")], "Freedonia")
        XCTAssertEqual(figures[1][col("page_url")], "https://example.org/wiki/countries/freedonia/")
        XCTAssertEqual(figures[1][col("value")], "200000")
        XCTAssertEqual(figures[1][col("quote")], "Encounters reached 200,000 in May")
        XCTAssertEqual(figures[1][col("source_title")], "The Memo")
        XCTAssertEqual(figures[1][col("viewpoint")], "restrictionist")

        let events = Self.parseCSV(try XCTUnwrap(files["events.csv"]))
        XCTAssertEqual(events.first, SiteViews.eventsColumns)
        XCTAssertEqual(events.count - 1, views.resolved.map(\.events.count).reduce(0, +))
        XCTAssertEqual(events[1], ["Freedonia", "https://example.org/wiki/countries/freedonia/", "2022-06-01", "The memo is written.",
                                   "memo", "The Memo", "restrictionist", "MEMORANDUM"])

        let citations = Self.parseCSV(try XCTUnwrap(files["citations.csv"]))
        XCTAssertEqual(citations.first, SiteViews.citationsColumns)
        XCTAssertEqual(citations.count - 1, views.resolved.map(\.citations.count).reduce(0, +))
        let quotes = citations.dropFirst().map { $0[SiteViews.citationsColumns.firstIndex(of: "quote")!] }
        XCTAssertTrue(quotes.contains("charge \"up to $8,000\" per person"), "\(quotes)")
        for row in citations.dropFirst() {
            XCTAssertEqual(row.count, SiteViews.citationsColumns.count)
            XCTAssertEqual(row[SiteViews.citationsColumns.firstIndex(of: "viewpoint")!], "restrictionist")
        }
    }

    func testGraphJSONMatchesTheSite() throws {
        let data = Data(try XCTUnwrap(files["graph.json"]).utf8)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let nodes = try XCTUnwrap(json["nodes"] as? [[String: Any]])
        let links = try XCTUnwrap(json["links"] as? [[String: Any]])
        XCTAssertEqual(Set(nodes.compactMap { $0["id"] as? String }), Set(views.pages.map { String($0.relativePath.dropLast(3)) }))
        XCTAssertEqual(nodes.count, views.pages.count)
        var expected = Set<String>()
        for id in views.site.ids {
            for l in views.resolved[id.index].links where l.target != id {
                expected.insert("\(views.graphID(id)) \(views.graphID(l.target)) \(l.via.rawValue)")
            }
        }
        let got = links.map { "\($0["source"] as! String) \($0["target"] as! String) \($0["via"] as! String)" }
        XCTAssertEqual(got.count, Set(got).count, "a link is listed twice")
        XCTAssertEqual(Set(got), expected)
        XCTAssertTrue(got.contains("countries/freedonia countries/ruritania wikiLink"))
        XCTAssertTrue(got.contains("policies/border-pact actors/coyote-guild field"))
        XCTAssertTrue(got.contains("countries/freedonia sources/memo citation"))
        // Linked from the figures and map pages.
        for path in ["figures/index.html", "map/index.html"] {
            for file in ["figures.csv", "events.csv", "citations.csv", "graph.json"] {
                XCTAssertTrue(files[path]!.contains("href=\"../\(file)\""), "\(path) links \(file)")
            }
        }
    }

    // MARK: page metadata

    static func jsonLD(_ html: String) throws -> [String: Any] {
        let open = #"<script type="application/ld+json">"#
        let start = try XCTUnwrap(html.range(of: open))
        let end = try XCTUnwrap(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let text = String(html[start.upperBound..<end.lowerBound])
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func testJSONLDDescribesTheSubjectAndItsCitations() throws {
        let expected = ["countries/freedonia/": "Place", "countries/ruritania/": "Place", "actors/coyote-guild/": "Organization",
                        "policies/border-pact/": "Legislation", "sources/memo/": "CreativeWork"]
        for (path, type) in expected {
            let ld = try Self.jsonLD(try XCTUnwrap(files[path + "index.html"]))
            XCTAssertEqual(ld["@context"] as? String, "https://schema.org")
            XCTAssertEqual(ld["@type"] as? String, "WebPage")
            XCTAssertEqual(ld["url"] as? String, "https://example.org/wiki/" + path)
            XCTAssertEqual((ld["about"] as? [String: Any])?["@type"] as? String, type, path)
        }
        let ld = try Self.jsonLD(files["countries/freedonia/index.html"]!)
        let about = try XCTUnwrap(ld["about"] as? [String: Any])
        XCTAssertEqual(about["name"] as? String, "Freedonia")
        XCTAssertEqual(about["alternateName"] as? [String], ["Republic of Freedonia"])
        let citations = try XCTUnwrap(ld["citation"] as? [[String: Any]])
        XCTAssertEqual(citations.count, views.resolved[views.pages.firstIndex { $0.slug == "freedonia" }!].citations.count)
        XCTAssertEqual(citations.first?["@type"] as? String, "Quotation")
        XCTAssertEqual(citations.first?["text"] as? String, "The smuggling networks charge")
        let work = try XCTUnwrap(citations.first?["isBasedOn"] as? [String: Any])
        XCTAssertEqual(work["@type"] as? String, "CreativeWork")
        XCTAssertEqual(work["name"] as? String, "The Memo")
        // A free page has no subject.
        XCTAssertNil(try Self.jsonLD(files["about/index.html"]!)["about"])

        XCTAssertEqual(SiteViews.schemaType(kind: .actor, type: "person"), "Person")
        XCTAssertEqual(SiteViews.schemaType(kind: .actor, type: "agency"), "GovernmentOrganization")
        XCTAssertEqual(SiteViews.schemaType(kind: .actor, type: "government"), "GovernmentOrganization")
        XCTAssertEqual(SiteViews.schemaType(kind: .actor, type: "organization"), "Organization")
    }

    func testJSONLDCannotCloseItsScript() throws {
        let s = try TempSite([
            "content/sources/report.md": TempSite.source,
            "texts/report.txt": TempSite.sourceText,
            "content/index.md": page("title: Home\nsummary: H", "See [[x]]."),
            "content/countries/x.md": page("title: X\nsummary: \"Ends </script><script>alert(1)</script> <!-- here\"\ntype: country"),
        ])
        XCTAssertFalse(s.build().hasErrors)
        let html = try XCTUnwrap(s.read("public/countries/x/index.html"))
        let ld = try Self.jsonLD(html)
        XCTAssertEqual(ld["description"] as? String, "Ends </script><script>alert(1)</script> <!-- here")
        XCTAssertTrue(html.contains(#"Ends \u003c/script>\u003cscript>alert(1)\u003c/script> \u003c!-- here"#))
    }

    func testOpenGraphOnEveryPage() throws {
        for (path, html) in files where path.hasSuffix(".html") {
            XCTAssertTrue(html.contains(#"<meta property="og:title" content=""#), path)
            XCTAssertTrue(html.contains(#"<meta property="og:type" content=""#), path)
            XCTAssertTrue(html.contains(#"<meta property="og:url" content="https://example.org/wiki/"#), path)
        }
        let page = files["countries/freedonia/index.html"]!
        XCTAssertTrue(page.contains(#"<meta property="og:title" content="Freedonia">"#))
        XCTAssertTrue(page.contains(#"<meta property="og:description" content="A country of origin &amp; transit.">"#))
        XCTAssertTrue(page.contains(#"<meta property="og:type" content="article">"#))
        XCTAssertTrue(page.contains(#"<meta property="og:url" content="https://example.org/wiki/countries/freedonia/">"#))
    }

    func testCiteThisPage() throws {
        let page = files["countries/freedonia/index.html"]!
        XCTAssertTrue(page.contains("<summary>Cite this page</summary>"))
        XCTAssertTrue(page.contains("<p class=\"cite-text\">“Freedonia.” Fixture Wiki. https://example.org/wiki/countries/freedonia/</p>"))
        XCTAssertTrue(page.contains("@misc{fixture-wiki-countries-freedonia,\n  title = {Freedonia},\n  howpublished = {Fixture Wiki},\n  url = {https://example.org/wiki/countries/freedonia/}\n}"))
        XCTAssertEqual(SiteViews.bibtex("A & B_{x}% $1 #2"), "A \\& B\\_\\{x\\}\\% \\$1 \\#2")
        // Without git history there is no date to show.
        XCTAssertFalse(page.contains("Last updated"))
        XCTAssertTrue(page.contains("<p class=\"printed-on\">Printed from Fixture Wiki: https://example.org/wiki/countries/freedonia/</p>"))
    }

    // MARK: dossier

    func testCountryDossierIsOneDocument() throws {
        let html = try XCTUnwrap(files["countries/freedonia/dossier/index.html"])
        XCTAssertTrue(files["countries/freedonia/index.html"]!.contains(#"<a href="dossier/">Print dossier</a>"#))
        XCTAssertNotNil(files["countries/ruritania/dossier/index.html"])
        // The country first, then its policies, then its actors.
        let order = ["id=\"freedonia_-title\"><a href=\"../../../countries/freedonia/\">Freedonia</a>",
                     "id=\"border-pact_-title\"><a href=\"../../../policies/border-pact/\">Border Pact</a>",
                     "id=\"coyote-guild_-title\"><a href=\"../../../actors/coyote-guild/\">Coyote Guild</a>"]
        let positions = try order.map { try XCTUnwrap(html.range(of: $0), $0).lowerBound }
        XCTAssertEqual(positions, positions.sorted())
        XCTAssertEqual(html.components(separatedBy: "<article class=\"dossier-page\"").count, 4)
        // In each section the infobox comes before the text and the references.
        let d1 = html[positions[0]..<positions[1]]
        let info = try XCTUnwrap(d1.range(of: "class=\"infobox\"")).lowerBound
        XCTAssertLessThan(info, try XCTUnwrap(d1.range(of: "class=\"prose\"")).lowerBound)
        XCTAssertLessThan(info, try XCTUnwrap(d1.range(of: "id=\"freedonia_-references\"")).lowerBound)
        // Ids are unique; in-page links name them; links to pages are rebased one folder up.
        let ids = matches(#" id="([^"]+)""#, in: html)
        XCTAssertEqual(ids.count, Set(ids).count, "duplicate ids: \(ids.sorted())")
        for target in matches(##" href="#([^"]+)""##, in: html) {
            XCTAssertTrue(ids.contains(target), "#\(target) names no id")
        }
        XCTAssertTrue(html.contains(#"<h3 id="freedonia_smuggling">"#))
        XCTAssertTrue(html.contains(#"<a class="wl" href="../../../countries/ruritania/""#))
        XCTAssertTrue(html.contains(##"<sup class="cite" id="freedonia_cite-1-1"><a href="#freedonia_ref-1""##))
        // A page's section is the same in every dossier that holds it.
        let pact = try XCTUnwrap(html.range(of: "<article class=\"dossier-page\" id=\"border-pact_-page\""))
        let pactSection = String(html[pact.lowerBound...]).components(separatedBy: "</article>")[0]
        XCTAssertTrue(try XCTUnwrap(files["countries/ruritania/dossier/index.html"]).contains(pactSection))
        XCTAssertFalse(html.contains("href=\"../../actors/"))
    }

    func matches(_ pattern: String, in s: String) -> [String] {
        let re = try! NSRegularExpression(pattern: pattern)
        return re.matches(in: s, range: NSRange(s.startIndex..., in: s)).map { String(s[Range($0.range(at: 1), in: s)!]) }
    }

    func testRelocatedMarkup() {
        let h: HTML = "<h2 id=\"a\">T</h2><p><a href=\"#b\">x</a> <a href=\"../../c/\">y</a> <a href=\"https://e.org/\">z</a> <img src=\"../../assets/i.png\" alt=\"\"> id=\"q\"</p><h10>"
        XCTAssertEqual(h.relocated(idPrefix: "d1-", up: "../", demote: 1).string,
                       "<h3 id=\"d1-a\">T</h3><p><a href=\"#d1-b\">x</a> <a href=\"../../../c/\">y</a> <a href=\"https://e.org/\">z</a> <img src=\"../../../assets/i.png\" alt=\"\"> id=\"q\"</p><h10>")
    }

    // MARK: git history

    func testContentHistoryParsesGitLog() {
        let log = """
        \u{1}bbbb 1700000000

        diff --git a/policies/p.md b/policies/p.md
        index 1..2 100644
        --- a/policies/p.md
        +++ b/policies/p.md
        @@ -5 +5 @@
        -status: active
        +status: "ended"
        @@ -20,0 +21,2 @@
        +> [!DISAGREEMENT] The [[Memo|memo]] and the *report* differ [@memo "x"].
        +> On **counts**.
        \u{1}aaaa 1600000000

        diff --git a/policies/p.md b/policies/p.md
        new file mode 100644
        --- /dev/null
        +++ b/policies/p.md
        @@ -0,0 +1,3 @@
        +status: active
        +> [!DISAGREEMENT] Not new: the page is.
        diff --git a/old page.md b/old page.md
        new file mode 100644
        """
        let h = ContentHistory.parse(log)
        XCTAssertEqual(h.files["policies/p.md"], .init(first: .init(1_600_000_000), last: .init(1_700_000_000)))
        XCTAssertEqual(h.files["old page.md"]?.first, .init(1_600_000_000))
        XCTAssertEqual(h.latest, .init(1_700_000_000))
        XCTAssertEqual(h.changes.map(\.kind), [.status(from: "active", to: "ended"),
                                               .disagreement(text: "The memo and the report differ. On counts.")])
        XCTAssertEqual(ContentHistory.Time(1_700_000_000).rfc3339, "2023-11-14T22:13:20Z")
        XCTAssertEqual(ContentHistory.Time(951_782_400).day, "2000-02-29")
        XCTAssertEqual(ContentHistory.Time(0).display, "1 January 1970")
    }

    /// Runs git in `dir` with fixed author and committer dates.
    @discardableResult
    func git(_ args: [String], in dir: URL, date: String = "2024-01-02T03:04:05Z") throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", dir.path] + args
        var env = ProcessInfo.processInfo.environment
        env["GIT_AUTHOR_DATE"] = date
        env["GIT_COMMITTER_DATE"] = date
        env["GIT_AUTHOR_NAME"] = "T"
        env["GIT_AUTHOR_EMAIL"] = "t@example.org"
        env["GIT_COMMITTER_NAME"] = "T"
        env["GIT_COMMITTER_EMAIL"] = "t@example.org"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "git \(args.joined(separator: " "))")
        return p.terminationStatus
    }

    func testGitHistoryDatesPagesAndFeedsChanges() throws {
        let policy = { (status: String, extra: String) in
            page("title: Pact\nsummary: A pact.\ntype: agreement\nstatus: \(status)\ncountries: [X]", "The pact [@report].\(extra)")
        }
        let s = try TempSite([
            "content/sources/report.md": TempSite.source,
            "texts/report.txt": TempSite.sourceText,
            "content/index.md": page("title: Home\nsummary: H", "See [[x]] and [[Pact]]."),
            "content/countries/x.md": page("title: X\nsummary: A country.\ntype: country"),
            "content/policies/pact.md": policy("active", ""),
        ])
        try git(["init", "-q"], in: s.root)
        try git(["add", "-A"], in: s.root)
        try git(["commit", "-q", "-m", "first"], in: s.root, date: "2024-01-02T03:04:05Z")
        try s.write("content/policies/pact.md", policy("ended", "\n\n> [!DISAGREEMENT] The report and [[X|the country]] differ [@report].\n"))
        try git(["commit", "-q", "-am", "second"], in: s.root, date: "2024-03-04T05:06:07+02:00")
        // An uncommitted edit changes no date.
        try s.write("content/countries/x.md", page("title: X\nsummary: A country, edited.\ntype: country"))

        XCTAssertEqual(s.build().diagnostics.map(\.description), [])
        let first = tree(s.root.appendingPathComponent("public"))
        let pact = try XCTUnwrap(s.read("public/policies/pact/index.html"))
        XCTAssertTrue(pact.contains(#"<p class="last-updated">Last updated <time datetime="2024-03-04">4 March 2024</time></p>"#), pact)
        XCTAssertTrue(pact.contains("“Pact.” Test Wiki. Last updated 4 March 2024. policies/pact/"))
        XCTAssertTrue(pact.contains("  year = {2024},\n  note = {Last updated 4 March 2024},\n  url = {policies/pact/}"))
        XCTAssertTrue(pact.contains(#"Printed from Test Wiki: policies/pact/ · content as of <time datetime="2024-03-04">4 March 2024</time>"#))
        XCTAssertEqual(try Self.jsonLD(pact)["dateModified"] as? String, "2024-03-04")
        let x = try XCTUnwrap(s.read("public/countries/x/index.html"))
        XCTAssertTrue(x.contains(#"Last updated <time datetime="2024-01-02">2 January 2024</time>"#))

        let doc = try XMLDocument(xmlString: try XCTUnwrap(s.read("public/feed.xml")), options: [])
        let root = try XCTUnwrap(doc.rootElement())
        let entries = root.elements(forName: "entry").map { e in
            (e.elements(forName: "title").first!.stringValue!, e.elements(forName: "updated").first!.stringValue!,
             Self.href(e.elements(forName: "link").first))
        }
        XCTAssertEqual(entries.map(\.0), ["New disagreement on Pact", "Pact: status changed from active to ended",
                                          "New country: X", "New policy: Pact",
                                          "New source: The Report"])
        XCTAssertEqual(entries.map(\.1), ["2024-03-04T03:06:07Z", "2024-03-04T03:06:07Z", "2024-01-02T03:04:05Z",
                                          "2024-01-02T03:04:05Z", "2024-01-02T03:04:05Z"])
        XCTAssertEqual(entries[0].2, "policies/pact/")
        XCTAssertEqual(root.elements(forName: "updated").first?.stringValue, "2024-03-04T03:06:07Z")
        let summary = root.elements(forName: "entry").first!.elements(forName: "summary").first!.stringValue
        XCTAssertEqual(summary, "The report and the country differ.")

        // The same repository state gives the same bytes.
        XCTAssertFalse(s.build().hasErrors)
        XCTAssertEqual(tree(s.root.appendingPathComponent("public")), first)
    }

    /// With more pages than the feed holds, it keeps the newest, ties by title, as a sort of them all would.
    func testFeedKeepsTheNewestOfManyPages() throws {
        var files = [
            "content/sources/report.md": TempSite.source,
            "texts/report.txt": TempSite.sourceText,
            "content/index.md": page("title: Home\nsummary: H", "Home."),
        ]
        for k in 0..<130 {
            files["content/policies/p\(k).md"] = page("title: Policy \(k)\nsummary: A pact.\ntype: agreement\nstatus: active\nstart: \"\(1900 + k % 40)\"")
        }
        let s = try TempSite(files)
        XCTAssertFalse(s.build().hasErrors)
        let doc = try XMLDocument(xmlString: try XCTUnwrap(s.read("public/feed.xml")), options: [])
        let titles = try XCTUnwrap(doc.rootElement()).elements(forName: "entry").map { $0.elements(forName: "title").first!.stringValue! }
        let policies = (0..<130).map { (year: 1900 + $0 % 40, title: "New policy: Policy \($0)") }
            .sorted { ($1.year, $0.title) < ($0.year, $1.title) }.map(\.title)
        XCTAssertEqual(titles, ["New source: The Report"] + policies.prefix(SiteViews.feedLimit - 1))
    }

    func testNoRepositoryMeansNoDates() throws {
        let s = try TempSite([
            "content/sources/report.md": TempSite.source,
            "texts/report.txt": TempSite.sourceText,
            "content/index.md": page("title: Home\nsummary: H", "See [[x]]."),
            "content/countries/x.md": page("title: X\nsummary: A country.\ntype: country"),
        ])
        XCTAssertTrue(ContentHistory.load(contentDir: s.root.appendingPathComponent("content")).isEmpty)
        XCTAssertFalse(s.build().hasErrors)
        let x = try XCTUnwrap(s.read("public/countries/x/index.html"))
        XCTAssertFalse(x.contains("Last updated"))
        XCTAssertFalse(x.contains("content as of"))
        let feed = try XCTUnwrap(s.read("public/feed.xml"))
        // The source's date (June 2022) is the newest the content gives.
        XCTAssertTrue(feed.contains("<updated>2022-06-01T00:00:00Z</updated>"), feed)
    }
}
