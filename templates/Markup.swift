import SitegenMarkdown
import SitegenModel

/// The markup of annotations inside Markdown: wiki links, citation marks, callouts and headings.
public struct SiteMarkup: AnnotationMarkup {
    public init() {}

    public func wikiLink(href: String, summary: String) -> (open: HTML, close: HTML) {
        ("<a class=\"wl\" href=\"\(href)\" data-summary=\"\(summary)\">", "</a>")
    }

    public func citationMark(_ mark: CitationMark) -> HTML {
        let id: HTML = mark.markID.isEmpty ? "" : " id=\"\(mark.markID)\""
        return "<sup class=\"cite\"\(id)><a href=\"\(mark.href)\" aria-label=\"Reference \(mark.number)\">[\(mark.number)]</a></sup>"
    }

    public func callout(_ kind: Callout) -> (open: HTML, close: HTML) {
        let (cls, label): (String, String)
        switch kind {
        case .editor: (cls, label) = ("editor", "Editor’s note")
        case .disagreement: (cls, label) = ("disagreement", "Sources disagree")
        case .note: (cls, label) = ("note", "Note")
        }
        return ("<aside class=\"callout callout-\(cls)\" role=\"note\"><p class=\"callout-label\">\(label)</p>", "</aside>")
    }

    public func heading(level: Int, id: String) -> (open: HTML, close: HTML) {
        ("<h\(level) id=\"\(id)\">", "</h\(level)>")
    }

    /// Ids that the page templates use: fixed ones, and the numbered ids of references and marks.
    public static let fixedIDs: Set<String> = [
        "top", "main", "contents", "toc-title", "infobox", "references", "referenced-by", "related", "chronology",
        "figures", "map", "map-title", "search", "search-input", "search-results", "search-status", "viewpoints", "viewpoints-title",
        "cited-by", "single-source",
    ]

    public func isReservedID(_ id: String) -> Bool {
        if Self.fixedIDs.contains(id) { return true }
        // ref-N, cite-N-K, yNNNN (timeline years), m-… (figure measures)
        if id.hasPrefix("ref-") || id.hasPrefix("cite-") || id.hasPrefix("m-") { return true }
        if id.count == 5, id.hasPrefix("y"), id.dropFirst().allSatisfy(\.isNumber) { return true }
        return false
    }
}

/// `html` when `condition` holds, else nothing.
func when(_ condition: Bool, _ html: @autoclosure () -> HTML) -> HTML {
    condition ? html() : ""
}

/// The markup of each element of `items`.
func each<C: Collection>(_ items: C, _ f: (C.Element) -> HTML) -> HTML {
    var out = HTML.empty
    for i in items { out += f(i) }
    return out
}
