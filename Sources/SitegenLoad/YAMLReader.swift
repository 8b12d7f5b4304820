import Foundation
import SitegenModel
import Yams
// libyaml, which Yams is built on: its event stream lets aliases be found before Yams expands them.
import CYaml

/// Reads typed values out of a YAML mapping, recording a located diagnostic for every problem.
///
/// Values are read as written: a string field takes any scalar verbatim, so YAML 1.1 traps such as
/// `NO`, `on` or `012` stay strings. Booleans accept only `true` and `false`.
public struct YAMLReader {
    let path: String
    /// Lines before the YAML text in the file (the opening `---`).
    let lineOffset: Int
    /// What the YAML is, for messages: "front matter", "sitegen.yml".
    let document: String
    var diagnostics: [Diagnostic] = []

    init(path: String, lineOffset: Int, document: String = "front matter") {
        self.path = path
        self.lineOffset = lineOffset
        self.document = document
    }

    func location(_ node: Node?) -> SourceLocation {
        guard let m = node?.mark else { return SourceLocation(line: lineOffset + 1, column: 1) }
        return SourceLocation(line: m.line + lineOffset, column: m.column)
    }

    mutating func error(_ node: Node?, _ message: String) {
        diagnostics.append(.error(path, location(node), message))
    }

    /// Parses YAML text into its root node, or records the parser's error with its place.
    ///
    /// Anchors and aliases are errors. They are found in libyaml's event stream before Yams composes
    /// the text: Yams expands an alias in a mapping key to check for duplicate keys, which takes
    /// forever on a "billion laughs" tree. When no alias sits in a key the text is still composed, so
    /// that the other problems of the file are reported in the same run (an alias of an undefined
    /// anchor is not composed either: Yams would only repeat the error).
    mutating func compose(_ text: String) -> Node? {
        let scan = Self.scanAnchors(text)
        if let p = scan.first {
            diagnostics.append(.error(path, SourceLocation(line: p.line + lineOffset, column: p.column),
                                      "YAML \(p.isAlias ? "aliases" : "anchors") (\(p.isAlias ? "*" : "&")\(p.name)) are not supported in \(document); write each value out in full"))
        }
        if scan.doNotCompose { return nil }
        do {
            // Scalars are read as written, so tags need no resolving: the basic resolver skips its regular expressions.
            return try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let e as YamlError {
            switch e {
            case let .scanner(context, problem, mark, _),
                 let .parser(context, problem, mark, _),
                 let .composer(context, problem, mark, _):
                var msg = "invalid YAML: \(problem)"
                if let c = context { msg += " (\(c.text))" }
                if problem.contains("tab") || lineHasTab(text, mark.line) {
                    msg += "; indent with spaces, not tabs"
                }
                diagnostics.append(.error(path, SourceLocation(line: mark.line + lineOffset, column: mark.column), msg))
            case let .duplicatedKeysInMapping(duplicates, context):
                diagnostics.append(.error(path, SourceLocation(line: context.mark.line + lineOffset, column: context.mark.column),
                                          "duplicate key `\(duplicates.joined(separator: "`, `"))` in \(document)"))
            case let .reader(problem, _, _, _):
                diagnostics.append(.error(path, SourceLocation(line: lineOffset + 1, column: 1), "invalid YAML: \(problem)"))
            default:
                diagnostics.append(.error(path, SourceLocation(line: lineOffset + 1, column: 1), "invalid YAML: \(e)"))
            }
        } catch {
            diagnostics.append(.error(path, SourceLocation(line: lineOffset + 1, column: 1), "invalid YAML: \(error)"))
        }
        return nil
    }

    /// The first anchor or alias of `text` (1-based line and column within it), and whether the text
    /// must not be composed: an alias sits in a mapping key (or inside one), or names no anchor.
    /// Linear: reads libyaml's events, expands nothing.
    /// Stops at a syntax error (which Yams then reports); libyaml caps nesting at 1,000 levels.
    static func scanAnchors(_ text: String) -> (first: (line: Int, column: Int, name: String, isAlias: Bool)?, doNotCompose: Bool) {
        var first: (line: Int, column: Int, name: String, isAlias: Bool)?
        var doNotCompose = false
        var anchors = Set<String>()
        var bytes = Array(text.utf8)
        if !bytes.contains(UInt8(ascii: "&")) && !bytes.contains(UInt8(ascii: "*")) { return (nil, false) }
        bytes.withUnsafeMutableBufferPointer { buf in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buf.baseAddress, buf.count)
            // One frame per open collection: whether it is a mapping, whether its next node is a key,
            // and whether the collection is (inside) a key.
            var frames: [(mapping: Bool, nextIsKey: Bool, inKey: Bool)] = []
            func note(_ mark: yaml_mark_t, _ anchor: UnsafeMutablePointer<yaml_char_t>?, alias: Bool) {
                guard let anchor else { return }
                var name = String(cString: anchor)
                if alias { if !anchors.contains(name) { doNotCompose = true } } else { anchors.insert(name) }
                guard first == nil else { return }
                if name.count > 40 { name = String(name.prefix(40)) + "…" }
                first = (Int(mark.line) + 1, Int(mark.column) + 1, name, alias)
            }
            func isKey() -> Bool {
                guard let top = frames.last else { return false }
                return top.inKey || (top.mapping && top.nextIsKey)
            }
            func nodeDone() {
                if let top = frames.last, top.mapping { frames[frames.count - 1].nextIsKey.toggle() }
            }
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return
                case YAML_ALIAS_EVENT:
                    note(event.start_mark, event.data.alias.anchor, alias: true)
                    if isKey() { doNotCompose = true }
                    nodeDone()
                case YAML_SCALAR_EVENT:
                    note(event.start_mark, event.data.scalar.anchor, alias: false)
                    nodeDone()
                case YAML_SEQUENCE_START_EVENT:
                    note(event.start_mark, event.data.sequence_start.anchor, alias: false)
                    frames.append((false, false, isKey()))
                case YAML_MAPPING_START_EVENT:
                    note(event.start_mark, event.data.mapping_start.anchor, alias: false)
                    frames.append((true, true, isKey()))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    frames.removeLast()
                    nodeDone()
                default:
                    break
                }
            }
        }
        return (first, doNotCompose)
    }

    private func lineHasTab(_ text: String, _ line: Int) -> Bool {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return false }
        return lines[line - 1].prefix { $0 == " " || $0 == "\t" }.contains("\t")
    }

    // MARK: scalars

    /// The scalar's text exactly as written; an error for sequences and mappings.
    mutating func string(_ node: Node, _ what: String) -> String? {
        guard case let .scalar(s) = node else {
            error(node, "`\(what)` must be a string, not a \(Self.shape(node))")
            return nil
        }
        if s.style == .plain && (s.string.isEmpty || ["~", "null", "Null", "NULL"].contains(s.string)) {
            error(node, "`\(what)` is empty")
            return nil
        }
        // Escapes such as "\0" and "\e" put control characters into a double-quoted scalar.
        if let c = ControlCharacters.first(in: s.string) {
            error(node, "`\(what)` contains the control character \(ControlCharacters.name(c)); remove it")
            return nil
        }
        return s.string
    }

    mutating func located(_ node: Node, _ what: String) -> Located<String>? {
        string(node, what).map { Located($0, location(node)) }
    }

    mutating func bool(_ node: Node, _ what: String) -> Bool? {
        if case let .scalar(s) = node {
            if s.string == "true" { return true }
            if s.string == "false" { return false }
        }
        error(node, "`\(what)` must be `true` or `false`")
        return nil
    }

    mutating func date(_ node: Node, _ what: String) -> PartialDate? {
        guard let s = string(node, what) else { return nil }
        guard let d = PartialDate(s) else {
            error(node, "`\(what)` must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not `\(s)`")
            return nil
        }
        return d
    }

    mutating func oneOf(_ node: Node, _ what: String, _ allowed: [String]) -> String? {
        guard let s = string(node, what) else { return nil }
        guard allowed.contains(s) else {
            error(node, "`\(what)` must be one of \(allowed.map { "`\($0)`" }.joined(separator: ", ")), not `\(s)`")
            return nil
        }
        return s
    }

    // MARK: collections

    mutating func list(_ node: Node, _ what: String) -> [Node]? {
        if case let .sequence(seq) = node { return Array(seq) }
        // A single string is accepted where a list is expected? No: typos must not pass silently.
        error(node, "`\(what)` must be a list, not a \(Self.shape(node))")
        return nil
    }

    mutating func stringList(_ node: Node, _ what: String) -> [Located<String>] {
        guard let items = list(node, what) else { return [] }
        return items.compactMap { located($0, what) }
    }

    mutating func mapping(_ node: Node, _ what: String) -> Node.Mapping? {
        if case let .mapping(m) = node { return m }
        error(node, "`\(what)` must be a mapping of `key: value` lines, not a \(Self.shape(node))")
        return nil
    }

    /// Calls `field` for every key of `mapping`; keys not in `known` are errors with a suggestion.
    mutating func fields(of mapping: Node.Mapping, known: [String], context: String,
                         _ field: (inout YAMLReader, String, Node) -> Void) {
        for (k, v) in mapping {
            guard case let .scalar(ks) = k else {
                error(k, "\(context) keys must be plain names")
                continue
            }
            let key = ks.string
            if known.contains(key) {
                field(&self, key, v)
            } else {
                var msg = "unknown field `\(key)` in \(context)"
                if let s = Self.suggestion(for: key, among: known) { msg += "; did you mean `\(s)`?" }
                error(k, msg)
            }
        }
    }

    mutating func requireKeys(_ mapping: Node.Mapping, _ keys: [String], at node: Node, context: String) {
        let present = Set(mapping.keys.compactMap { $0.scalar?.string })
        for k in keys where !present.contains(k) {
            error(node, "missing required field `\(k)` in \(context)")
        }
    }

    static func shape(_ node: Node) -> String {
        switch node {
        case .scalar: return "single value"
        case .sequence: return "list"
        case .mapping: return "mapping"
        case .alias: return "alias"
        }
    }

    /// The closest name within edit distance 2, for "did you mean" hints. Bounded: names whose
    /// length differs by more than 2 are not compared, and words over 100 characters get no hint.
    public static func suggestion(for word: String, among names: [String]) -> String? {
        let w = word.lowercased()
        let n = w.count
        guard n <= 100 else { return nil }
        var best: (String, Int)?
        for name in names where abs(name.count - n) <= 2 {
            let d = editDistance(w, name)
            if d <= 2, best == nil || d < best!.1 { best = (name, d) }
        }
        return best?.0
    }

    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = prev
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
