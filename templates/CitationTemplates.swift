import SitegenMarkdown
import SitegenModel
import SitegenViews

/// References grouped by source, the preview cards of citation marks, and "Referenced by" with the
/// sentences that link to a page.
enum Cite {
    /// References, Wikipedia-style: one entry per source with its details once, and under it the
    /// quotes with their numbers (`ref-N`, what the marks link to) and back-links.
    static func references(_ refs: [ReferenceItem]) -> HTML {
        guard !refs.isEmpty else { return "" }
        // Grouped by position, so that no reference is copied.
        var order: [String] = []
        var bySource: [String: [Int]] = [:]
        for (n, r) in refs.enumerated() {
            if bySource[r.source.href] == nil { order.append(r.source.href) }
            bySource[r.source.href, default: []].append(n)
        }
        let groups = each(order) { key in
            let items = bySource[key]!
            let quotes = each(items) { n in
                let r = refs[n]
                let back = each(r.backrefs) { "<a href=\"\($0.href)\" aria-label=\"Back to citation\">\($0.label)</a> " }
                let quote: HTML = r.quote.map { "<q class=\"ref-quote\">\($0)</q>" } ?? "<span class=\"ref-whole\">the document as a whole</span>"
                let original: HTML = r.original.map { " <a class=\"ref-original\" href=\"\($0)\">in the original</a>" } ?? ""
                return "<li id=\"\(r.id)\" value=\"\(r.number)\"><span class=\"backrefs\">\(back)</span>\(quote)\(original)</li>\n"
            }
            return "<li class=\"ref-group\"><p class=\"ref-source-line\">\(sourceLine(refs[items[0]].source))</p>\n<ol class=\"ref-quotes\">\n\(quotes)</ol></li>\n"
        }
        return """
        <section class="references" aria-labelledby="references">
        <h2 id="references">References</h2>
        <ul class="ref-sources">
        \(groups)</ul>
        </section>

        """
    }

    /// A source's details: title, publisher, date, viewpoint, and its links outside the wiki.
    static func sourceLine(_ s: SourceRef) -> HTML {
        let links: HTML = [
            s.url.map { "<a href=\"\($0)\">original</a>" as HTML },
            s.archiveURL.map { "<a href=\"\($0)\">archived copy</a>" as HTML },
            s.accessed.map { "accessed \($0)" as HTML },
        ].compactMap { $0 }.joined(separator: ", ")
        return "\(Layout.sourceRef(s))\(links.isEmpty ? "" : " (\(links))" as HTML)"
    }

    /// The preview cards of a page's citation marks, one per reference; `cite.js` shows them.
    /// Hidden: without JavaScript the marks are plain links to the references.
    static func cards(_ cards: [CiteCard]) -> HTML {
        guard !cards.isEmpty else { return "" }
        return "<div class=\"cite-cards\" hidden>\n\(each(cards) { card(href: $0.href, $0.reference) })</div>\n"
    }

    /// The cards of the references a page lists itself.
    static func cards(_ refs: [ReferenceItem]) -> HTML {
        guard !refs.isEmpty else { return "" }
        return "<div class=\"cite-cards\" hidden>\n\(each(refs) { card(href: "#" + $0.id, $0) })</div>\n"
    }

    /// One preview card: the reference at `href`.
    static func card(href: String, _ r: ReferenceItem) -> HTML {
        let quote: HTML
        if let ctx = r.context {
            quote = "<blockquote class=\"cc-quote\"><p><span class=\"cc-context\">\(ctx.before)</span><mark>\(ctx.quote)</mark><span class=\"cc-context\">\(ctx.after)</span></p></blockquote>"
        } else if let q = r.quote {
            quote = "<blockquote class=\"cc-quote\"><p><mark>\(q)</mark></p></blockquote>"
        } else {
            quote = "<p class=\"cc-whole\">Cites the document as a whole.</p>"
        }
        let also: HTML = r.alsoCitedOn == 0 ? "Cited on no other page"
            : "Also cited on \(r.alsoCitedOn) other page\(r.alsoCitedOn == 1 ? "" : "s")"
        let original: HTML = r.original.map { " · <a href=\"\($0)\">In the original</a>" } ?? ""
        let meta = [r.source.publisher, r.source.date].compactMap { $0 }.joined(separator: ", ")
        let viewpoint: HTML = r.source.viewpoint.map { "<span class=\"viewpoint\">Viewpoint: \($0)</span>" } ?? ""
        return """
        <div class="cite-card" data-for="\(href)" data-number="\(r.number)">
        <p class="cc-source"><a href="\(r.source.href)">\(r.source.title)</a><br><span class="cc-meta">\(meta)</span> \(viewpoint)</p>
        \(quote)
        <p class="cc-foot">\(also)\(original) · <a href="\(href)">Reference \(r.number)</a></p>
        </div>

        """
    }

    static func pieces(_ pieces: [ReferencedBy.Piece]) -> HTML {
        each(pieces) { p in
            switch p {
            case let .text(t): return "\(t)"
            case let .link(t): return "<strong>\(t)</strong>"
            case let .cite(mark): return SiteMarkup().citationMark(mark)
            }
        }
    }

    /// "Referenced by": each linking page with the sentences that link here.
    static func referencedBy(_ r: ReferencedBy?) -> HTML {
        guard let r, !r.groups.isEmpty else { return "" }
        let groups = each(r.groups) { g in
            let items = each(g.items) { i in
                let sentences: HTML = i.sentences.isEmpty ? "" : "<ul class=\"evidence\">\(each(i.sentences) { "<li>\(pieces($0))</li>" })</ul>"
                return "<li><a href=\"\(i.page.href)\">\(i.page.title)</a>\(sentences)</li>"
            }
            return "<h3>\(g.label) <span class=\"count\">\(g.items.count)</span></h3><ul class=\"referenced-list\">\(items)</ul>\n"
        }
        let total = r.viewpoints.reduce(0) { $0 + $1.count }
        let counts: HTML = r.viewpoints.isEmpty ? "" :
            "<p class=\"evidence-viewpoints\">Citations in these sentences by source viewpoint: \(r.viewpoints.map { "\($0.viewpoint) \($0.count)" as HTML }.joined(separator: " · ")) (of \(total)).</p>\n"
        return """
        <section class="referenced-by" aria-labelledby="referenced-by">
        <h2 id="referenced-by">Referenced by</h2>
        <p>\(r.pageCount) page\(r.pageCount == 1 ? "" : "s") link here; the sentences that link, with their citations.</p>
        \(counts)\(groups)
        </section>

        """
    }
}
