import Foundation
import SitegenGraph
import SitegenLoad
import SitegenModel

/// `sitegen new KIND "Title"`: a new page with every required field and a commented template of the
/// optional ones, in the kind's folder, named by the slug of its title.
public enum NewPage {
    /// The kind a command-line word names: `country`, `countries`, `actor`, `policy`, `source`, `page`.
    public static func kind(named word: String) -> PageKind? {
        let w = word.lowercased()
        if w == "page" || w == "pages" { return .page }
        return PageKind.sections.first { w == $0.folder || w == $0.singular.lowercased() }
    }

    /// The allowed values of `type` for a kind; empty when the kind has no `type`.
    public static func types(of kind: PageKind) -> [String] {
        switch kind {
        case .country: return Vocabulary.countryTypes
        case .actor: return Vocabulary.actorTypes
        case .policy: return Vocabulary.policyTypes
        default: return []
        }
    }

    /// The slug a title gives: lower-case ASCII letters and digits, words joined by single hyphens,
    /// accents dropped (`São Tomé and Príncipe` → `sao-tome-and-principe`); at most 80 characters, cut at
    /// a hyphen. `nil` when the title has no letter or digit that can be written so.
    public static func slug(for title: String) -> String? {
        var folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        if !folded.utf8.allSatisfy({ $0 < 128 }), let latin = folded.applyingTransform(.toLatin, reverse: false) {
            folded = latin.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        }
        var out = ""
        var dash = false
        for u in folded.unicodeScalars {
            let v = u.value
            if (v >= 97 && v <= 122) || (v >= 48 && v <= 57) {
                if dash && !out.isEmpty { out += "-" }
                dash = false
                out.unicodeScalars.append(u)
            } else if u != "'" && u != "\u{2019}" {
                // An apostrophe joins (`Senate's` → `senates`); anything else separates words.
                dash = true
            }
        }
        if out.count > 80 {
            out = String(out.prefix(81))
            if let cut = out.lastIndex(of: "-") { out = String(out[..<cut]) } else { out = String(out.prefix(80)) }
        }
        return ContentLoader.isValidPageSlug(out) ? out : nil
    }

    /// Whether `slug` may name a page file: lower-case letters, digits and single hyphens.
    public static func isValidSlug(_ slug: String) -> Bool { ContentLoader.isValidPageSlug(slug) }

    /// The content file that already takes `slug`, relative to the content folder, or why the slug
    /// cannot be used; `nil` when it is free. Every kind is checked: slugs are unique across the wiki.
    public static func conflict(slug: String, kind: PageKind, contentDir: URL) -> (path: String?, reason: String)? {
        let fm = FileManager.default
        for folder in [nil] + PageKind.sections.map(\.folder) {
            let rel = (folder.map { $0 + "/" } ?? "") + slug + ".md"
            if fm.fileExists(atPath: contentDir.appendingPathComponent(rel).path) {
                return (rel, "slug `\(slug)` is already taken by this page; slugs are unique across the wiki: choose another title or pass --slug")
            }
        }
        if slug == "index" || (kind == .page && (PageKind.forFolder(slug) != nil || ContentLoader.generatedPageNames.contains(slug))) {
            return (nil, "`\(slug)` is the name of a generated page; choose another title or pass --slug")
        }
        return nil
    }

    /// The page that a wiki link by `title` already reaches (by its title, an alias or its slug), if
    /// any: a new page with that title would make such links ambiguous.
    public static func pageNamed(_ title: String, contentDir: URL, displayPrefix: String) -> String? {
        let (pages, _) = ContentLoader(contentDir: contentDir, displayPrefix: displayPrefix).load()
        switch LinkTable(pages: pages).resolve(title) {
        case let .page(p): return pages[p].displayPath
        case let .ambiguous(hits): return pages[hits[0]].displayPath
        case .notFound: return nil
        }
    }

    /// The file's text: front matter with every required field (placeholders that build as they are),
    /// the optional fields commented out, and a short body.
    public static func text(kind: PageKind, title: String, slug: String, type: String? = nil, today: Date = Date()) -> String {
        var lines = ["---", "title: \(yamlString(title))"]
        lines.append(#"summary: "TODO: one sentence on what this is and why it matters (shown under the title, in lists and in link previews).""#)
        let types = types(of: kind)
        if !types.isEmpty {
            lines.append("type: \(type ?? types[0])  # one of: \(types.joined(separator: ", "))")
        }
        var optional: [String] = []
        switch kind {
        case .country:
            optional = [opt("# roles: [origin, transit]", "any of: \(Vocabulary.countryRoles.joined(separator: ", "))")]
        case .actor:
            optional = [opt("# countries: [Mexico]", "the countries it acts for or operates in")]
        case .policy:
            lines.append("status: unknown  # one of: \(Vocabulary.policyStatuses.joined(separator: ", "))")
            optional = [
                opt(#"# start: "2021-01""#, #"when it began: YYYY, YYYY-MM or YYYY-MM-DD"#),
                opt(#"# end: "2023-05""#, #"when it ended"#),
                opt("# countries: [Mexico]", "the countries concerned"),
                opt("# actors: [Border Patrol]", "who made, runs or opposes it"),
            ]
        case .source:
            let year = Calendar(identifier: .gregorian).component(.year, from: today)
            lines += [
                "publisher: TODO",
                "author: Unknown  # as the document gives it",
                #"date: "\#(year)"  # publication date: YYYY, YYYY-MM or YYYY-MM-DD"#,
                "viewpoint: TODO  # one short phrase: restrictionist, centrist, internationalist ...",
                "document: \(slug).txt  # the document's text, in the source-texts folder",
            ]
            optional = [opt("# page_headers: [Running title]", "lines of the text that are page furniture")]
        case .home, .page:
            break
        }
        lines.append("# Optional fields: delete the `# ` before a line to use it.")
        lines += optional
        lines += [
            opt("# aliases: [Other name]", "other names wiki links may use"),
            "# tags: [keyword]",
            opt("# related: [Another page]", "pages shown under \"Related\""),
        ]
        if kind != .source {
            lines += [
                opt("# facts:", "infobox rows, label: inline Markdown"),
                #"#   Founded: '1990 [@source-slug "exact quote"]'"#,
                "# figures:",
                "#   - label: What the number counts",
                "#     value: 1000",
                "#     unit: people",
                #"#     as_of: "2023-12""#,
                "#     source: source-slug",
                #"#     quote: "exact quote""#,
                "# events:",
                #"#   - date: "2021-01-20""#,
                "#     text: What happened.",
                "#     source: source-slug",
                #"#     quote: "exact quote""#,
            ]
        }
        lines += [opt("# draft: true", "leave the page out of the build"), "---"]
        lines.append("TODO: write the page. Link other pages with `[[Page title]]` and cite every claim with `[@source-slug \"exact quote\"]`.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A commented-out field with its note in a column.
    static func opt(_ field: String, _ note: String) -> String {
        field.padding(toLength: max(field.count + 1, 38), withPad: " ", startingAt: 0) + "# " + note
    }

    /// `s` as a YAML scalar: plain when that reads back as the same string, else double-quoted.
    static func yamlString(_ s: String) -> String {
        let special: Set<Character> = [":", "#", "'", "\"", "[", "]", "{", "}", ",", "&", "*", "!", "|", ">", "%", "@", "`", "\\"]
        let plain = !s.isEmpty && !s.contains(where: { special.contains($0) || $0.isNewline })
            && s.first != "-" && s.first != "?" && s.first != " " && s.last != " "
        if plain { return s }
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
