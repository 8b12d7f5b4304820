import Foundation
import SitegenGraph
import SitegenLoad
import SitegenModel

/// `sitegen quote SOURCE "words"`: the passages of a source's document that hold the words, each
/// with a line of context and a citation ready to paste; the closest passages when none does.
public enum QuoteSearch {
    public struct Output: Sendable {
        /// What to print.
        public var text: String
        /// Whether the words were found as they are.
        public var found: Bool
    }

    /// Looks `words` up in the document of the source page named `source` (slug, title or alias).
    /// A diagnostic says why it could not (no such source, no source texts, no document).
    public static func run(options o: BuildOptions, source: String, words: String) -> Result<Output, BuildFailure> {
        func fail(_ d: Diagnostic) -> Result<Output, BuildFailure> { .failure(BuildFailure([d])) }
        let (config, _) = SiteConfig.load(o.configFile, displayPath: o.display(o.configFile))
        let (pages, _) = ContentLoader(contentDir: o.contentDir, displayPrefix: o.display(o.contentDir)).load()
        let sources = pages.filter { $0.kind == .source }
        var page = sources.first { $0.slug == source }
        if page == nil, case let .page(id) = LinkTable(pages: sources).resolve(source) { page = sources[id] }
        guard let page else {
            var msg = "no source page `\(source)`"
            let starting = sources.map(\.slug).filter { $0.hasPrefix(source.lowercased()) }
            if let s = YAMLReader.suggestion(for: source, among: sources.map(\.slug)) ?? (starting.count == 1 ? starting[0] : nil) {
                msg += "; did you mean `\(s)`?"
            }
            else if !sources.isEmpty { msg += "; the sources are \(sources.map { "`\($0.slug)`" }.joined(separator: ", "))" }
            return fail(.error(o.display(o.contentDir.appendingPathComponent("sources")), .file, msg))
        }
        guard let document = page.meta.document else {
            return fail(.error(page.displayPath, .file, "the source page has no `document`"))
        }
        guard let folder = o.sourceTexts ?? config.sourceTexts else {
            return fail(.error(o.display(o.configFile), .file, "no source texts: set `source_texts` in the config or pass --source-texts"))
        }
        let file = folder.appendingPathComponent(document.value)
        guard let data = FileManager.default.contents(atPath: file.path), case let .success(text) = TextDecoding.decode(data) else {
            return fail(.error(page.displayPath, document.location, "source document `\(document.value)` not found or not UTF-8 text in \(o.display(folder))"))
        }
        let search = SourceTextSearch(text: text, pageHeaders: page.meta.pageHeaders)
        let path = o.display(file)
        let found = search.find(words)
        var out = ""
        if !found.isEmpty {
            for p in found {
                out += show(p, search, path)
                out += "[@\(page.slug) \"\(p.quote)\"]\n\n"
            }
            out += "\(found.count) passage\(found.count == 1 ? "" : "s") of \(path) match\(found.count == 1 ? "es" : "")\n"
            return .success(Output(text: out, found: true))
        }
        let near = search.closest(words)
        if near.isEmpty {
            out += "no passage of \(path) matches or comes close to \"\(clipped(words))\"\n"
        } else {
            out += "no passage of \(path) matches \"\(clipped(words))\"; the closest:\n\n"
            for p in near { out += show(p, search, path) + "\n" }
        }
        return .success(Output(text: out, found: false))
    }

    /// `path:line:`, then the passage's lines marked `>` with one line of context either side marked `|`.
    static func show(_ p: SourceTextSearch.Passage, _ search: SourceTextSearch, _ path: String) -> String {
        let first = max(1, p.firstLine - 1), last = min(search.lines.count, p.lastLine + 1)
        let width = String(last).count
        var out = "\(path):\(p.firstLine):\n"
        for n in first...last {
            let number = String(repeating: " ", count: width - String(n).count) + String(n)
            let mark = (p.firstLine...p.lastLine).contains(n) ? ">" : "|"
            out += " \(number) \(mark) \(search.lines[n - 1])\n"
        }
        return out
    }

    static func clipped(_ s: String) -> String {
        let n = SourceTexts.normalize(s)
        return n.count <= 80 ? n : String(n.prefix(80)) + "…"
    }
}
