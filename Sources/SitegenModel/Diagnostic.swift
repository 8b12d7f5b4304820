import Foundation

/// A problem found in the input, with the place it was found.
public struct Diagnostic: Equatable, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case error, warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .error && rhs == .warning
        }
    }

    public var severity: Severity
    /// Path as shown to the user (relative to the working directory when possible).
    public var path: String
    /// 1-based line in the whole file; 0 when the problem concerns the file as a whole.
    public var line: Int
    /// 1-based column; 0 when unknown.
    public var column: Int
    public var message: String

    public init(_ severity: Severity, _ path: String, line: Int = 0, column: Int = 0, _ message: String) {
        self.severity = severity
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    public static func error(_ path: String, _ loc: SourceLocation = .file, _ message: String) -> Diagnostic {
        Diagnostic(.error, path, line: loc.line, column: loc.column, message)
    }

    public static func warning(_ path: String, _ loc: SourceLocation = .file, _ message: String) -> Diagnostic {
        Diagnostic(.warning, path, line: loc.line, column: loc.column, message)
    }

    /// `path:line:col: error: message`, the format compilers use. Control characters that came from
    /// the input (a title's ESC, a file name's BEL) are shown escaped, `\u{1B}`, never sent to the terminal.
    public var description: String {
        var place = ControlCharacters.escaped(path)
        if line > 0 {
            place += ":\(line)"
            if column > 0 { place += ":\(column)" }
        }
        return "\(place): \(severity.rawValue): \(ControlCharacters.escaped(message))"
    }
}

/// Characters that act on a terminal or reorder text rather than show: C0 controls (except tab and
/// line feed where noted), DEL, C1 controls, and the bidirectional embedding, override and isolate marks.
public enum ControlCharacters {
    /// A C0 control other than tab and line feed, DEL, or a C1 control.
    public static func isControl(_ v: UInt32) -> Bool {
        (v < 0x20 && v != 0x09 && v != 0x0A) || (0x7F...0x9F).contains(v)
    }

    /// The first control character of `s` (tab and line feed allowed), if any.
    public static func first(in s: String) -> Unicode.Scalar? {
        // Fast path: ASCII text above 0x1F with no DEL, and no lead byte that could start a C1 control.
        if s.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 || $0 == 0x0A || ($0 >= 0x80 && $0 != 0xC2) }) { return nil }
        return s.unicodeScalars.first { isControl($0.value) }
    }

    /// `U+001B`.
    public static func name(_ u: Unicode.Scalar) -> String {
        let hex = String(u.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `s` with every control character (line feed and carriage return included, tab excepted) and
    /// every bidirectional control written as `\u{1B}`, so that printing it cannot drive a terminal.
    public static func escaped(_ s: String) -> String {
        func needsEscape(_ v: UInt32) -> Bool {
            (v < 0x20 && v != 0x09) || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        }
        // Fast path: printable ASCII, and no lead byte of a C1 control (C2) or of a bidi control (E2).
        if s.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 || ($0 >= 0x80 && $0 != 0xC2 && $0 != 0xE2) }) { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            if needsEscape(u.value) {
                out.append(contentsOf: "\\u{\(String(u.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(u)
            }
        }
        return String(out)
    }
}

/// A line and column in a file, both 1-based; `.file` means the file as a whole.
public struct SourceLocation: Equatable, Hashable, Sendable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public static let file = SourceLocation(line: 0, column: 0)
}

/// Collects diagnostics from every stage so that they can be reported together.
public struct Diagnostics: Sendable {
    public private(set) var items: [Diagnostic] = []

    public init() {}

    public mutating func append(_ d: Diagnostic) { items.append(d) }
    public mutating func append(contentsOf ds: [Diagnostic]) { items.append(contentsOf: ds) }

    public var errors: [Diagnostic] { items.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { items.filter { $0.severity == .warning } }
    public var hasErrors: Bool { items.contains { $0.severity == .error } }

    /// Sorted by path, then position, then message: stable whatever order the stages ran in.
    public var sorted: [Diagnostic] {
        Array(Set(items)).sorted {
            ($0.path, $0.line, $0.column, $0.severity.rawValue, $0.message)
                < ($1.path, $1.line, $1.column, $1.severity.rawValue, $1.message)
        }
    }
}

/// Thrown when a build cannot go on; carries everything found so far.
public struct BuildFailure: Error, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}
