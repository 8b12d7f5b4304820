import Foundation
import SitegenModel
import Yams

/// The allowed values of the enumerated front-matter fields.
public enum Vocabulary {
    public static let countryTypes = ["country", "region"]
    public static let countryRoles = ["origin", "transit", "destination", "outside-power"]
    public static let actorTypes = ["person", "criminal-group", "agency", "organization", "government"]
    public static let policyTypes = ["law", "bill", "executive-action", "program", "agreement", "strategy", "sanction",
                                     "declaration", "regulation", "operation", "court-ruling", "report", "meeting", "practice"]
    public static let policyStatuses = ["proposed", "active", "suspended", "blocked", "ended", "unknown"]
}

/// Reads a page's front matter into a `PageMeta`, checking every field.
enum FrontMatter {
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
        let schema = FrontMatterSchema.schema(for: kind)
        let byName = schema.byName
        var meta = PageMeta()
        let allowed = schema.names
        let present = Set(map.keys.compactMap { $0.scalar?.string })
        // A misspelt key (`titel`) whose field is missing stands in for it: the misspelling is reported
        // once, and the value is used, so that nothing else (a missing `title`, links to the page) fails.
        let standIns = present.isSubset(of: schema.nameSet) ? [] : misspeltFields(map, allowed: allowed)
        let standInFields = Set(standIns.map(\.field))
        for name in schema.required where !present.contains(name) && !standInFields.contains(name) {
            r.error(root, "missing required field `\(name)` in \(schema.context)")
        }
        func read(_ r: inout YAMLReader, _ key: String, _ v: Node) {
            byName[key]?.read(&r, v, &meta)
        }
        r.fields(of: map, known: allowed, context: schema.context, read)
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
    static func clean(_ s: String) -> String {
        s.split(whereSeparator: \.isNewline).joined(separator: " ").trimmedWhitespace
    }

    static func figure(_ node: Node, _ r: inout YAMLReader) -> Figure? {
        guard let m = r.mapping(node, "figures entry") else { return nil }
        let before = r.diagnostics.count
        let spec = FrontMatterSchema.figureFields
        r.requireKeys(m, spec.filter(\.required).map(\.name), at: node, context: "a figure")
        var label = "", value = "", unit: String?, asOf: String?, measure: String?, counts: String?
        var number: Double?
        var source: Located<String>?, quote: Located<String>?, note: Located<String>?
        r.fields(of: m, known: spec.map(\.name), context: "a figure") { r, key, v in
            switch key {
            case "label": label = r.string(v, key) ?? ""
            case "value":
                value = r.string(v, key) ?? ""
                number = parseNumber(value)
                if let n = number, !(n.magnitude <= maxNumber) {
                    r.error(v, "`value` `\(value.count > 30 ? String(value.prefix(30)) + "…" : value)` is too large: a figure's number is at most 10^15 (one quadrillion); check the digits")
                    number = nil
                }
            case "unit": unit = r.string(v, key)
            case "as_of": asOf = r.string(v, key)
            case "measure": measure = r.string(v, key)
            case "source": source = r.located(v, key)
            case "quote": quote = r.located(v, key)
            case "note": note = r.located(v, key)
            case "counts": counts = r.string(v, key)
            default: break
            }
        }
        guard r.diagnostics.count == before, let source, let quote else { return nil }
        var figure = Figure(label: label, value: value, number: number, unit: unit, asOf: asOf, measure: measure,
                            source: source, quote: quote, note: note, location: r.location(node))
        figure.counts = counts
        return figure
    }

    static func event(_ node: Node, _ r: inout YAMLReader) -> Event? {
        guard let m = r.mapping(node, "events entry") else { return nil }
        let before = r.diagnostics.count
        let spec = FrontMatterSchema.eventFields
        r.requireKeys(m, spec.filter(\.required).map(\.name), at: node, context: "an event")
        var date: PartialDate?, text: Located<String>?, source: Located<String>?, quote: Located<String>?
        r.fields(of: m, known: spec.map(\.name), context: "an event") { r, key, v in
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

    /// The largest magnitude of a figure's number: beyond it digits are lost, and 400 digits read as infinity.
    static let maxNumber: Double = 1e15

    /// `370000`, `1,234.5`, `19`, `-3` → a number; anything else (ranges, words) is text only.
    static func parseNumber(_ s: String) -> Double? {
        let t = s.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
              t.dropFirst().allSatisfy({ $0 != "-" }) else { return nil }
        return Double(t)
    }
}
