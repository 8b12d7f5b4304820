import CCmark
import Foundation
import SitegenModel

/// A word of a page's running text, with its place: what `sitegen mentions` looks for names in.
public struct ProseWord: Sendable, Hashable {
    /// The word as written: letters and digits.
    public var text: String
    public var location: SourceLocation
    /// Whether only white space, an apostrophe or a hyphen separates it from the word before, so
    /// that a name of several words may run on to it.
    public var continues: Bool
    /// What separates it from the word before when it continues (` `, `'s `, `-`), line breaks as spaces.
    public var gap: String

    public init(text: String, location: SourceLocation, continues: Bool, gap: String = " ") {
        self.text = text
        self.location = location
        self.continues = continues
        self.gap = gap
    }

    /// The words of a name, split as running text is.
    public static func words(of name: String) -> [String] {
        var out: [String] = []
        var cur = String.UnicodeScalarView()
        for s in name.unicodeScalars {
            if isWordScalar(s) { cur.append(s) } else if !cur.isEmpty { out.append(String(cur)); cur = .init() }
        }
        if !cur.isEmpty { out.append(String(cur)) }
        return out
    }

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 97 && v <= 122) || (v >= 65 && v <= 90) || (v >= 48 && v <= 57)
        }
        return s.properties.isAlphabetic || s.properties.numericType != nil || s.properties.generalCategory == .nonspacingMark
    }

    /// Separators a name may run across: white space, apostrophes, hyphens.
    static func isSoftSeparator(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 9, 10, 32, 39, 45, 0xA0, 0x2010, 0x2011, 0x2019: return true
        default: return false
        }
    }
}

extension MarkdownDocument {
    /// The words of the running text, in order: outside code, links, images, headings, raw HTML and
    /// quoted material (block quotes other than callouts), and without wiki links and citations (which
    /// also end a name). Lines of the Markdown start at file line `lineBase + 1`.
    public func proseWords(lineBase: Int) -> [ProseWord] {
        var words: [ProseWord] = []
        var seen = Set<MarkdownNode>()
        for n in nodes() where n.type == CMARK_NODE_TEXT {
            guard let parent = n.parent, !seen.contains(parent), isProse(n) else { continue }
            seen.insert(parent)
            var run: [MarkdownNode] = []
            var child = parent.firstChild
            while true {
                if let c = child, c.type == CMARK_NODE_TEXT || c.type == CMARK_NODE_SOFTBREAK {
                    run.append(c)
                } else {
                    if !run.isEmpty { appendWords(of: run, parent: parent, lineBase: lineBase, into: &words) }
                    // Anything else inline (emphasis, code, a link) ends a name: a run's first word never continues.
                    run = []
                }
                guard let c = child else { break }
                child = c.next
            }
        }
        return words
    }

    private func isProse(_ n: MarkdownNode) -> Bool {
        var p = n.parent
        while let cur = p {
            switch cur.type {
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE, CMARK_NODE_HEADING, CMARK_NODE_CUSTOM_INLINE, CMARK_NODE_CUSTOM_BLOCK:
                return false
            case CMARK_NODE_BLOCK_QUOTE:
                // A callout is our own text; any other block quote is quoted material.
                guard let para = cur.firstChild, para.type == CMARK_NODE_PARAGRAPH, let t = para.firstChild,
                      t.type == CMARK_NODE_TEXT, t.literal.hasPrefix("[!") else { return false }
            default: break
            }
            p = cur.parent
        }
        return true
    }

    /// Appends the words of a run of text and soft breaks.
    private func appendWords(of run: [MarkdownNode], parent: MarkdownNode, lineBase: Int, into words: inout [ProseWord]) {
        var bytes: [UInt8] = []
        var starts: [(offset: Int, line: Int, column: Int)] = []
        var (line, column) = position(parent)
        for n in run {
            if n.type == CMARK_NODE_SOFTBREAK {
                bytes.append(10)
                continue
            }
            if n.startLine > 0 {
                (line, column) = (n.startLine, characterColumn(line: n.startLine, byteColumn: n.startColumn))
                starts.append((bytes.count, line, column))
            }
            bytes.append(contentsOf: n.literal.utf8)
        }
        // Wiki links and citations are not prose.
        var plain = [Bool](repeating: true, count: bytes.count)
        for t in AnnotationScanner(bytes).scan() {
            switch t {
            case .text: break
            case let .wikiLink(r, _, _), let .citation(r, _, _), let .malformedCitation(r), let .unclosed(r, _):
                for i in r { plain[i] = false }
            }
        }
        var next = 0
        var (l, c) = (starts.first?.line ?? line, starts.first?.column ?? column)
        var offset = 0
        var current = String.UnicodeScalarView()
        var currentAt = SourceLocation.file
        var soft = false  // only soft separators since the last word
        var gap = ""
        var first = true
        func flush() {
            guard !current.isEmpty else { return }
            words.append(ProseWord(text: String(current), location: currentAt, continues: soft && !first, gap: gap))
            current = .init()
            first = false
            soft = true
            gap = ""
        }
        for s in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            while next < starts.count, starts[next].offset <= offset {
                (l, c) = (starts[next].line, starts[next].column)
                next += 1
            }
            let width = UTF8.width(s)
            if plain[offset] && ProseWord.isWordScalar(s) {
                if current.isEmpty { currentAt = SourceLocation(line: l + lineBase, column: c) }
                current.append(s)
            } else {
                flush()
                if plain[offset] && ProseWord.isSoftSeparator(s) {
                    if s == "\n" || s == "\t" || s.value == 0xA0 { gap += " " } else { gap.unicodeScalars.append(s) }
                } else {
                    soft = false
                }
            }
            if s == "\n" { l += 1; c = 1 } else { c += 1 }
            offset += width
        }
        flush()
    }
}
