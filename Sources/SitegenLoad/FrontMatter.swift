import Foundation
import SitegenModel
import Yams

/// The allowed values of the enumerated front-matter fields.
public enum Vocabulary {
    public static let countryTypes = ["country", "region"]
    public static let countryRoles = ["origin", "transit", "destination", "outside-power"]
    public static let actorTypes = ["person", "criminal-group", "agency", "organization", "government"]
    public static let policyTypes = ["law", "executive-action", "program", "agreement", "strategy", "sanction",
                                     "declaration", "regulation", "operation", "court-ruling"]
    public static let policyStatuses = ["proposed", "active", "suspended", "blocked", "ended", "unknown"]
}

/// Reads a page's front matter into a `PageMeta`, checking every field.
enum FrontMatter {
    static let common = ["title", "summary", "aliases", "tags", "draft", "related", "facts", "figures", "events"]

    static func fields(for kind: PageKind) -> (allowed: [String], required: [String]) {
        switch kind {
        case .home, .page:
            return (common, ["title", "summary"])
        case .country:
            return (common + ["type", "roles"], ["title", "summary", "type"])
        case .actor:
            return (common + ["type", "countries"], ["title", "summary", "type"])
        case .policy:
            return (common + ["type", "status", "start", "end", "countries", "actors"],
                    ["title", "summary", "type", "status"])
        case .source:
            return (common + ["publisher", "author", "date", "viewpoint", "document", "page_headers"],
                    ["title", "summary", "publisher", "author", "date", "viewpoint", "document"])
        }
    }

    /// Parses `yaml` (the text between the `---` lines, which start at file line `lineOffset + 1`).
    static func parse(_ yaml: String, kind: PageKind, path: String, lineOffset: Int) -> (PageMeta?, [Diagnostic]) {
        var r = YAMLReader(path: path, lineOffset: lineOffset)
        guard let root = r.compose(yaml) else {
            if r.diagnostics.isEmpty {
                r.diagnostics.append(.error(path, SourceLocation(line: lineOffset, column: 1),
                                            "front matter is empty; `title` and `summary` are required"))
            }
            return (nil, r.diagnostics)
        }
        guard case let .mapping(map) = root else {
            r.error(root, "front matter must be a mapping of `field: value` lines")
            return (nil, r.diagnostics)
        }
        let (allowed, required) = fields(for: kind)
        var meta = PageMeta()
        // A misspelt key (`titel`) whose field is missing stands in for it: the misspelling is reported
        // once, and the value is used, so that nothing else (a missing `title`, links to the page) fails.
        let standIns = misspeltFields(map, allowed: allowed)
        r.requireKeys(map, required.filter { k in !standIns.contains { $0.field == k } }, at: root,
                      context: "front matter of a \(kind.singular.lowercased()) page")
        func read(_ r: inout YAMLReader, _ key: String, _ v: Node) {
            switch key {
            case "title": meta.title = r.string(v, key).map(clean) ?? ""
            case "summary": meta.summary = r.string(v, key).map(clean) ?? ""
            case "aliases": meta.aliases = r.stringList(v, key)
            case "tags": meta.tags = r.stringList(v, key).map(\.value)
            case "draft": meta.draft = r.bool(v, key) ?? false
            case "related": meta.related = r.stringList(v, key)
            case "facts":
                guard let m = r.mapping(v, key) else { return }
                for (fk, fv) in m {
                    guard let label = r.string(fk, "facts label"), let value = r.located(fv, "facts.\(label)") else { continue }
                    meta.facts.append(Fact(label: label, value: value))
                }
            case "figures":
                meta.figures = (r.list(v, key) ?? []).compactMap { figure($0, &r) }
            case "events":
                meta.events = (r.list(v, key) ?? []).compactMap { event($0, &r) }
            case "type":
                let allowed: [String]
                switch kind {
                case .country: allowed = Vocabulary.countryTypes
                case .actor: allowed = Vocabulary.actorTypes
                default: allowed = Vocabulary.policyTypes
                }
                meta.type = r.oneOf(v, key, allowed)
            case "roles":
                meta.roles = r.stringList(v, key).compactMap { item in
                    guard Vocabulary.countryRoles.contains(item.value) else {
                        r.diagnostics.append(.error(path, item.location,
                            "`roles` entries must be one of \(Vocabulary.countryRoles.map { "`\($0)`" }.joined(separator: ", ")), not `\(item.value)`"))
                        return nil
                    }
                    return item.value
                }
            case "countries": meta.countries = r.stringList(v, key)
            case "actors": meta.actors = r.stringList(v, key)
            case "status": meta.status = r.oneOf(v, key, Vocabulary.policyStatuses)
            case "start": meta.start = r.date(v, key)
            case "end": meta.end = r.date(v, key)
            case "publisher": meta.publisher = r.string(v, key)
            case "author": meta.author = r.string(v, key)
            case "date": meta.date = r.date(v, key)
            case "viewpoint": meta.viewpoint = r.string(v, key)
            case "document": meta.document = r.located(v, key)
            case "page_headers": meta.pageHeaders = r.stringList(v, key).map(\.value)
            default: break
            }
        }
        r.fields(of: map, known: allowed, context: "front matter of a \(kind.singular.lowercased()) page", read)
        for s in standIns {
            // Only a guess: what reading it finds wrong is not reported.
            let before = r.diagnostics.count
            read(&r, s.field, s.value)
            r.diagnostics.removeSubrange(before...)
        }
        if let s = meta.start, let e = meta.end, e < s {
            r.error(map["end"], "`end` (\(e)) is before `start` (\(s))")
        }
        // With errors, the fields that were valid: the page keeps its name so links to it resolve.
        return (meta, r.diagnostics)
    }

    /// Unknown keys one or two typos away from an allowed field that is not there, with that field.
    static func misspeltFields(_ map: Node.Mapping, allowed: [String]) -> [(field: String, value: Node)] {
        let present = Set(map.keys.compactMap { $0.scalar?.string })
        var out: [(field: String, value: Node)] = []
        for (k, v) in map {
            guard let key = k.scalar?.string, !allowed.contains(key),
                  let field = YAMLReader.suggestion(for: key, among: allowed), !present.contains(field),
                  !out.contains(where: { $0.field == field }) else { continue }
            out.append((field, v))
        }
        return out
    }

    /// Titles and summaries are single lines: fold any line breaks a block scalar left.
    private static func clean(_ s: String) -> String {
        s.split(whereSeparator: \.isNewline).joined(separator: " ").trimmedWhitespace
    }

    private static func figure(_ node: Node, _ r: inout YAMLReader) -> Figure? {
        guard let m = r.mapping(node, "figures entry") else { return nil }
        let before = r.diagnostics.count
        r.requireKeys(m, ["label", "value", "source", "quote"], at: node, context: "a figure")
        var label = "", value = "", unit: String?, asOf: String?, measure: String?
        var number: Double?
        var source: Located<String>?, quote: Located<String>?, note: Located<String>?
        r.fields(of: m, known: ["label", "value", "unit", "as_of", "measure", "source", "quote", "note"], context: "a figure") { r, key, v in
            switch key {
            case "label": label = r.string(v, key) ?? ""
            case "value":
                value = r.string(v, key) ?? ""
                number = parseNumber(value)
            case "unit": unit = r.string(v, key)
            case "as_of": asOf = r.string(v, key)
            case "measure": measure = r.string(v, key)
            case "source": source = r.located(v, key)
            case "quote": quote = r.located(v, key)
            case "note": note = r.located(v, key)
            default: break
            }
        }
        guard r.diagnostics.count == before, let source, let quote else { return nil }
        return Figure(label: label, value: value, number: number, unit: unit, asOf: asOf, measure: measure,
                      source: source, quote: quote, note: note, location: r.location(node))
    }

    private static func event(_ node: Node, _ r: inout YAMLReader) -> Event? {
        guard let m = r.mapping(node, "events entry") else { return nil }
        let before = r.diagnostics.count
        r.requireKeys(m, ["date", "text", "source", "quote"], at: node, context: "an event")
        var date: PartialDate?, text: Located<String>?, source: Located<String>?, quote: Located<String>?
        r.fields(of: m, known: ["date", "text", "source", "quote"], context: "an event") { r, key, v in
            switch key {
            case "date": date = r.date(v, key)
            case "text": text = r.located(v, key)
            case "source": source = r.located(v, key)
            case "quote": quote = r.located(v, key)
            default: break
            }
        }
        guard r.diagnostics.count == before, let date, let text, let source, let quote else { return nil }
        return Event(date: date, text: text, source: source, quote: quote, location: r.location(node))
    }

    /// `370000`, `1,234.5`, `19`, `-3` → a number; anything else (ranges, words) is text only.
    static func parseNumber(_ s: String) -> Double? {
        let t = s.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
              t.dropFirst().allSatisfy({ $0 != "-" }) else { return nil }
        return Double(t)
    }
}
