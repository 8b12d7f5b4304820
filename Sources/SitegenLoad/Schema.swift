import Foundation
import SitegenModel
import Yams

/// One front-matter field: its name, whether it is required, its type and meaning as the authoring
/// guide shows them, and how it fills `PageMeta`.
public struct FieldSpec: Sendable {
    public let name: String
    public let required: Bool
    /// The type, as the authoring guide shows it.
    public let type: String
    public let meaning: String
    let read: @Sendable (_ r: inout YAMLReader, _ value: Node, _ meta: inout PageMeta) -> Void
}

/// A field of a figure or an event entry (read by `FrontMatter`).
public struct EntryFieldSpec: Sendable {
    public let name: String
    public let required: Bool
    public let type: String
    public let meaning: String
}

/// The front-matter schema, declared once: validation, the "did you mean" hints and the field tables
/// of docs/authoring.md all come from it (a test compares the guide with `markdownTable`).
public enum FrontMatterSchema {
    static func choice(_ values: [String]) -> String {
        values.count == 2 ? "`\(values[0])` or `\(values[1])`"
            : values.dropLast().map { "`\($0)`" }.joined(separator: ", ") + " or `\(values.last!)`"
    }

    static func text(_ name: String, _ required: Bool, _ meaning: String, _ path: WritableKeyPath<PageMeta, String>) -> FieldSpec {
        FieldSpec(name: name, required: required, type: "string", meaning: meaning) { r, v, m in
            m[keyPath: path] = r.string(v, name).map(FrontMatter.clean) ?? ""
        }
    }

    static func optional(_ name: String, _ required: Bool, _ meaning: String, _ path: WritableKeyPath<PageMeta, String?>) -> FieldSpec {
        FieldSpec(name: name, required: required, type: "string", meaning: meaning) { r, v, m in m[keyPath: path] = r.string(v, name) }
    }

    static func targets(_ name: String, _ meaning: String, _ path: WritableKeyPath<PageMeta, [Located<String>]>) -> FieldSpec {
        FieldSpec(name: name, required: false, type: "list of targets", meaning: meaning) { r, v, m in m[keyPath: path] = r.stringList(v, name) }
    }

    static func date(_ name: String, _ required: Bool, _ meaning: String, _ path: WritableKeyPath<PageMeta, PartialDate?>) -> FieldSpec {
        FieldSpec(name: name, required: required, type: "date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (quote it: `\"2021-01\"`)",
                  meaning: meaning) { r, v, m in m[keyPath: path] = r.date(v, name) }
    }

    /// An optional absolute `http` or `https` URL.
    static func webURL(_ name: String, _ meaning: String, _ path: WritableKeyPath<PageMeta, String?>) -> FieldSpec {
        FieldSpec(name: name, required: false, type: "URL (`https://…`)", meaning: meaning) { r, v, m in
            guard let s = r.string(v, name) else { return }
            let lower = s.lowercased()
            guard (lower.hasPrefix("https://") || lower.hasPrefix("http://")), s.count > 8,
                  !s.contains(where: { $0 == " " || $0 == "\"" || $0 == "<" || $0 == ">" }) else {
                r.error(v, "`\(name)` must be an absolute http or https URL, not `\(s.prefix(80))`")
                return
            }
            m[keyPath: path] = s
        }
    }

    static func oneOf(_ name: String, _ values: [String], _ meaning: String, _ path: WritableKeyPath<PageMeta, String?>) -> FieldSpec {
        FieldSpec(name: name, required: true, type: choice(values), meaning: meaning) { r, v, m in m[keyPath: path] = r.oneOf(v, name, values) }
    }

    /// Fields of every page.
    public static let common: [FieldSpec] = [
        text("title", true, "the page's title", \.title),
        text("summary", true, "one sentence; shown under the title, in index lists and in link previews", \.summary),
        FieldSpec(name: "aliases", required: false, type: "list of strings",
                  meaning: "other names a wiki link may use (`AMLO`, `Andrés Manuel López Obrador`); lookup keys, not claims") { r, v, m in
            m.aliases = r.stringList(v, "aliases")
        },
        FieldSpec(name: "tags", required: false, type: "list of strings", meaning: "free keywords, shown on the page, each linking to its tag page (`/tags/<slug>/`), and used by search") { r, v, m in
            m.tags = r.stringList(v, "tags").map(\.value)
        },
        FieldSpec(name: "draft", required: false, type: "boolean", meaning: "`true` leaves the page out of the build (links to it are errors)") { r, v, m in
            m.draft = r.bool(v, "draft") ?? false
        },
        targets("related", "pages shown under \"Related\"", \.related),
        FieldSpec(name: "facts", required: false, type: "map label → inline Markdown",
                  meaning: "the infobox rows, in the order written; may contain wiki links and citations, and each row needs a citation; a fact labelled like a generated row (`Publisher`, `Date`, `Status` …) replaces it") { r, v, m in
            guard let map = r.mapping(v, "facts") else { return }
            for (fk, fv) in map {
                guard let label = r.string(fk, "facts label"), let value = r.located(fv, "facts.\(label)") else { continue }
                m.facts.append(Fact(label: label, value: value))
            }
        },
        FieldSpec(name: "figures", required: false, type: "list of figures", meaning: "numbers with their source and quote (below)") { r, v, m in
            m.figures = (r.list(v, "figures") ?? []).compactMap { FrontMatter.figure($0, &r) }
        },
        FieldSpec(name: "events", required: false, type: "list of events", meaning: "dated events for the timeline (below)") { r, v, m in
            m.events = (r.list(v, "events") ?? []).compactMap { FrontMatter.event($0, &r) }
        },
    ]

    /// Fields of one kind of page, besides the common ones.
    public static func kindFields(_ kind: PageKind) -> [FieldSpec] {
        switch kind {
        case .home, .page:
            return []
        case .country:
            return [
                oneOf("type", Vocabulary.countryTypes, "what the page is about", \.type),
                FieldSpec(name: "roles", required: false, type: "list of " + choice(Vocabulary.countryRoles),
                          meaning: "the parts the place plays in the documents") { r, v, m in
                    m.roles = r.stringList(v, "roles").compactMap { item in
                        guard Vocabulary.countryRoles.contains(item.value) else {
                            r.diagnostics.append(.error(r.path, item.location,
                                "`roles` entries must be one of \(Vocabulary.countryRoles.map { "`\($0)`" }.joined(separator: ", ")), not `\(item.value)`"))
                            return nil
                        }
                        return item.value
                    }
                },
            ]
        case .actor:
            return [
                oneOf("type", Vocabulary.actorTypes, "what kind of actor", \.type),
                targets("countries", "the countries a person acts for, a group operates in, an agency serves", \.countries),
            ]
        case .policy:
            return [
                oneOf("type", Vocabulary.policyTypes, "what kind of policy", \.type),
                oneOf("status", Vocabulary.policyStatuses, "as the latest source describes it", \.status),
                date("start", false, "when it began, as a source states it", \.start),
                date("end", false, "when it ended, as a source states it", \.end),
                targets("countries", "the countries concerned", \.countries),
                targets("actors", "who made, runs or opposes it", \.actors),
            ]
        case .source:
            return [
                optional("publisher", true, "who published the document", \.publisher),
                optional("author", true, "`Unknown` when the document does not say", \.author),
                date("date", true, "the publication date, as far as it can be inferred", \.date),
                optional("viewpoint", true, "one short phrase (`restrictionist`, `centrist, internationalist`)", \.viewpoint),
                FieldSpec(name: "document", required: true, type: "file name",
                          meaning: "the document's text in the source-texts folder (a file name, not a path)") { r, v, m in
                    m.document = r.located(v, "document")
                },
                FieldSpec(name: "page_headers", required: false, type: "list of strings",
                          meaning: "lines of the text that are page furniture (running titles); a quote may not span them") { r, v, m in
                    m.pageHeaders = r.stringList(v, "page_headers").map(\.value)
                },
                webURL("url", "where the document is published; each quote then links to its passage there (a text fragment)", \.url),
                webURL("archive_url", "an archived copy of the document (Wayback Machine …)", \.archiveURL),
                date("accessed", false, "when `url` was last read", \.accessed),
            ]
        }
    }

    /// Every field a page of `kind` takes.
    public static func fields(for kind: PageKind) -> [FieldSpec] { common + kindFields(kind) }

    /// The fields of one kind of page, arranged for reading front matter; made once per kind.
    struct KindSchema: Sendable {
        let byName: [String: FieldSpec]
        /// In the schema's order (the order "did you mean" hints are looked for in).
        let names: [String]
        let nameSet: Set<String>
        let required: [String]
        /// "front matter of a country page", for messages.
        let context: String

        init(_ kind: PageKind) {
            let fields = FrontMatterSchema.fields(for: kind)
            byName = Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0) })
            names = fields.map(\.name)
            nameSet = Set(names)
            required = fields.filter(\.required).map(\.name)
            context = "front matter of a \(kind.singular.lowercased()) page"
        }
    }

    static let schemas: [KindSchema] = PageKind.allCases.map(KindSchema.init)

    static func schema(for kind: PageKind) -> KindSchema {
        schemas[PageKind.allCases.firstIndex(of: kind)!]
    }

    /// The fields of a figure.
    public static let figureFields: [EntryFieldSpec] = [
        EntryFieldSpec(name: "label", required: true, type: "string", meaning: "what the number is"),
        EntryFieldSpec(name: "value", required: true, type: "number or text",
                       meaning: "`370000`, or text such as `more than 370,000`, `up to 20 billion`, `4 to 12 billion` when the source gives no plain number"),
        EntryFieldSpec(name: "unit", required: false, type: "string", meaning: "`people`, `percent`, `USD per year` …"),
        EntryFieldSpec(name: "as_of", required: false, type: "string", meaning: "the period the figure describes (`2023-12`, `FY2021`)"),
        EntryFieldSpec(name: "measure", required: false, type: "string", meaning: "groups comparable figures wiki-wide on the Figures page"),
        EntryFieldSpec(name: "counts", required: false, type: "string",
                       meaning: "what exactly is counted, when figures of one measure count different things (`people intercepted`, `illegal crossings`): such figures are marked not comparable instead of disputed"),
        EntryFieldSpec(name: "source", required: true, type: "source slug", meaning: "the source page (`content/sources/…`)"),
        EntryFieldSpec(name: "quote", required: true, type: "string", meaning: "the exact words of the source that give the number"),
        EntryFieldSpec(name: "note", required: false, type: "inline Markdown", meaning: "shown beside the figure"),
    ]

    /// The fields of an event.
    public static let eventFields: [EntryFieldSpec] = [
        EntryFieldSpec(name: "date", required: true, type: "date", meaning: "`YYYY`, `YYYY-MM` or `YYYY-MM-DD`"),
        EntryFieldSpec(name: "text", required: true, type: "inline Markdown", meaning: "what happened"),
        EntryFieldSpec(name: "source", required: true, type: "source slug", meaning: "the source page"),
        EntryFieldSpec(name: "quote", required: true, type: "string", meaning: "the exact words of the source that date it"),
    ]

    /// A Markdown table of fields, as docs/authoring.md shows it.
    public static func markdownTable(_ rows: [(name: String, type: String, required: Bool, meaning: String)]) -> String {
        var out = "| field | type | required | meaning |\n|---|---|---|---|\n"
        for r in rows {
            out += "| `\(r.name)` | \(r.type) | \(r.required ? "yes" : "no") | \(r.meaning) |\n"
        }
        return out
    }

    public static func markdownTable(_ fields: [FieldSpec]) -> String {
        markdownTable(fields.map { ($0.name, $0.type, $0.required, $0.meaning) })
    }

    public static func markdownTable(_ fields: [EntryFieldSpec]) -> String {
        markdownTable(fields.map { ($0.name, $0.type, $0.required, $0.meaning) })
    }
}
