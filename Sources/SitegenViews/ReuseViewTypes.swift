import SitegenMarkdown
import SitegenModel

// Views for following, citing, reusing and printing the wiki: tag pages, the change feed, the
// country dossiers, and what every content page adds for citation, sharing and print.

/// A date from the content's git history: `iso` (`2026-12-01`) for `<time datetime>`, `display` for text.
public struct DateStamp: Sendable, Hashable {
    public var iso: String
    public var display: String
}

/// "Cite this page": the same reference as plain text and as BibTeX.
public struct CiteBox: Sendable, Hashable {
    public var text: String
    public var bibtex: String
}

/// What a content page shows besides its content: tag links, dates, the citation box, its
/// structured data, the line printed under it and, on a country, its dossier.
public struct PageExtras: Sendable, Hashable {
    /// The page's tags, each linking to its tag page.
    public var tags: [Link] = []
    /// When the page's file was last committed (nothing without git history).
    public var lastUpdated: DateStamp?
    public var cite: CiteBox?
    /// The JSON-LD object describing the page's subject and its citations (the template puts it in a
    /// script element, which escapes `<`).
    public var jsonLD: String?
    /// The page's absolute URL with `base_url`, else its path from the site root; printed under it.
    public var printedFrom: String = ""
    /// The date of the newest commit of the content: the "as of" of a printout.
    public var contentDate: DateStamp?
    /// A country's print dossier, relative to the page.
    public var dossier: String?

    public init() {}
}

/// `/tags/<slug>/`: the pages with one tag.
public struct TagView: Sendable, Hashable {
    public var chrome: Chrome
    public var title: String
    public var tag: String
    public var summary: String
    public var breadcrumbs: [Link]
    public var pages: [PageLink]
}

/// `/tags/`: every tag with its number of pages.
public struct TagIndexView: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var href: String
        public var count: Int
    }
    public var chrome: Chrome
    public var title: String
    public var summary: String
    public var breadcrumbs: [Link]
    public var tags: [Entry]
}

/// `feed.xml`: an Atom feed of changes, newest first.
public struct FeedView: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        /// An absolute IRI, stable across builds (`urn:uuid:…`).
        public var id: String
        public var title: String
        /// The page's URL: absolute with `base_url`, else relative to the feed.
        public var link: String
        /// RFC 3339.
        public var updated: String
        public var summary: String
        /// `page`, `status` or `disagreement`.
        public var category: String
    }
    public var title: String
    public var subtitle: String
    public var id: String
    public var updated: String
    /// The feed's own URL and the site's, with `base_url`.
    public var selfURL: String?
    public var siteURL: String
    /// Whether the dates come from git history (else from the content's own dates).
    public var fromHistory: Bool
    public var entries: [Entry]
}

/// One page of a dossier: its infobox first, then its text, chronology and references, every id
/// prefixed so that the pages can share one document.
public struct DossierSection: Sendable, Hashable {
    /// The prefix of every id in the section (`mexico_`); the section's own ids add `-title` … to it.
    public var id: String
    public var kind: PageKind
    public var kindLabel: String
    public var title: String
    public var summary: String
    /// The page, relative to the dossier.
    public var href: String
    /// The page's absolute URL with `base_url`, else its path from the site root.
    public var url: String
    public var rows: [InfoRow]
    public var figures: [FigureItem]
    public var body: HTML
    public var events: [EventItem]
    public var references: [ReferenceItem]
    public var lastUpdated: DateStamp?

    /// The section without its content (rows, figures, body, chronology, references): what a
    /// dossier's list of contents needs.
    public var head: DossierSection {
        var h = self
        h.rows = []; h.figures = []; h.body = ""; h.events = []; h.references = []
        return h
    }
}

/// `/countries/<slug>/dossier/`: a country page followed by its linked policies and actors, as one
/// document to print.
public struct DossierView: Sendable, Hashable {
    public var chrome: Chrome
    public var title: String
    public var summary: String
    public var breadcrumbs: [Link]
    public var country: Link
    public var sections: [DossierSection]
    public var printedFrom: String
    public var contentDate: DateStamp?
}
