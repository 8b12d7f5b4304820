import Foundation
import SitegenModel

/// Shows diagnostics the way compilers do: the `path:line:col: error: message` line, then the source
/// line with a caret under the column and the suggestion beside it; or as JSON lines for editors and CI.
///
/// Source lines are read from the files when the report is made, each file once.
public struct DiagnosticReport {
    public enum Format: String, Sendable, CaseIterable {
        case text, json
    }

    /// ANSI colours (a terminal) or none (a pipe, a file, `NO_COLOR`).
    public var color: Bool
    /// Paths of diagnostics are relative to this folder.
    public var workingDirectory: URL
    private var files: [String: [Substring]?] = [:]

    public init(color: Bool, workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) {
        self.color = color
        self.workingDirectory = workingDirectory
    }

    /// Colour when writing to a terminal, unless `NO_COLOR` is set to anything (https://no-color.org)
    /// or the terminal is `dumb`.
    public static func useColor(isTerminal: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard isTerminal else { return false }
        if let v = environment["NO_COLOR"], !v.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    /// Whether standard error is a terminal that takes colour.
    public static var stderrTakesColor: Bool { useColor(isTerminal: isatty(STDERR_FILENO) != 0) }

    // MARK: text

    /// The diagnostic's header line, and below it, when its line can be read, the source line with a
    /// caret and any suggestion; ends with a newline (and a blank line after a snippet).
    public mutating func render(_ d: Diagnostic) -> String {
        let (message, suggestion) = Self.split(d.message)
        guard d.line > 0, let source = line(d.line, of: d.path) else {
            return header(d, d.message) + "\n"
        }
        var out = header(d, message) + "\n"
        let number = String(d.line)
        let gutter = String(repeating: " ", count: number.count + 2)
        let (shown, caretPad) = Self.window(String(source), column: d.column)
        out += paint(" \(number) | ", "34") + shown + "\n"
        if d.column > 0 {
            let caret = paint("^", d.severity == .error ? "1;31" : "1;33")
            var note = ""
            if let s = suggestion { note = " " + paint(s, "1;36") }
            out += paint(gutter + "| ", "34") + caretPad + caret + note + "\n"
        } else if let s = suggestion {
            out += paint(gutter + "= ", "34") + paint(s, "1;36") + "\n"
        }
        return out + "\n"
    }

    /// `path:line:col: error: message` as `Diagnostic.description` writes it (so escaped the same
    /// way), painted on a terminal.
    private func header(_ d: Diagnostic, _ message: String) -> String {
        var shown = d
        shown.message = message
        let plain = shown.description
        let marker = ": \(d.severity.rawValue): "
        guard color, let r = plain.range(of: marker) else { return plain }
        let code = d.severity == .error ? "1;31" : "1;33"
        return paint(String(plain[..<r.lowerBound]) + ":", "1") + " " + paint(d.severity.rawValue + ":", code) + " "
            + paint(String(plain[r.upperBound...]), "1")
    }

    private func paint(_ s: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }

    /// The message without its hint, and the hint (`did you mean …?`, `closest passage: …`), when the
    /// message ends with one.
    static func split(_ message: String) -> (message: String, suggestion: String?) {
        for marker in ["; did you mean ", "; closest passage: "] {
            if let r = message.range(of: marker, options: .backwards) {
                let hint = String(message[message.index(r.lowerBound, offsetBy: 2)...])
                return (String(message[..<r.lowerBound]), hint)
            }
        }
        return (message, nil)
    }

    /// Lines longer than this many characters are shown as a window around the column.
    static let maxShown = 100

    /// The part of `line` to show, and the blanks that put a caret under character `column` (counted in
    /// Unicode scalars, as diagnostics count): tabs are kept, wide characters take two cells and
    /// combining marks none.
    static func window(_ line: String, column: Int) -> (shown: String, caretPad: String) {
        let scalars = Array(line.unicodeScalars)
        var from = 0, to = scalars.count
        if scalars.count > maxShown {
            let c = max(0, min(column - 1, scalars.count))
            from = max(0, min(c - maxShown / 3, scalars.count - maxShown))
            to = min(scalars.count, from + maxShown)
        }
        var shown = from > 0 ? "…" : ""
        var pad = from > 0 ? " " : ""
        for (i, s) in scalars[from..<to].enumerated() {
            // Control characters would act on the terminal: shown as a replacement character.
            let control = (s.value < 0x20 && s != "\t") || (0x7F...0x9F).contains(s.value)
            shown.unicodeScalars.append(control ? "\u{FFFD}" : s)
            if from + i < column - 1 { pad += control ? " " : cellPad(s) }
        }
        if to < scalars.count { shown += "…" }
        return (shown, pad)
    }

    static func cellPad(_ s: Unicode.Scalar) -> String {
        if s == "\t" { return "\t" }
        if s.value < 0x300 { return " " }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return ""
        default: break
        }
        if (0xFE00...0xFE0F).contains(s.value) { return "" }
        return isWide(s) ? "  " : " "
    }

    /// East Asian wide and full-width characters and emoji: two terminal cells.
    static func isWide(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    /// Line `n` (1-based) of the file at `path`, without its line break; `nil` when unreadable.
    mutating func line(_ n: Int, of path: String) -> Substring? {
        if files[path] == nil {
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : workingDirectory.appendingPathComponent(path)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue,
               let data = FileManager.default.contents(atPath: url.path) {
                var text = String(decoding: data, as: UTF8.self)
                if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
                files[path] = .some(text.split(separator: "\n", omittingEmptySubsequences: false).map { l in
                    l.hasSuffix("\r") ? l.dropLast() : l
                })
            } else {
                files[path] = .some(nil)
            }
        }
        guard let lines = files[path] ?? nil, n >= 1, n <= lines.count else { return nil }
        return lines[n - 1]
    }

    // MARK: JSON

    /// One line of JSON: `{"path":…,"line":…,"column":…,"severity":…,"message":…}`, and `suggestion`
    /// when the message ends with one. `line` and `column` are 0 when unknown.
    /// How many times one problem (the same severity and message) is shown with its place before the
    /// rest are counted: a misspelt name linked from 2,000 pages is one problem, not 2,000 screens.
    public static let repeatsShown = 5

    /// The diagnostics to show, each problem at most `repeatsShown` times, and for each problem left
    /// out a note: the diagnostic shown last and how many more there are of it.
    public static func collapsingRepeats(_ ds: [Diagnostic]) -> (shown: [Diagnostic], more: [(Diagnostic, Int)]) {
        var count: [String: Int] = [:]
        var shown: [Diagnostic] = []
        var last: [String: Diagnostic] = [:]
        var order: [String] = []
        for d in ds {
            let key = d.severity.rawValue + "\u{1}" + d.message
            let n = count[key, default: 0] + 1
            count[key] = n
            if n <= repeatsShown {
                shown.append(d)
                last[key] = d
            } else if n == repeatsShown + 1 {
                order.append(key)
            }
        }
        return (shown, order.map { (last[$0]!, count[$0]! - repeatsShown) })
    }

    /// The line that counts the places of a problem that were not shown.
    public static func moreLine(_ d: Diagnostic, _ n: Int) -> String {
        "note: \(n) more place\(n == 1 ? "" : "s") with the same \(d.severity.rawValue) as \(d.path)\(d.line > 0 ? ":\(d.line)" : "") (\(n + repeatsShown) in all; --format json lists every one)\n"
    }

    public static func json(_ d: Diagnostic) -> String {
        var out = "{\"path\":\(jsonString(d.path)),\"line\":\(d.line),\"column\":\(d.column),"
        out += "\"severity\":\(jsonString(d.severity.rawValue)),\"message\":\(jsonString(d.message))"
        if let s = split(d.message).suggestion { out += ",\"suggestion\":\(jsonString(s))" }
        return out + "}"
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F || u.value == 0x2028 || u.value == 0x2029 {
                    out += String(format: "\\u%04x", u.value)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    // MARK: summary

    /// The last line of a build or check: what was done, the counts, and when a build wrote nothing
    /// because of errors, says so first.
    public static func summary(_ result: BuildResult, verb: String, seconds: Double, wroteNothing: Bool = false) -> String {
        let s = result.stats
        let kinds = PageKind.allCases.compactMap { k -> String? in
            guard let n = s.pagesByKind[k], n > 0 else { return nil }
            return "\(n) \(n == 1 ? k.singular.lowercased() : k.plural.lowercased().replacingOccurrences(of: " and regions", with: ""))"
        }
        let total = s.pagesByKind.values.reduce(0, +)
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.count - errors
        // Checked against a source text and found there.
        let verified = s.quotesVerified
        var line = wroteNothing
            ? "0 files written: fix the errors above; read \(total) pages (\(kinds.joined(separator: ", "))); "
            : "\(verb) \(total) pages (\(kinds.joined(separator: ", "))); "
        line += "\(s.linksResolved) links resolved; "
        line += "\(s.citations) citations, \(verified) of \(s.quotesChecked) quotes verified; "
        line += "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"); "
        line += String(format: "%.2f s", seconds)
        return line
    }
}
