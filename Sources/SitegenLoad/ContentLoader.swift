import Foundation
import SitegenModel

/// What one load keeps for the next: loaded files by path relative to the content folder, so that a
/// file whose bytes did not change is not parsed again.
public final class LoadCache: @unchecked Sendable {
    var loaded: [String: ContentLoader.LoadedFile] = [:]
    public init() {}
}

/// Reads the content folder into pages: stage one of the build.
public struct ContentLoader {
    public let contentDir: URL
    /// How paths are shown in diagnostics (`content/countries/mexico.md`).
    public let displayPrefix: String

    public init(contentDir: URL, displayPrefix: String) {
        self.contentDir = contentDir.standardizedFileURL
        self.displayPrefix = displayPrefix
    }

    /// The result of loading one file, kept by a `LoadCache` with the bytes it came from.
    public struct LoadedFile: Sendable {
        var data: Data?
        var page: Page?
        var diagnostics: [Diagnostic]
        /// Changes whenever the file's path or bytes change.
        var token: Int
    }

    /// Loads every page, in path order. Drafts are dropped here. With a cache, a file whose bytes
    /// have not changed since the last build is not parsed again.
    public func load(cache: LoadCache? = nil) -> (pages: [Page], diagnostics: [Diagnostic]) {
        var diags: [Diagnostic] = []
        let files = listFiles(&diags)
        let previous = cache?.loaded ?? [:]
        let results = concurrentMap(files.count) { i -> LoadedFile in
            let rel = files[i]
            let data = FileManager.default.contents(atPath: contentDir.path + "/" + rel)
            if let data, let old = previous[rel], old.data == data { return old }
            var d: [Diagnostic] = []
            let page = loadFile(rel, data: data, &d)
            // Only a cache needs the token; a full build does not hash every file.
            var token = 0
            if cache != nil {
                var h = Hasher()
                h.combine(rel)
                h.combine(data)
                token = h.finalize()
            }
            return LoadedFile(data: data, page: page, diagnostics: d, token: token)
        }
        if let cache {
            cache.loaded = Dictionary(uniqueKeysWithValues: zip(files, results))
        }
        let pages = results.map(\.page)
        for r in results { diags.append(contentsOf: r.diagnostics) }
        let loaded = pages.compactMap { $0 }.filter { !$0.meta.draft }
        diags.append(contentsOf: checkSlugCollisions(loaded))
        return (loaded, diags)
    }

    /// Relative paths of the Markdown files, sorted; reports stray files, unknown folders and symlinks.
    func listFiles(_ diags: inout [Diagnostic]) -> [String] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: contentDir.path, isDirectory: &isDir), isDir.boolValue else {
            diags.append(.error(displayPrefix, .file, "content folder not found"))
            return []
        }
        let realRoot = contentDir.resolvingSymlinksInPath().path
        var out: [String] = []
        func walk(_ rel: String, depth: Int) {
            let dir = rel.isEmpty ? contentDir.path : contentDir.path + "/" + rel
            guard let names = try? fm.contentsOfDirectory(atPath: dir) else {
                diags.append(.error(display(rel), .file, "cannot read folder"))
                return
            }
            for name in names.sorted() {
                if name.hasPrefix(".") || name.hasPrefix("_") { continue }
                let childRel = rel.isEmpty ? name : rel + "/" + name
                let full = contentDir.path + "/" + childRel
                // One lstat per entry (Foundation's attribute dictionary costs more than the file's parse).
                var st = stat()
                var isLink = false, childIsDir = false, isRegular = false
                if lstat(full, &st) == 0 {
                    isLink = st.st_mode & S_IFMT == S_IFLNK
                    childIsDir = st.st_mode & S_IFMT == S_IFDIR
                    isRegular = st.st_mode & S_IFMT == S_IFREG
                }
                if isLink {
                    let target = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
                    if !(target == realRoot || target.hasPrefix(realRoot + "/")) {
                        diags.append(.error(display(childRel), .file, "symbolic link leads out of the content folder (to \(target)); refused"))
                        continue
                    }
                    var linked = stat()
                    if stat(full, &linked) == 0 {
                        childIsDir = linked.st_mode & S_IFMT == S_IFDIR
                        isRegular = linked.st_mode & S_IFMT == S_IFREG
                    }
                }
                if childIsDir {
                    if depth == 0, PageKind.forFolder(name) != nil {
                        walk(childRel, depth: 1)
                    } else {
                        let known = PageKind.sections.compactMap(\.folder).joined(separator: ", ")
                        diags.append(.error(display(childRel), .file, "unknown content folder; pages go in \(known) or at the top level"))
                    }
                } else if name.hasSuffix(".md") {
                    // Reading a named pipe or a device would block or never end.
                    guard isRegular else {
                        diags.append(.error(display(childRel), .file, "not a regular file (a named pipe, socket or device); refused"))
                        continue
                    }
                    out.append(childRel)
                } else {
                    diags.append(.error(display(childRel), .file, "not a Markdown file (`.md`); move it to templates/assets/ or rename it with a leading `_` to ignore it"))
                }
            }
        }
        walk("", depth: 0)
        return out
    }

    func display(_ rel: String) -> String {
        displayPrefix.isEmpty ? rel : displayPrefix + "/" + rel
    }

    func loadFile(_ rel: String, data: Data?, _ diags: inout [Diagnostic]) -> Page? {
        let path = display(rel)
        let parts = rel.split(separator: "/").map(String.init)
        let fileName = parts.last!
        let base = String(fileName.dropLast(3))
        let kind: PageKind
        if parts.count == 1 {
            kind = base == "index" ? .home : .page
        } else {
            kind = PageKind.forFolder(parts[0])!
        }
        guard Self.isValidSlug(base) else {
            diags.append(.error(path, .file, "file name `\(fileName)` is not a valid slug: use lower-case letters, digits and single hyphens (`el-salvador.md`)"))
            return nil
        }
        if kind != .home && kind != .page && base == "index" {
            diags.append(.error(path, .file, "`index.md` is reserved for the home page; the section index is generated"))
            return nil
        }
        if kind == .page, PageKind.forFolder(base) != nil || Self.reservedPages.contains(base) {
            diags.append(.error(path, .file, "`\(base)` is a generated page; choose another name"))
            return nil
        }
        guard let data else {
            diags.append(.error(path, .file, "cannot read file"))
            return nil
        }
        let text: String
        switch TextDecoding.decode(data) {
        case let .failure(loc, msg):
            diags.append(.error(path, loc, msg))
            return nil
        case let .success(t):
            text = t
        }
        guard let split = FrontMatterSplit(text) else {
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                diags.append(.error(path, SourceLocation(line: 1, column: 1), "empty file: a page starts with front matter between `---` lines"))
            } else if text.hasPrefix("---") {
                diags.append(.error(path, SourceLocation(line: 1, column: 1), "front matter is not closed: add a `---` line after it"))
            } else {
                diags.append(.error(path, SourceLocation(line: 1, column: 1), "missing front matter: a page starts with a `---` line, its fields, and another `---` line"))
            }
            return nil
        }
        // Control characters have no place in a page; libyaml would reject one in the front matter
        // without saying where. One in the body is reported and the page is still loaded.
        if let (loc, c, more) = Self.firstControlCharacter(split.yaml, lineOffset: 1) {
            diags.append(.error(path, loc, Self.controlMessage(c, more, where: "front matter")))
            return nil
        }
        if let (loc, c, more) = Self.firstControlCharacter(split.body, lineOffset: split.bodyLineOffset) {
            diags.append(.error(path, loc, Self.controlMessage(c, more, where: "page text")))
        }
        let (meta, d) = FrontMatter.parse(split.yaml, kind: kind, path: path, lineOffset: 1)
        diags.append(contentsOf: d)
        // With errors the page is kept with the fields that were valid (none when the YAML itself is
        // broken: then only its slug), so that links to it still resolve.
        return Page(kind: kind, slug: kind == .home ? "index" : base, relativePath: rel, displayPath: path,
                    meta: meta ?? PageMeta(), body: split.body, bodyLineOffset: split.bodyLineOffset,
                    hasErrors: meta == nil || d.contains { $0.severity == .error })
    }

    /// Whether UTF-8 bytes hold a control character other than tab and line feed: a C0 byte, DEL, or
    /// a C1 character (U+0080 to U+009F, `C2 80` to `C2 9F`). Eight bytes at a time: a word with no
    /// byte below 0x20 and no 0x7F or 0xC2 byte is passed at once.
    static func hasControlCharacter(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        var i = 0
        if let base = buf.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= buf.count {
                let w = ByteWords.load(raw, i)
                let marks = ByteWords.below(w, 0x20) | ByteWords.equal(w, 0x7F) | ByteWords.equal(w, 0xC2)
                if marks == 0 && !(previous == 0xC2 && buf[i] >= 0x80 && buf[i] <= 0x9F) {
                    previous = buf[i + 7]
                    i += 8
                    continue
                }
                // A candidate in this word: its bytes one by one.
                for k in i..<(i + 8) {
                    if isControl(buf[k], after: previous) { return true }
                    previous = buf[k]
                }
                i += 8
            }
        }
        while i < buf.count {
            if isControl(buf[i], after: previous) { return true }
            previous = buf[i]
            i += 1
        }
        return false
    }

    /// Whether byte `b`, after byte `previous`, is (the end of) a control character.
    @inline(__always) static func isControl(_ b: UInt8, after previous: UInt8) -> Bool {
        (b < 0x20 && b != 0x09 && b != 0x0A) || b == 0x7F || (previous == 0xC2 && b >= 0x80 && b <= 0x9F)
    }

    /// The place of the first control character of `text` (whose first line is file line
    /// `lineOffset + 1`; columns count characters), the character, and how many more follow it.
    static func firstControlCharacter(_ text: String, lineOffset: Int) -> (SourceLocation, Unicode.Scalar, Int)? {
        // Nearly every text has none: one tight pass over the bytes decides, and only a text that has
        // one is walked again for lines and columns.
        var copy = text
        guard copy.withUTF8({ hasControlCharacter($0) }) else { return nil }
        var found: (SourceLocation, Unicode.Scalar)?
        var more = 0
        var line = lineOffset + 1, col = 1
        var previous: UInt8 = 0
        for b in text.utf8 {
            // `col` is the column after the character that `b` starts or continues.
            var at: Int?
            if (b < 0x20 && b != 0x09 && b != 0x0A) || b == 0x7F {
                at = col
            } else if previous == 0xC2 && (0x80...0x9F).contains(b) {
                at = col - 1  // a C1 control, U+0080 to U+009F: its lead byte was counted
            }
            if let at {
                if found == nil { found = (SourceLocation(line: line, column: at), Unicode.Scalar(UInt8(b))) } else { more += 1 }
            }
            if b == 0x0A { line += 1; col = 1 } else if b & 0xC0 != 0x80 { col += 1 }
            previous = b
        }
        return found.map { ($0.0, $0.1, more) }
    }

    static func controlMessage(_ c: Unicode.Scalar, _ more: Int, where place: String) -> String {
        var msg = "control character \(ControlCharacters.name(c)) in the \(place)"
        if more > 0 { msg += " (and \(more) more)" }
        return msg + "; remove it"
    }

    /// Names of generated top-level pages that content may not take.
    static let reservedPages: Set<String> = ["figures", "timeline", "map", "search", "assets", "404"]

    static func isValidSlug(_ s: String) -> Bool {
        guard !s.isEmpty, s.count <= 100, !s.hasPrefix("-"), !s.hasSuffix("-"), !s.contains("--") else { return false }
        return s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }

    func checkSlugCollisions(_ pages: [Page]) -> [Diagnostic] {
        var seen: [String: Page] = [:]
        var out: [Diagnostic] = []
        for p in pages where p.kind != .home {
            if let other = seen[p.slug] {
                out.append(.error(p.displayPath, .file, "slug `\(p.slug)` is already used by \(other.displayPath); slugs are unique across the wiki"))
            } else {
                seen[p.slug] = p
            }
        }
        return out
    }
}

/// The front matter and body of a file.
struct FrontMatterSplit {
    var yaml: String
    var body: String
    /// Lines before the body.
    var bodyLineOffset: Int

    init?(_ text: String) {
        // The first line must be exactly `---` (trailing spaces allowed); the front matter ends at the
        // next line that is `---` or `...`. Scans bytes: bodies can be large.
        let u = Array(text.utf8)
        func lineEnd(_ start: Int) -> Int { var i = start; while i < u.count && u[i] != 10 { i += 1 }; return i }
        func isDelimiter(_ a: Int, _ b: Int, allowDots: Bool) -> Bool {
            var e = b
            while e > a && (u[e - 1] == 32 || u[e - 1] == 9) { e -= 1 }
            guard e - a == 3 else { return false }
            return (u[a] == 45 && u[a + 1] == 45 && u[a + 2] == 45) || (allowDots && u[a] == 46 && u[a + 1] == 46 && u[a + 2] == 46)
        }
        let firstEnd = lineEnd(0)
        guard isDelimiter(0, firstEnd, allowDots: false), firstEnd < u.count else { return nil }
        var line = 2
        var start = firstEnd + 1
        while start <= u.count {
            let end = lineEnd(start)
            if isDelimiter(start, end, allowDots: true) {
                yaml = String(decoding: u[(firstEnd + 1)..<max(firstEnd + 1, start - 1)], as: UTF8.self)
                body = end < u.count ? String(decoding: u[(end + 1)...], as: UTF8.self) : ""
                bodyLineOffset = line
                return
            }
            if end >= u.count { break }
            start = end + 1
            line += 1
        }
        return nil
    }
}

/// Turns file bytes into text: UTF-8 only, no NUL bytes; a BOM is dropped and CRLF becomes LF.
public enum TextDecoding {
    public enum Result {
        case success(String)
        case failure(SourceLocation, String)
    }

    public static func decode(_ data: Data) -> Result {
        // The common case, valid UTF-8 with no NUL and no CR, costs one validation and one copy.
        let fast = data.withUnsafeBytes { raw -> String? in
            var buf = raw.bindMemory(to: UInt8.self)
            if buf.count >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF { buf = UnsafeBufferPointer(rebasing: buf[3...]) }
            guard let base = buf.baseAddress else { return "" }
            if memchr(base, 0, buf.count) != nil || memchr(base, 13, buf.count) != nil { return nil }
            return String(validating: buf, as: UTF8.self)
        }
        if let fast { return .success(fast) }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let nul = bytes.firstIndex(of: 0) {
            return .failure(location(of: nul, in: bytes), "NUL byte in file; is this a binary file?")
        }
        if let bad = firstInvalidUTF8(bytes) {
            return .failure(location(of: bad, in: bytes), "invalid UTF-8 (byte 0x\(String(bytes[bad], radix: 16, uppercase: true))); save the file as UTF-8")
        }
        var s = String(decoding: bytes, as: UTF8.self)
        if bytes.contains(13) {
            s = s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        return .success(s)
    }

    static func location(of offset: Int, in bytes: [UInt8]) -> SourceLocation {
        var line = 1, col = 1
        for b in bytes[..<offset] {
            if b == 10 { line += 1; col = 1 } else if b & 0xC0 != 0x80 { col += 1 }
        }
        return SourceLocation(line: line, column: col)
    }

    static func firstInvalidUTF8(_ b: [UInt8]) -> Int? {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            var len = 0
            var minCP: UInt32 = 0
            var cp: UInt32 = 0
            if c & 0xE0 == 0xC0 { len = 2; cp = UInt32(c & 0x1F); minCP = 0x80 }
            else if c & 0xF0 == 0xE0 { len = 3; cp = UInt32(c & 0x0F); minCP = 0x800 }
            else if c & 0xF8 == 0xF0 { len = 4; cp = UInt32(c & 0x07); minCP = 0x10000 }
            else { return i }
            guard i + len <= n else { return i }
            for k in 1..<len {
                let cc = b[i + k]
                guard cc & 0xC0 == 0x80 else { return i }
                cp = cp << 6 | UInt32(cc & 0x3F)
            }
            if cp < minCP || cp > 0x10FFFF || (0xD800...0xDFFF).contains(cp) { return i }
            i += len
        }
        return nil
    }
}
