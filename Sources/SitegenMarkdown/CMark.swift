import CCmark
import Foundation
import SitegenModel

/// A parsed CommonMark document. Owns its cmark tree and frees it on deinit.
public final class MarkdownDocument {
    let root: OpaquePointer
    /// For a part of a document (`blocks()`): the whole, which owns the tree.
    private let whole: MarkdownDocument?
    /// The Markdown, for exact columns: cmark's count bytes, and miss the indentation of continuation
    /// lines and the backslashes of escapes.
    let source: [UInt8]

    /// Parses `text` with source positions. Raw HTML is kept in the tree (and dropped at render time).
    public init(_ text: String) {
        source = Array(text.utf8)
        whole = nil
        root = source.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                cmark_parse_document(chars.baseAddress, chars.count, CMARK_OPT_SOURCEPOS)
            }
        }
        cmark_consolidate_text_nodes(root)
    }

    /// Byte offset of the start of each line; LF, CR and CRLF end a line, as in CommonMark. A part
    /// of a document shares the whole's (its source is the whole's).
    private lazy var lineStarts: [Int] = whole?.lineStarts ?? {
        var starts = [0]
        source.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count {
                let c = b[i]
                // Every byte of a line ending is below 14 (one comparison for nearly all bytes).
                if c < 14 && (c == 10 || c == 13) {
                    if c == 13, i + 1 < b.count, b[i + 1] == 10 { i += 1 }
                    starts.append(i + 1)
                }
                i += 1
            }
        }
        return starts
    }()

    /// The byte offsets of line `n` (1-based) without its line ending; empty past the end.
    func lineRange(_ n: Int) -> Range<Int> {
        guard n >= 1, n <= lineStarts.count else { return source.count..<source.count }
        var end = n < lineStarts.count ? lineStarts[n] : source.count
        while end > lineStarts[n - 1], source[end - 1] == 10 || source[end - 1] == 13 { end -= 1 }
        return lineStarts[n - 1]..<end
    }

    /// The bytes of line `n` (1-based) without its line ending; empty past the end.
    func line(_ n: Int) -> ArraySlice<UInt8> { source[lineRange(n)] }

    /// cmark's byte column on line `line` as a column of characters (Unicode scalars), as diagnostics count.
    func scalarColumn(line n: Int, byteColumn: Int) -> Int {
        let l = line(n)
        let end = min(l.startIndex + max(byteColumn - 1, 0), l.endIndex)
        return 1 + Self.scalarCount(source, l.startIndex..<end) + max(0, byteColumn - 1 - l.count)
    }

    /// How many characters (bytes that are not UTF-8 continuation bytes) `bytes[range]` holds:
    /// eight bytes at a time.
    static func scalarCount(_ bytes: [UInt8], _ range: Range<Int>) -> Int {
        bytes.withUnsafeBytes { raw in
            var i = range.lowerBound, continuation = 0
            guard let base = raw.baseAddress else { return 0 }
            while i + 8 <= range.upperBound {
                let w = ByteWords.load(base, i)
                // Bit 7 set and bit 6 clear: 10xxxxxx.
                continuation += (w & ~(w << 1) & ByteWords.high).nonzeroBitCount
                i += 8
            }
            while i < range.upperBound {
                if raw[i] & 0xC0 == 0x80 { continuation += 1 }
                i += 1
            }
            return range.count - continuation
        }
    }

    /// A part of `whole`: its block `node`, read as a document of its own. Positions stay those of
    /// the whole text (the source is shared); the whole is kept alive and frees the tree.
    private init(part node: OpaquePointer, of whole: MarkdownDocument) {
        root = node
        source = whole.source
        self.whole = whole
    }

    deinit { if whole == nil { cmark_node_free(root) } }

    /// The top-level blocks of the document, each with its first and last line.
    public func blocks() -> [(part: MarkdownDocument, startLine: Int, endLine: Int)] {
        var out: [(MarkdownDocument, Int, Int)] = []
        var child = cmark_node_first_child(root)
        while let c = child {
            out.append((MarkdownDocument(part: c, of: self), Int(cmark_node_get_start_line(c)), Int(cmark_node_get_end_line(c))))
            child = cmark_node_next(c)
        }
        return out
    }

    /// Whether this part is a paragraph.
    public var isParagraph: Bool { cmark_node_get_type(root) == CMARK_NODE_PARAGRAPH }

    /// The column, counted in characters (Unicode scalars), of cmark's 1-based byte column `column` on
    /// 1-based `line`: the two differ after any non-ASCII character on the line.
    func characterColumn(line: Int, byteColumn column: Int) -> Int {
        scalarColumn(line: line, byteColumn: column)
    }

    /// `node`'s nearest known position, its column in characters.
    func position(_ node: MarkdownNode) -> (line: Int, column: Int) {
        let (l, c) = node.location
        return (l, characterColumn(line: l, byteColumn: c))
    }

    /// Renders to HTML in cmark's safe mode: raw HTML is omitted and dangerous URLs are emptied.
    /// Custom nodes that sitegen inserted are emitted as they are.
    public func renderHTML() -> HTML {
        guard let cstr = cmark_render_html(root, CMARK_OPT_DEFAULT) else { return "" }
        defer { free(cstr) }
        return HTML(trusted: Self.bytes(cstr))
    }

    /// Renders one node of the document (a callout box) and its children, as `renderHTML` does.
    func renderHTML(_ node: MarkdownNode) -> HTML {
        guard let cstr = cmark_render_html(node.ptr, CMARK_OPT_DEFAULT) else { return "" }
        defer { free(cstr) }
        return HTML(trusted: Self.bytes(cstr))
    }

    /// The bytes of cmark's output (UTF-8, since its input is).
    static func bytes(_ cstr: UnsafeMutablePointer<CChar>) -> [UInt8] {
        let count = strlen(cstr)
        return cstr.withMemoryRebound(to: UInt8.self, capacity: count) { Array(UnsafeBufferPointer(start: $0, count: count)) }
    }

    /// Renders a one-paragraph document as inline HTML: the paragraph's content without `<p>`.
    /// Works on cmark's bytes (a Foundation `contains` here cost 40,000 instructions a call).
    public func renderInlineHTML() -> HTML {
        guard let cstr = cmark_render_html(root, CMARK_OPT_DEFAULT) else { return "" }
        defer { free(cstr) }
        let count = strlen(cstr)
        return cstr.withMemoryRebound(to: UInt8.self, capacity: count) { p in
            let b = UnsafeBufferPointer(start: p, count: count)
            var end = count
            while end > 0 && b[end - 1] == 10 { end -= 1 }
            var start = 0
            func isOpen(_ i: Int) -> Bool { b[i] == 60 && b[i + 1] == 112 && b[i + 2] == 62 }   // <p>
            if end >= 7, isOpen(0), b[end - 4] == 60, b[end - 3] == 47, b[end - 2] == 112, b[end - 1] == 62 {
                var another = false
                var i = 3
                while i + 3 <= end { if isOpen(i) { another = true; break }; i += 1 }
                if !another { start = 3; end -= 4 }
            }
            return HTML(trusted: Array(b[start..<end]))
        }
    }

    /// All nodes in document order (entering events only).
    func nodes() -> [MarkdownNode] {
        var result: [MarkdownNode] = []
        let iter = cmark_iter_new(root)
        defer { cmark_iter_free(iter) }
        while true {
            let ev = cmark_iter_next(iter)
            if ev == CMARK_EVENT_DONE { break }
            if ev == CMARK_EVENT_ENTER, let n = cmark_iter_get_node(iter) {
                result.append(MarkdownNode(n))
            }
        }
        return result
    }
}

/// A borrowed pointer to a node of a `MarkdownDocument`.
struct MarkdownNode: Hashable {
    let ptr: OpaquePointer
    init(_ ptr: OpaquePointer) { self.ptr = ptr }

    var type: cmark_node_type { cmark_node_get_type(ptr) }
    var literal: String {
        guard let c = cmark_node_get_literal(ptr) else { return "" }
        return String(cString: c)
    }
    /// A line and column the annotation pass noted for this node, kept in cmark's user data (no
    /// dictionary of nodes is needed).
    var place: (Int, Int)? {
        get {
            guard let p = cmark_node_get_user_data(ptr) else { return nil }
            let v = Int(bitPattern: p)
            return (v >> 32, v & 0xFFFF_FFFF)
        }
        nonmutating set {
            guard let (l, c) = newValue, l > 0, l < 1 << 30, c >= 0, c < 1 << 32 else {
                cmark_node_set_user_data(ptr, nil)
                return
            }
            cmark_node_set_user_data(ptr, UnsafeMutableRawPointer(bitPattern: l << 32 | c))
        }
    }

    /// Whether the literal holds `[[` or `[@`, read in place (no string is made).
    var literalMayHoldAnnotation: Bool {
        guard let c = cmark_node_get_literal(ptr) else { return false }
        let n = strlen(c)
        return c.withMemoryRebound(to: UInt8.self, capacity: n) {
            holdsAnnotationOpener(UnsafeBufferPointer(start: $0, count: n))
        }
    }
    var url: String {
        guard let c = cmark_node_get_url(ptr) else { return "" }
        return String(cString: c)
    }
    var startLine: Int { Int(cmark_node_get_start_line(ptr)) }
    var startColumn: Int { Int(cmark_node_get_start_column(ptr)) }
    var headingLevel: Int { Int(cmark_node_get_heading_level(ptr)) }
    var parent: MarkdownNode? { cmark_node_parent(ptr).map(MarkdownNode.init) }
    var firstChild: MarkdownNode? { cmark_node_first_child(ptr).map(MarkdownNode.init) }
    var next: MarkdownNode? { cmark_node_next(ptr).map(MarkdownNode.init) }
    var previous: MarkdownNode? { cmark_node_previous(ptr).map(MarkdownNode.init) }
    var children: [MarkdownNode] {
        var out: [MarkdownNode] = []
        var c = firstChild
        while let n = c { out.append(n); c = n.next }
        return out
    }

    /// The nearest position cmark knows for this node (inline nodes may have none).
    var location: (line: Int, column: Int) {
        var n: MarkdownNode? = self
        while let cur = n {
            if cur.startLine > 0 { return (cur.startLine, max(cur.startColumn, 1)) }
            n = cur.parent
        }
        return (1, 1)
    }

    /// Plain text of the node's descendants.
    var plainText: String {
        var out = ""
        let iter = cmark_iter_new(ptr)
        defer { cmark_iter_free(iter) }
        while true {
            let ev = cmark_iter_next(iter)
            if ev == CMARK_EVENT_DONE { break }
            guard ev == CMARK_EVENT_ENTER, let n = cmark_iter_get_node(iter) else { continue }
            switch cmark_node_get_type(n) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if let c = cmark_node_get_literal(n) { out += String(cString: c) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                out += " "
            default: break
            }
        }
        return out
    }

    // MARK: building

    static func text(_ s: String) -> MarkdownNode {
        let n = cmark_node_new(CMARK_NODE_TEXT)!
        cmark_node_set_literal(n, s)
        return MarkdownNode(n)
    }

    /// A text node of UTF-8 bytes (copied by cmark; no string is made). A NUL byte, which C would
    /// read as the end, ends the text there: cmark never puts one in a text (it reads U+0000 as U+FFFD).
    static func text(_ bytes: ArraySlice<UInt8>) -> MarkdownNode {
        let n = cmark_node_new(CMARK_NODE_TEXT)!
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buf in
            var k = 0
            for b in bytes { buf[k] = CChar(bitPattern: b); k += 1 }
            buf[k] = 0
            cmark_node_set_literal(n, buf.baseAddress)
        }
        return MarkdownNode(n)
    }

    static func softBreak() -> MarkdownNode { MarkdownNode(cmark_node_new(CMARK_NODE_SOFTBREAK)!) }

    /// An inline node whose HTML is given verbatim: `enter`, then its children, then `exit`.
    static func customInline(enter: HTML, exit: HTML) -> MarkdownNode {
        let n = cmark_node_new(CMARK_NODE_CUSTOM_INLINE)!
        setCustom(n, enter: enter, exit: exit)
        return MarkdownNode(n)
    }

    /// Sets a custom node's markup from the bytes, each with a NUL after it as cmark wants.
    private static func setCustom(_ n: OpaquePointer, enter: HTML, exit: HTML) {
        func cString(_ h: HTML, _ body: (UnsafePointer<CChar>) -> Void) {
            var b = h.bytes
            b.append(0)
            b.withUnsafeBufferPointer { $0.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) { body($0) } }
        }
        cString(enter) { cmark_node_set_on_enter(n, $0) }
        cString(exit) { cmark_node_set_on_exit(n, $0) }
    }

    static func customBlock(enter: HTML, exit: HTML) -> MarkdownNode {
        let n = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK)!
        setCustom(n, enter: enter, exit: exit)
        return MarkdownNode(n)
    }

    func append(_ child: MarkdownNode) { cmark_node_append_child(ptr, child.ptr) }
    func insertBefore(_ sibling: MarkdownNode) { cmark_node_insert_before(ptr, sibling.ptr) }
    func setLiteral(_ s: String) { cmark_node_set_literal(ptr, s) }
    func setURL(_ s: String) { cmark_node_set_url(ptr, s) }
    func unlinkAndFree() {
        cmark_node_unlink(ptr)
        cmark_node_free(ptr)
    }
    func unlink() { cmark_node_unlink(ptr) }
}
