import Foundation
import SitegenModel

/// What the content folder's git history says: when each file was first and last committed, and the
/// changes a reader follows (a policy's status changed, a disagreement added to a page). Read with
/// one `git log` per build; without git, or outside a repository, it is empty. It depends only on the
/// commits, never on the clock or the working tree, so the same repository state gives the same value.
public struct ContentHistory: Sendable, Hashable {
    /// A commit time: seconds since 1970, UTC.
    public struct Time: Sendable, Hashable, Comparable {
        public var seconds: Int64
        public init(_ seconds: Int64) { self.seconds = seconds }
        public static func < (a: Time, b: Time) -> Bool { a.seconds < b.seconds }

        /// Year, month, day in UTC (proleptic Gregorian; Howard Hinnant's days-to-civil).
        public var civil: (year: Int, month: Int, day: Int) {
            let days = Int(seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400)
            let z = days + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let doe = z - era * 146_097
            let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
            let mp = (5 * doy + 2) / 153
            let d = doy - (153 * mp + 2) / 5 + 1
            let m = mp < 10 ? mp + 3 : mp - 9
            return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
        }

        /// `2026-12-01T22:38:27Z` (RFC 3339, for Atom).
        public var rfc3339: String {
            let (y, m, d) = civil
            let s = Int(((seconds % 86400) + 86400) % 86400)
            return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, s / 3600, s / 60 % 60, s % 60)
        }

        /// `2026-12-01`.
        public var day: String {
            let (y, m, d) = civil
            return String(format: "%04d-%02d-%02d", y, m, d)
        }

        /// "1 December 2026".
        public var display: String {
            PartialDate(day)?.display ?? day
        }
    }

    /// When a file was first and last changed by a commit.
    public struct FileDates: Sendable, Hashable {
        public var first: Time
        public var last: Time
    }

    public enum ChangeKind: Sendable, Hashable {
        /// A policy's `status` field changed (not when the page was added).
        case status(from: String?, to: String)
        /// A `> [!DISAGREEMENT]` callout was added to a page that already existed; its first words.
        case disagreement(text: String)
    }

    /// One change to one file in one commit.
    public struct Change: Sendable, Hashable {
        /// The file, relative to the content folder (`policies/title-42.md`).
        public var path: String
        public var commit: String
        public var time: Time
        public var kind: ChangeKind
    }

    /// Files relative to the content folder, with `/` separators.
    public var files: [String: FileDates]
    /// Oldest first; ties in commit order.
    public var changes: [Change]
    /// The newest commit that touched the content folder.
    public var latest: Time?

    public init(files: [String: FileDates] = [:], changes: [Change] = [], latest: Time? = nil) {
        self.files = files
        self.changes = changes
        self.latest = latest
    }

    public static let none = ContentHistory()
    public var isEmpty: Bool { files.isEmpty }

    /// The arguments of the one `git log` a build runs, in the content folder. Every option that
    /// configuration could change (renames, prefixes, colour, quoting) is set explicitly.
    public static let gitArguments = [
        "-c", "core.quotePath=false", "log", "--no-renames", "--no-color", "--no-ext-diff", "--no-textconv",
        "--relative", "--src-prefix=a/", "--dst-prefix=b/", "-p", "--unified=0", "--format=%x01%H %ct", "--", ".",
    ]

    /// Runs `git log` on `contentDir`; `.none` when git is missing, the folder is not in a repository or
    /// has no commits.
    public static func load(contentDir: URL, git: String = "/usr/bin/env") -> ContentHistory {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: git)
        process.arguments = ["git", "-C", contentDir.path] + gitArguments
        var env = ProcessInfo.processInfo.environment
        env["GIT_PAGER"] = "cat"
        env["LC_ALL"] = "C"
        env.removeValue(forKey: "GIT_DIR")
        env.removeValue(forKey: "GIT_WORK_TREE")
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return .none }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return .none }
        return parse(String(decoding: data, as: UTF8.self))
    }

    /// Parses the output of `git log` with `gitArguments` (newest commit first).
    public static func parse(_ log: String) -> ContentHistory {
        struct FileDiff {
            var path: String
            var added = false
            var deleted = false
            var inHunk = false
            var plus: [String] = []
            var minus: [String] = []
        }
        struct Commit {
            var hash: String
            var time: Time
            var files: [FileDiff] = []
        }
        var commits: [Commit] = []
        for raw in log.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = Substring(raw)
            if line.hasPrefix("\u{1}") {
                let parts = line.dropFirst().split(separator: " ")
                guard parts.count == 2, let t = Int64(parts[1]) else { continue }
                commits.append(Commit(hash: String(parts[0]), time: Time(t)))
                continue
            }
            guard !commits.isEmpty else { continue }
            let c = commits.count - 1
            if line.hasPrefix("diff --git a/") {
                // `diff --git a/P b/P`: without renames both halves are the same path.
                let rest = line.dropFirst("diff --git a/".count)
                let n = (rest.count - " b/".count) / 2
                guard n > 0 else { continue }
                commits[c].files.append(FileDiff(path: String(rest.prefix(n))))
                continue
            }
            guard !commits[c].files.isEmpty else { continue }
            let f = commits[c].files.count - 1
            if commits[c].files[f].inHunk {
                if line.hasPrefix("+") { commits[c].files[f].plus.append(String(line.dropFirst())) }
                else if line.hasPrefix("-") { commits[c].files[f].minus.append(String(line.dropFirst())) }
                else if line.hasPrefix("@@") { continue }
                continue
            }
            if line.hasPrefix("new file mode") { commits[c].files[f].added = true }
            else if line.hasPrefix("deleted file mode") { commits[c].files[f].deleted = true }
            else if line.hasPrefix("@@") { commits[c].files[f].inHunk = true }
        }

        var files: [String: FileDates] = [:]
        var changes: [Change] = []
        var latest: Time?
        // Oldest first, so that changes come out in the order they were made.
        for commit in commits.reversed() {
            latest = max(latest ?? commit.time, commit.time)
            for f in commit.files {
                if f.deleted {
                    files[f.path] = nil
                    continue
                }
                if var d = files[f.path] {
                    d.first = min(d.first, commit.time)
                    d.last = max(d.last, commit.time)
                    files[f.path] = d
                } else {
                    files[f.path] = FileDates(first: commit.time, last: commit.time)
                }
                guard !f.added, f.path.hasSuffix(".md") else { continue }
                if f.path.hasPrefix("policies/"), let to = f.plus.lazy.compactMap(statusValue).first {
                    let from = f.minus.lazy.compactMap(statusValue).first
                    if from != to {
                        changes.append(Change(path: f.path, commit: commit.hash, time: commit.time, kind: .status(from: from, to: to)))
                    }
                }
                let added = disagreements(f.plus)
                let removed = disagreements(f.minus).count
                for text in added.dropFirst(min(removed, added.count)) {
                    changes.append(Change(path: f.path, commit: commit.hash, time: commit.time, kind: .disagreement(text: text)))
                }
            }
        }
        return ContentHistory(files: files, changes: changes, latest: latest)
    }

    /// `status: ended` → "ended".
    static func statusValue(_ line: String) -> String? {
        guard line.hasPrefix("status:") else { return nil }
        var v = line.dropFirst("status:".count).trimmingCharacters(in: .whitespaces)
        if let hash = v.range(of: " #") { v = String(v[..<hash.lowerBound]).trimmingCharacters(in: .whitespaces) }
        if v.count >= 2, let f = v.first, f == "\"" || f == "'", v.last == f { v = String(v.dropFirst().dropLast()) }
        return v.isEmpty ? nil : v
    }

    /// The disagreement callouts that start among `lines`, each as plain text (its first lines).
    static func disagreements(_ lines: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < lines.count {
            let t = lines[i].trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix(">"), let r = t.range(of: "[!DISAGREEMENT]", options: .caseInsensitive),
                  t[t.index(after: t.startIndex)..<r.lowerBound].allSatisfy({ $0 == " " }) else {
                i += 1
                continue
            }
            var text = String(t[r.upperBound...])
            i += 1
            while i < lines.count {
                let next = lines[i].trimmingCharacters(in: .whitespaces)
                guard next.hasPrefix(">"), next.range(of: "[!", options: .caseInsensitive) == nil else { break }
                text += " " + next.dropFirst()
                i += 1
            }
            out.append(plainText(text))
        }
        return out
    }

    /// Markdown of a callout as plain text: wiki links as their labels, citations dropped, emphasis
    /// marks removed, white space folded, at most 280 characters.
    static func plainText(_ markdown: String) -> String {
        var s = ""
        var rest = Substring(markdown)
        while !rest.isEmpty {
            if rest.hasPrefix("[["), let end = rest.range(of: "]]") {
                let inner = rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound]
                var label = inner.split(separator: "|", maxSplits: 1).last.map(String.init) ?? ""
                if !inner.contains("|"), let hash = label.firstIndex(of: "#") { label = String(label[..<hash]) }
                s += label
                rest = rest[end.upperBound...]
            } else if rest.hasPrefix("[@"), let end = rest.firstIndex(of: "]") {
                rest = rest[rest.index(after: end)...]
            } else {
                let c = rest.removeFirst()
                if c != "*" && c != "_" && c != "`" { s.append(c) }
            }
        }
        var folded = s.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        folded = folded.replacingOccurrences(of: " .", with: ".").replacingOccurrences(of: " ,", with: ",")
        if folded.count > 280 { folded = String(folded.prefix(279)) + "…" }
        return folded
    }
}
