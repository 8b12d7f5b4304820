import Foundation
import SitegenMarkdown
import SitegenModel

/// A front-matter fact with its value rendered.
public struct ResolvedFact: Sendable, Hashable {
    public var label: String
    public var html: HTML
    /// Whether the value carries at least one citation.
    public var cited: Bool
}

/// A figure with its note rendered and its citation mark.
public struct ResolvedFigure: Sendable, Hashable {
    public var figure: Figure
    public var noteHTML: HTML?
    public var cite: CitationMark?
}

/// An event with its text rendered for its own page and for the timeline.
public struct ResolvedEvent: Sendable, Hashable {
    public var event: Event
    public var textHTML: HTML
    public var cite: CitationMark?
    /// `textHTML` with links relative to the timeline page.
    public var timelineHTML: HTML
    /// The citation mark as seen from the timeline: it points at the page's References.
    public var timelineCite: CitationMark?
    /// Pages the event's text links to.
    public var linked: [PageID] = []
}

/// One page with its Markdown rendered and its annotations resolved.
public struct ResolvedPage: Sendable, Hashable {
    public var bodyHTML: HTML
    public var headings: [Heading]
    public var facts: [ResolvedFact]
    public var figures: [ResolvedFigure]
    public var events: [ResolvedEvent]
    public var citations: [Citation]
    public var links: [OutgoingLink]
    /// Pages named by front-matter fields, by field.
    public var related: [PageID]
    public var countries: [PageID]
    public var actors: [PageID]
    public var diagnostics: [Diagnostic]
    public var quotesChecked: Int
    public var quotesUnverified: Int
    public var quotesNotFound: Int
    /// The page's `[!DISAGREEMENT]` boxes, rendered for the disagreements page.
    public var disagreements: [CalloutRecord] = []
}

/// Resolves one page: front-matter references, infobox, figures, events and the body. Pure over the
/// environment; the markup of annotations comes from the templates.
public enum PageResolution {
    /// Where the timeline is written; event text is rendered for this folder too.
    public static let timelinePath = "timeline/"
    /// Where the disagreements page is written; disagreement boxes are rendered for this folder too.
    public static let disagreementsPath = "disagreements/"

    public static func resolve(_ page: Page, id: PageID, in env: ResolutionEnvironment, markup: any AnnotationMarkup) -> ResolvedPage {
        var pass = AnnotationPass(handler: PageResolver(env: env, page: page, id: id, markup: markup), markup: markup)
        let m = page.meta

        func pages(_ items: [Located<String>]) -> [PageID] {
            var seen = Set<PageID>()
            return items.compactMap { item in
                guard let p = pass.handler.resolve(item.value, at: item.location, via: .field, allowAnchor: false)?.page else { return nil }
                return seen.insert(p).inserted ? p : nil
            }
        }
        let related = pages(m.related)
        let countries = pages(m.countries)
        let actors = pages(m.actors)
        for alias in m.aliases where alias.value.trimmedWhitespace.isEmpty {
            pass.handler.error(alias.location, "empty alias")
        }

        // The inline Markdown of front matter, in the order it is annotated below: one cmark document.
        var values: [Located<String>] = m.facts.map(\.value)
        values += m.figures.compactMap(\.note)
        for e in m.events { values += [e.text, e.text] }   // for the timeline, then for the page
        var inline = InlineValues(values)

        // Infobox first, so its citations are numbered first, as a reader meets them.
        let facts = m.facts.map { f -> ResolvedFact in
            let before = pass.handler.registry.citations.map(\.uses).reduce(0, +)
            let html = inline.next(f.value, &pass)
            let after = pass.handler.registry.citations.map(\.uses).reduce(0, +)
            if after == before {
                pass.handler.warning(f.value.location, "infobox row `\(clip(f.label, 60))` has no citation: cite the source of its claim, or remove the row")
            }
            return ResolvedFact(label: f.label, html: html, cited: after > before)
        }
        var figures: [ResolvedFigure] = []
        for f in m.figures {
            let cite = pass.handler.citation(source: f.source.value, quote: f.quote.value, at: f.source.location)
            figures.append(ResolvedFigure(figure: f, noteHTML: f.note.map { inline.next($0, &pass) }, cite: cite))
        }
        let doc = MarkdownDocument(page.body)
        let headings = pass.annotate(doc, lineBase: page.bodyLineOffset)
        let body = doc.renderHTML()
        // The disagreement boxes again, rendered for the disagreements page by a copy of the handler
        // (what it records is discarded; it numbers citations as the page does).
        var disagreements: [CalloutRecord] = []
        if Self.mayHoldDisagreement(page.body) {
            var other = AnnotationPass(handler: pass.handler.viewed(from: disagreementsPath), markup: markup)
            other.recordCallouts = [.disagreement]
            _ = other.annotate(MarkdownDocument(page.body), lineBase: page.bodyLineOffset)
            disagreements = other.callouts
        }
        let events = m.events.map { e -> ResolvedEvent in
            // A copy renders the text for the timeline page; what it records is discarded.
            var timeline = AnnotationPass(handler: pass.handler.viewed(from: timelinePath), markup: markup)
            let timelineHTML = inline.next(e.text, &timeline)
            let timelineCite = timeline.handler.citation(source: e.source.value, quote: e.quote.value, at: e.source.location)
            let linksBefore = pass.handler.links.count
            let textHTML = inline.next(e.text, &pass)
            let linked = pass.handler.links[linksBefore...].filter { $0.via != .citation }.map(\.target)
            return ResolvedEvent(event: e, textHTML: textHTML,
                                 cite: pass.handler.citation(source: e.source.value, quote: e.quote.value, at: e.source.location),
                                 timelineHTML: timelineHTML, timelineCite: timelineCite, linked: linked)
        }
        var links = pass.handler.links
        if !pass.sentences.isEmpty {
            for i in links.indices where links[i].via == .wikiLink { links[i].sentence = pass.sentences[links[i].location] }
        }
        let r = pass.handler
        return ResolvedPage(bodyHTML: body, headings: headings, facts: facts, figures: figures, events: events,
                            citations: r.registry.citations, links: links, related: related, countries: countries,
                            actors: actors, diagnostics: r.diagnostics, quotesChecked: r.quotesChecked,
                            quotesUnverified: r.quotesUnverified, quotesNotFound: r.quotesNotFound,
                            disagreements: disagreements)
    }

    /// Whether a body may hold a `[!DISAGREEMENT]` box (any case).
    static func mayHoldDisagreement(_ body: String) -> Bool {
        let needle = Array("[!disagreement]".utf8)
        var body = body
        return body.withUTF8 { b in
            guard b.count >= needle.count else { return false }
            var i = 0
            while i <= b.count - needle.count {
                if b[i] == 91, b[i + 1] == 33 {
                    var k = 2
                    // ASCII case folding: the needle is lower case.
                    while k < needle.count {
                        let c = b[i + k]
                        guard c == needle[k] || (c >= 65 && c <= 90 && c | 0x20 == needle[k]) else { break }
                        k += 1
                    }
                    if k == needle.count { return true }
                }
                i += 1
            }
            return false
        }
    }

    /// Renders a front-matter value as inline Markdown (one paragraph, without the `<p>`).
    static func inline(_ value: Located<String>, _ pass: inout AnnotationPass<PageResolver>) -> HTML {
        let doc = MarkdownDocument(value.value)
        _ = pass.annotate(doc, lineBase: value.location.line - 1, firstColumn: max(0, value.location.column - 1))
        return doc.renderInlineHTML()
    }
}

/// The front-matter values of one page that are inline Markdown (facts, figure notes, event texts),
/// parsed as one cmark document instead of one each: the values one after the other with a blank
/// line between them. Each value must come out as one paragraph starting on its own first line;
/// when one does not (a list, a heading, several paragraphs, a block running on into the next
/// value) or a value could define a link reference for the others, every value is parsed alone.
/// Values are annotated and rendered one at a time, in the order they were given, so citations are
/// numbered and problems reported exactly as with separate documents.
struct InlineValues {
    private var parts: [(doc: MarkdownDocument, startLine: Int)] = []
    private var position = 0

    init(_ values: [Located<String>]) {
        guard values.count > 1, !values.contains(where: { Self.mayDefineReference($0.value) }) else { return }
        var text = ""
        var starts: [Int] = []
        var line = 1
        for v in values {
            starts.append(line)
            text += v.value
            text += "\n\n"
            line += v.value.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } + 2
        }
        let doc = MarkdownDocument(text)
        let blocks = doc.blocks()
        guard blocks.count == values.count else { return }
        for (k, b) in blocks.enumerated() {
            let nextStart = k + 1 < starts.count ? starts[k + 1] : line
            guard b.part.isParagraph, b.startLine == starts[k], b.endLine < nextStart else { return }
        }
        parts = blocks.map { ($0.part, $0.startLine) }
    }

    /// `]:` anywhere: the text may hold a link reference definition.
    static func mayDefineReference(_ s: String) -> Bool {
        var previous: UInt8 = 0
        for b in s.utf8 {
            if previous == 93 && b == 58 { return true }
            previous = b
        }
        return false
    }

    /// The next value's inline HTML; `value` must be the next value given to `init`.
    mutating func next(_ value: Located<String>, _ pass: inout AnnotationPass<PageResolver>) -> HTML {
        guard position < parts.count else { return PageResolution.inline(value, &pass) }
        let (doc, start) = parts[position]
        position += 1
        let line = value.location.line, column = max(0, value.location.column - 1)
        _ = pass.annotate(doc) { l, c in
            SourceLocation(line: l - start + line, column: l == start ? c + column : c)
        }
        return doc.renderInlineHTML()
    }
}
