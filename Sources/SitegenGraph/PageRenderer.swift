import Foundation

/// A figure ready for templates.
public struct RenderedFigure: Sendable {
    public var figure: Figure
    public var noteHTML: String?
    public var citeHTML: String
}

/// An event ready for templates.
public struct RenderedEvent: Sendable {
    public var event: Event
    public var textHTML: String
    /// `textHTML` with links relative to the timeline page.
    public var timelineHTML: String
    public var citeHTML: String
}

/// The result of rendering one page's Markdown and resolving its annotations.
public struct RenderedPage: Sendable {
    public var bodyHTML: String
    public var headings: [Heading]
    public var facts: [(label: String, html: String)]
    public var figures: [RenderedFigure]
    public var events: [RenderedEvent]
    public var citations: [Citation]
    public var links: [OutgoingLink]
    /// Pages named by front-matter fields, by field.
    public var related: [Int]
    public var countries: [Int]
    public var actors: [Int]
    public var diagnostics: [Diagnostic]
    public var quotesChecked: Int
    public var quotesUnverified: Int
}

/// Renders one page: front-matter references, infobox, figures, events and the body. Pure over `SiteIndex`.
public enum PageRenderer {
    public static func render(_ site: SiteIndex, page i: Int) -> RenderedPage {
        var r = PageResolver(site: site, pageIndex: i)
        let page = site.pages[i]
        let m = page.meta

        func pages(_ items: [Located<String>]) -> [Int] {
            var seen = Set<Int>()
            return items.compactMap { item in
                guard let p = r.resolve(item.value, at: item.location, via: .field, allowAnchor: false)?.page else { return nil }
                return seen.insert(p).inserted ? p : nil
            }
        }
        let related = pages(m.related)
        let countries = pages(m.countries)
        let actors = pages(m.actors)
        for alias in m.aliases where alias.value.trimmedWhitespace.isEmpty {
            r.error(alias.location, "empty alias")
        }

        // Infobox first, so its citations are numbered first, as a reader meets them.
        let facts = m.facts.map { ($0.label, inline($0.value, &r)) }
        var figures: [RenderedFigure] = []
        for f in m.figures {
            let cite = r.cite(f.source.value, quote: f.quote.value, at: f.source.location) ?? ""
            figures.append(RenderedFigure(figure: f, noteHTML: f.note.map { inline($0, &r) }, citeHTML: cite))
        }
        let doc = MarkdownDocument(page.body)
        let headings = r.annotate(doc, lineBase: page.bodyLineOffset)
        let body = doc.renderHTML()
        let events = m.events.map { e -> RenderedEvent in
            // A copy renders the text for the timeline page; what it records is discarded.
            var forTimeline = r
            forTimeline.fromPath = Views.timelinePath
            return RenderedEvent(event: e, textHTML: inline(e.text, &r), timelineHTML: inline(e.text, &forTimeline),
                                 citeHTML: r.cite(e.source.value, quote: e.quote.value, at: e.source.location) ?? "")
        }
        return RenderedPage(bodyHTML: body, headings: headings, facts: facts, figures: figures, events: events,
                            citations: r.registry.citations, links: r.links, related: related, countries: countries,
                            actors: actors, diagnostics: r.diagnostics, quotesChecked: r.quotesChecked,
                            quotesUnverified: r.quotesUnverified)
    }

    /// Renders a front-matter value as inline Markdown (one paragraph, without the `<p>`).
    static func inline(_ value: Located<String>, _ r: inout PageResolver) -> String {
        let doc = MarkdownDocument(value.value)
        _ = r.annotate(doc, lineBase: value.location.line - 1, firstColumn: max(0, value.location.column - 1))
        var html = doc.renderHTML()
        while html.hasSuffix("\n") { html.removeLast() }
        if html.hasPrefix("<p>"), html.hasSuffix("</p>"), !html.dropFirst(3).contains("<p>") {
            html = String(html.dropFirst(3).dropLast(4))
        }
        return html
    }
}
