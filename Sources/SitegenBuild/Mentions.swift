import Foundation
import SitegenGraph
import SitegenLoad
import SitegenMarkdown
import SitegenModel

/// `sitegen mentions`: places where a page's running text names another page (its title or an alias)
/// without linking it, so that writers can add the links.
///
/// Names are found word by word: every title and alias is split into words and filed under its first
/// word, so that each word of the text is looked up once (longest name first), whatever the number of
/// pages. Names are matched ignoring accents and, mostly, case: all-capital words (`US`, `DHS`) must be
/// written so, and a word that starts with a capital in the name must start with one in the text.
public enum Mentions {
    public struct Mention: Sendable, Equatable {
        public var page: PageID
        public var location: SourceLocation
        /// The words as written.
        public var text: String
        public var target: PageID
        /// A wiki link to write instead: `[[text]]`, or `[[Title|text]]` when the text alone would not resolve.
        public var link: String
    }

    struct Name {
        var words: [String]
        /// Per word, the exact spelling required (all-capital words), else `nil`.
        var exact: [String?]
        /// Per word, whether it must start with a capital letter, as it does in the name (proper nouns:
        /// "Border Patrol" is a name, "border patrol" may not be).
        var capital: [Bool]
        /// `nil` when the name belongs to several pages: it is recognised (so no shorter name inside it
        /// is reported) but names no page.
        var page: PageID?
    }

    /// The names of `pages` filed by their first word, longest first.
    static func names(_ pages: [Page]) -> [String: [Name]] {
        var byWords: [[String]: Name] = [:]
        // Free pages (About) and the home page are not things the text names.
        for (i, p) in pages.enumerated() where p.kind != .home && p.kind != .page {
            var seen = Set<[String]>()
            for name in [p.meta.title] + p.meta.aliases.map(\.value) {
                let written = ProseWord.words(of: name)
                let words = written.map(fold)
                guard !words.isEmpty, seen.insert(words).inserted else { continue }
                let exact = written.map { w -> String? in
                    w.count >= 2 && w.unicodeScalars.allSatisfy { $0.properties.isUppercase || ("0"..."9").contains($0) }
                        && w.unicodeScalars.contains { $0.properties.isUppercase } ? w : nil
                }
                if var other = byWords[words] {
                    if other.page != PageID(i) { other.page = nil }
                    byWords[words] = other
                } else {
                    let capital = written.map { $0.unicodeScalars.first!.properties.isUppercase }
                    byWords[words] = Name(words: words, exact: exact, capital: capital, page: PageID(i))
                }
            }
        }
        var out: [String: [Name]] = [:]
        for n in byWords.values { out[n.words[0], default: []].append(n) }
        for k in out.keys { out[k]!.sort { ($0.words.count, $0.words.joined(separator: " ")) > ($1.words.count, $1.words.joined(separator: " ")) } }
        return out
    }

    static func fold(_ word: String) -> String { LinkTable.key(word) }

    /// The unlinked mentions in `pages`. `of`: only mentions of that page; `in`: only in that page;
    /// `all`: every mention, not only the first of each page in each page that does not link it yet.
    public static func find(pages: [Page], of target: PageID? = nil, in only: PageID? = nil, all: Bool = false) -> [Mention] {
        let index = SiteIndex(pages: pages, sourceTexts: nil)
        let env = index.environment
        let names = names(pages)
        let results = concurrentMap(pages.count) { i -> [Mention] in
            let id = PageID(i)
            let page = pages[i]
            if let only, only != id { return [] }
            // What the page links already: its own wiki links, Markdown links, fields and citations.
            let resolved = PageResolution.resolve(page, id: id, in: env, markup: Site.markup)
            var linked = Set(resolved.links.map(\.target))
            linked.formUnion(resolved.related + resolved.countries + resolved.actors)
            let words = MarkdownDocument(page.body).proseWords(lineBase: page.bodyLineOffset)
            let folded = words.map { fold($0.text) }
            var out: [Mention] = []
            var reported = Set<PageID>()
            var w = 0
            scan: while w < words.count {
                for name in names[folded[w]] ?? [] where w + name.words.count <= words.count {
                    var ok = true
                    for k in 0..<name.words.count {
                        let word = words[w + k]
                        if (k > 0 && !word.continues) || folded[w + k] != name.words[k]
                            || (name.exact[k] != nil && name.exact[k] != word.text)
                            || (name.capital[k] && !word.text.unicodeScalars.first!.properties.isUppercase) { ok = false; break }
                    }
                    guard ok else { continue }
                    if let t = name.page, t != id, target == nil || target == t,
                       all || (!linked.contains(t) && !reported.contains(t)) {
                        reported.insert(t)
                        let text = words[w..<(w + name.words.count)].enumerated().map { $0.offset == 0 ? $0.element.text : $0.element.gap + $0.element.text }.joined()
                        let link = env.table.resolve(text) == .page(t) ? "[[\(text)]]" : "[[\(pages[t].meta.title)|\(text)]]"
                        out.append(Mention(page: id, location: words[w].location, text: text, target: t, link: link))
                    }
                    w += name.words.count
                    continue scan
                }
                w += 1
            }
            return out
        }
        return results.flatMap { $0 }
    }
}

extension Mentions {
    /// What `sitegen mentions` prints: one `path:line:col: …` line per mention, in path order. `of` and
    /// `in` name a page by slug, title, alias or file path (`content/countries/mexico.md`).
    public static func report(options o: BuildOptions, of: String? = nil, in within: String? = nil,
                              all: Bool = false) -> Result<(lines: [String], pages: Int), BuildFailure> {
        let (pages, _) = ContentLoader(contentDir: o.contentDir, displayPrefix: o.display(o.contentDir)).load()
        let table = LinkTable(pages: pages)
        func lookup(_ name: String) -> Result<PageID, BuildFailure> {
            if let i = pages.firstIndex(where: { $0.displayPath == name || $0.relativePath == name }) { return .success(PageID(i)) }
            switch table.resolve(name) {
            case let .page(p): return .success(p)
            case let .notFound(suggestion):
                var msg = "no page matches `\(name)`"
                if let s = suggestion { msg += "; did you mean `\(s)`?" }
                return .failure(BuildFailure([.error(o.display(o.contentDir), .file, msg)]))
            case let .ambiguous(hits):
                let list = hits.prefix(3).map { pages[$0].displayPath }.joined(separator: " and ")
                return .failure(BuildFailure([.error(o.display(o.contentDir), .file,
                                                     "`\(name)` matches \(list); use the kind-qualified slug or the file path")]))
            }
        }
        var target: PageID?, only: PageID?
        if let of {
            switch lookup(of) { case let .success(p): target = p; case let .failure(f): return .failure(f) }
        }
        if let within {
            switch lookup(within) { case let .success(p): only = p; case let .failure(f): return .failure(f) }
        }
        let found = find(pages: pages, of: target, in: only, all: all)
        let lines = found.map { m in
            "\(pages[m.page].displayPath):\(m.location.line):\(m.location.column): `\(m.text)` names \(pages[m.target].displayPath) without a link; write \(m.link)"
        }
        return .success((lines, Set(found.map(\.page)).count))
    }
}
