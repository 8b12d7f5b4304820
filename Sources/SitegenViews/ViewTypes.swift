import SitegenMarkdown
import SitegenModel

// The values the templates receive: one plain struct per output, built by a pure function of the
// resolved site. Every `String` is text (the templates escape it); markup is typed `HTML`.

/// A link to a page: its title and where it is, relative to the page that links.
public struct Link: Sendable, Hashable {
    public var title: String
    public var href: String
}

/// A link to a page with what lists show of it.
public struct PageLink: Sendable, Hashable {
    public var title: String
    public var href: String
    public var summary: String
    /// "Country", "Actor" …
    public var kind: String
}

/// What every page shows around its content: the site's name, navigation and footer.
public struct Chrome: Sendable, Hashable {
    public struct NavItem: Sendable, Hashable {
        public var label: String
        public var href: String
        public var current: Bool
    }
    public var siteTitle: String
    /// The way up to the site root from the page (`../../`), "" at the root.
    public var root: String
    /// The home page's link (`./` at the root).
    public var home: String
    public var assets: String
    public var nav: [NavItem]
    /// Free pages (About …) linked from the footer.
    public var footerPages: [Link]
    /// The page's absolute URL, when the site has a `base_url`.
    public var canonical: String?
}

/// What a citation's reference shows of its source.
public struct SourceRef: Sendable, Hashable {
    public var title: String
    public var href: String
    public var publisher: String?
    public var date: String?
    public var viewpoint: String?
    /// Where the document is published, an archived copy, when the URL was read.
    public var url: String? = nil
    public var archiveURL: String? = nil
    public var accessed: String? = nil
}

/// One entry of a References list.
public struct ReferenceItem: Sendable, Hashable {
    public struct Backref: Sendable, Hashable {
        public var href: String
        public var label: String
    }
    public var number: Int
    public var id: String
    public var backrefs: [Backref]
    public var source: SourceRef
    public var quote: String?
    /// The quote in its place in the source document, when it was verified.
    public var context: QuoteContext? = nil
    /// The passage in the published document (`url#:~:text=…`), when the source has a `url`.
    public var original: String? = nil
    /// How many other pages cite the same passage of the same source.
    public var alsoCitedOn: Int = 0
}

/// A row of the infobox.
public struct InfoRow: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case text(String)
        /// A policy status: its vocabulary key and label.
        case status(key: String, label: String)
        case links([Link])
        /// A fact written in front matter, rendered from inline Markdown.
        case markdown(HTML)
    }
    public var label: String
    public var value: Value
}

/// A key figure in the infobox.
public struct FigureItem: Sendable, Hashable {
    public var label: String
    public var value: String
    public var unit: String?
    public var asOf: String?
    public var cite: CitationMark?
    public var note: HTML?
}

public struct Infobox: Sendable, Hashable {
    public var title: String
    public var rows: [InfoRow]
    public var figures: [FigureItem]
}

public struct TocEntry: Sendable, Hashable {
    public var id: String
    public var text: String
    public var sub: [TocEntry]
}

/// A dated event on its page.
public struct EventItem: Sendable, Hashable {
    public var date: String
    public var text: HTML
    public var cite: CitationMark?
}

/// A page citing a source, with the passages it quotes.
public struct CitedByItem: Sendable, Hashable {
    public var page: PageLink
    public var quotes: [String]
}

/// How many of a page's references come from one source.
public struct ViewpointShare: Sendable, Hashable {
    public var source: Link
    public var viewpoint: String
    public var count: Int
    public var percent: Int
}

/// Pages of one kind.
public struct LinkGroup: Sendable, Hashable {
    public var label: String
    public var pages: [PageLink]
}

/// A page that cites one source only says so: what happened after that document is not covered.
public struct SingleSourceNote: Sendable, Hashable {
    public var source: Link
    public var date: String?
}

/// A content page: country, actor, policy, source or free page.
public struct PageView: Sendable, Hashable {
    public var chrome: Chrome
    public var kind: PageKind
    public var kindLabel: String
    public var typeLabel: String?
    public var title: String
    public var summary: String
    public var breadcrumbs: [Link]
    public var singleSource: SingleSourceNote?
    public var toc: [TocEntry]
    public var body: HTML
    public var events: [EventItem]
    public var citedBy: [CitedByItem]
    public var citationCount: Int
    public var references: [ReferenceItem]
    public var infobox: Infobox?
    public var viewpoints: [ViewpointShare]
    public var map: RelationMapLayout?
    public var referencedBy: [LinkGroup]
    public var related: [PageLink]
    public var tags: [String]
    /// "Referenced by" with the sentences that link here (see `ReferencedBy`).
    public var evidence: ReferencedBy? = nil
    /// Tag links, dates, "cite this page", JSON-LD, the printed line (`ReuseViewTypes.swift`).
    public var extras = PageExtras()
}

/// A section index (`/countries/` …).
public struct SectionView: Sendable, Hashable {
    public struct Card: Sendable, Hashable {
        public var page: PageLink
        public var when: String?
        public var viewpoint: String?
    }
    public struct Group: Sendable, Hashable {
        public var label: String
        public var id: String
        public var cards: [Card]
    }
    public var chrome: Chrome
    public var kind: PageKind
    public var title: String
    public var summary: String
    public var breadcrumbs: [Link]
    public var groups: [Group]
}

/// The home page.
public struct HomeView: Sendable, Hashable {
    public struct Section: Sendable, Hashable {
        public var title: String
        public var href: String
        public var pages: [Link]
    }
    public var chrome: Chrome
    public var title: String
    public var summary: String
    public var body: HTML?
    public var sections: [Section]
    public var references: [ReferenceItem]
}

/// The 404 page: its links start at the site's absolute base path.
public struct NotFoundView: Sendable, Hashable {
    public var chrome: Chrome
    public var title: String
}

/// `/figures/`: every figure grouped by what it measures.
public struct FiguresView: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public var label: String
        public var value: String
        public var unit: String?
        public var asOf: String?
        public var source: SourceRef?
        public var quote: String
        public var pages: [Link]
        /// What the figure counts, when it says.
        public var counts: String?
        public var comparison: Comparison
    }
    /// How a figure stands against the others of its measure and period.
    public enum Comparison: Sendable, Hashable {
        case alone
        /// Another source gives a value that cannot also be true.
        case disputed
        /// Others of the same period count something else, so they are not compared.
        case notComparable
    }
    public struct Group: Sendable, Hashable {
        public var measure: String
        public var id: String
        public var disputed: Bool
        public var notComparable: Bool
        public var chart: BarChartLayout?
        public var rows: [Row]
    }
    /// A measure in the list of measures: where its table is, from this page.
    public struct NavEntry: Sendable, Hashable {
        public var measure: String
        public var href: String
        public var disputed: Bool
        public var notComparable: Bool
    }
    public var chrome: Chrome
    public var title: String
    public var summary: String
    public var breadcrumbs: [Link]
    public var count: Int
    public var disputedCount: Int
    /// Some measure, on any page, has figures that are not comparable.
    public var anyNotComparable: Bool
    /// The measures listed at the top: all of them on the first page, the page's own on the others.
    public var nav: [NavEntry]
    public var groups: [Group]
    /// 1-based; a large site's figures are split into pages of whole measures.
    public var pageNumber: Int
    /// Every page of figures, as links from this one; empty when there is one page.
    public var pageLinks: [Link]
}

/// `/timeline/`: policies and dated events in order.
public struct TimelineView: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case event, start, end }
    public struct Item: Sendable, Hashable {
        public var date: String
        public var iso: String
        public var text: HTML
        public var cite: CitationMark?
        public var kind: Kind
        public var page: Link
        /// Other pages recording the same event (same date, source and quote).
        public var alsoOn: [Link] = []
        /// Filter keys: slugs of the countries and actors concerned, and the source's slug.
        public var countries: [String] = []
        public var actors: [String] = []
        public var source: String? = nil
    }
    public struct Year: Sendable, Hashable {
        public var year: Int
        public var id: String
        public var items: [Item]
    }
    public var chrome: Chrome
    public var title: String
    public var summary: String
    public var breadcrumbs: [Link]
    public var years: [Year]
    /// The choices of the timeline's filters, and the preview cards of its citation marks.
    public var filters: TimelineFilters = TimelineFilters()
    public var cards: [CiteCard] = []
}

/// `/map/`: the whole site's relations.
public struct MapView: Sendable, Hashable {
    public var chrome: Chrome
    public var title: String
    public var summary: String
    public var breadcrumbs: [Link]
    public var map: RelationMapLayout
    public var nodeCount: Int
    public var edgeCount: Int
    /// Pages that could be on the map; more than `nodeCount` when only the most linked are drawn.
    public var totalNodes: Int
}

/// A relation map laid out: nodes with positions and curves between them. The templates draw it.
public struct RelationMapLayout: Sendable, Hashable {
    public enum Anchor: String, Sendable, Hashable { case start, end, middle }
    public struct Node: Sendable, Hashable {
        public var title: String
        /// The title, shortened to fit.
        public var label: String
        public var href: String
        public var kind: PageKind
        public var x: Double
        public var y: Double
        public var anchor: Anchor
    }
    /// A cubic curve: from, two control points, to.
    public struct Curve: Sendable, Hashable {
        public var points: [Double]
    }
    public struct Heading: Sendable, Hashable {
        public var text: String
        public var x: Double
    }
    /// The whole site (`true`) or one page's neighbourhood.
    public var isSiteMap: Bool
    public var width: Double
    public var height: Double
    /// What the picture shows, for screen readers.
    public var label: String
    public var headings: [Heading]
    public var curves: [Curve]
    public var nodes: [Node]
    /// The page in the middle of a neighbourhood map.
    public var center: Node?
    /// Linked pages left out of a neighbourhood map.
    public var more: Int
}

/// A bar chart of a figure series, laid out.
public struct BarChartLayout: Sendable, Hashable {
    public struct Bar: Sendable, Hashable {
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double
        /// The figure's label and value, for the tooltip.
        public var title: String
        public var valueLabel: String
        public var periodLabel: String
    }
    public var width: Double
    public var height: Double
    public var unit: String
    public var bars: [Bar]
    public var axisY: Double
    public var labelY: Double
    public var axisFrom: Double
    public var axisTo: Double
}
