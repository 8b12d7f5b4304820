import Foundation
import FuzzSupport
import SiteTemplates
import SitegenMarkdown
import SitegenModel

/// A handler that resolves every other link and citation, so both paths of the pass are taken.
struct Handler: AnnotationHandler {
    var n = 0
    /// The input's lines as Unicode scalars (columns count scalars, as diagnostics do).
    let source: [[Unicode.Scalar]]
    var lines: Int { source.count }

    mutating func check(_ at: SourceLocation) {
        fuzzCheck(at.line >= 1 && at.line <= lines, "annotation at line \(at.line) of \(lines)")
        fuzzCheck(at.column >= 1, "annotation at column \(at.column)")
    }

    /// A link or citation is reported where its `[[` or `[@` is. Lines with a backslash escape, an
    /// entity or a tab are skipped: cmark's text there differs from the source.
    func checkPlace(_ at: SourceLocation, _ opener: String) {
        let line = source[at.line - 1]
        guard !line.contains(where: { $0 == "\\" || $0 == "&" || $0 == "\t" }) else { return }
        let o = Array(opener.unicodeScalars)
        let c = at.column - 1
        fuzzCheck(c + 1 < line.count && line[c] == o[0] && line[c + 1] == o[1],
                  "\(opener) reported at \(at.line):\(at.column), where the line is \(String(String.UnicodeScalarView(line)).debugDescription)")
    }

    mutating func wikiLink(target: String, label: String?, at: SourceLocation) -> (href: String, summary: String, label: String)? {
        check(at)
        checkPlace(at, "[[")
        n += 1
        return n % 2 == 0 ? nil : ("../x/", "A <summary> & \"quote\"".htmlEscaped, label ?? target)
    }

    mutating func citation(source: String, quote: String?, at: SourceLocation) -> CitationMark? {
        check(at)
        checkPlace(at, "[@")
        fuzzCheck(source.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }, "citation slug \(source.debugDescription)")
        n += 1
        return n % 2 == 0 ? nil : CitationMark(number: n, markID: "cite-\(n)-1", href: "#ref-\(n)")
    }

    mutating func error(_ loc: SourceLocation, _ message: String) { check(loc) }
    mutating func warning(_ loc: SourceLocation, _ message: String) { check(loc) }
}

let markup = SiteMarkup()

/// The lines of `text` split as CommonMark splits them (LF, CR, CRLF).
func sourceLines(_ text: String) -> [[Unicode.Scalar]] {
    var lines: [[Unicode.Scalar]] = [[]]
    var previousCR = false
    for u in text.unicodeScalars {
        if u == "\n" && previousCR { previousCR = false; continue }
        previousCR = u == "\r"
        if u == "\n" || u == "\r" { lines.append([]) } else { lines[lines.count - 1].append(u) }
    }
    return lines
}

/// The Markdown of a page body through cmark and the annotation pass, rendered to HTML; and the
/// scanner on its own, whose tokens must tile the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAnnotations(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start = data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    var covered = 0
    for t in AnnotationScanner(bytes).scan() {
        let r: Range<Int>
        switch t {
        case let .text(x): r = x
        case let .wikiLink(x, target, label):
            r = x
            fuzzCheck(x.contains(target.lowerBound) && target.upperBound <= x.upperBound, "target outside its link")
            if let label { fuzzCheck(label.lowerBound >= target.upperBound && label.upperBound <= x.upperBound, "label outside its link") }
        case let .citation(x, slug, quote):
            r = x
            fuzzCheck(slug.lowerBound >= x.lowerBound && slug.upperBound <= x.upperBound, "slug outside its citation")
            if let quote { fuzzCheck(quote.lowerBound >= slug.upperBound && quote.upperBound <= x.upperBound, "quote outside its citation") }
        case let .malformedCitation(x): r = x
        case let .unclosed(x, _): r = x
        }
        fuzzCheck(r.lowerBound == covered && r.upperBound > r.lowerBound, "tokens do not tile the input at \(covered): \(t)")
        covered = r.upperBound
    }
    fuzzCheck(covered == bytes.count || covered == 0 && bytes.count < 2 || bytes.isEmpty, "tokens end at \(covered) of \(bytes.count)")

    // Page bodies never hold NUL (the loader refuses the file); cmark would read it as U+FFFD, so the
    // text is given that way and its source columns stay comparable.
    let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\0", with: "\u{FFFD}")
    var pass = AnnotationPass(handler: Handler(source: sourceLines(text)), markup: markup)
    let doc = MarkdownDocument(text)
    let headings = pass.annotate(doc, lineBase: 0)
    checkHeadings(headings, markup: markup)
    let html = doc.renderHTML().string
    fuzzCheck(!html.contains("<script"), "a script element in the HTML")
    return 0
}

fuzzMain(fuzzAnnotations)
