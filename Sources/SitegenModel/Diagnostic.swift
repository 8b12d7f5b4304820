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

    /// `path:line:col: error: message`, the format compilers use.
    public var description: String {
        var place = path
        if line > 0 {
            place += ":\(line)"
            if column > 0 { place += ":\(column)" }
        }
        return "\(place): \(severity.rawValue): \(message)"
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
