import SitegenMarkdown
import SitegenModel
import SitegenViews

/// The parts every page shares: the document head, the site header and footer, breadcrumbs.
enum Layout {
    static func head(_ c: Chrome, title: String, summary: String, type: String = "website", extra: HTML = "") -> HTML {
        let canonical: HTML = c.canonical.map { "<link rel=\"canonical\" href=\"\($0)\">\n" } ?? ""
        let share = openGraph(c, title: title, summary: summary, type: type) + extra
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · \(c.siteTitle)</title>
        <meta name="description" content="\(summary)">
        \(canonical)\(share)<link rel="stylesheet" href="\(c.assets)style.css">
        <link rel="stylesheet" href="\(c.assets)cite.css">
        <script src="\(c.assets)search.js" defer></script>
        <script src="\(c.assets)cite.js" defer></script>
        </head>

        """
    }

    static func header(_ c: Chrome) -> HTML {
        let nav = each(c.nav) { item in
            "<li><a href=\"\(item.href)\"\(when(item.current, " aria-current=\"page\""))>\(item.label)</a></li>\n"
        }
        return """
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="site-header">
        <div class="bar">
        <a class="brand" href="\(c.home)">\(c.siteTitle)</a>
        <div class="search" data-root="\(c.root)">
        <a class="search-fallback" href="\(c.root)countries/">Browse the indexes</a>
        <form class="search-form" role="search" hidden>
        <label for="search-input" class="visually-hidden">Search the wiki</label>
        <input id="search-input" type="text" placeholder="Search every page (press /)" aria-keyshortcuts="/" autocomplete="off" role="combobox" aria-expanded="false" aria-controls="search-results" aria-autocomplete="list">
        <ul id="search-results" class="search-results" role="listbox" aria-label="Search results" hidden></ul>
        <p id="search-status" class="visually-hidden" role="status" aria-live="polite"></p>
        </form>
        </div>
        </div>
        <nav class="site-nav" aria-label="Main">
        <ul>
        \(nav)</ul>
        </nav>
        </header>

        """
    }

    static func footer(_ c: Chrome) -> HTML {
        let pages = each(c.footerPages) { " · <a href=\"\($0.href)\">\($0.title)</a>" }
        return """
        <footer class="site-footer">
        <p>\(c.siteTitle)\(pages) · <a href="\(c.root)sources/">Sources</a> · <a href="\(c.root)search/">Search</a>\(footerLinks(c))</p>
        <p class="fine">Every claim cites its source with a quote. Built with sitegen.</p>
        </footer>
        </body>
        </html>

        """
    }

    static func breadcrumbs(_ crumbs: [Link], current: String) -> HTML {
        let items = each(crumbs) { "<li><a href=\"\($0.href)\">\($0.title)</a></li>" }
        return "<nav class=\"breadcrumbs\" aria-label=\"Breadcrumbs\"><ol>\(items)<li><span aria-current=\"page\">\(current)</span></li></ol></nav>\n"
    }

    /// The top of an index or a site-wide view: breadcrumbs, title, summary and the list of its groups.
    static func viewHead(_ crumbs: [Link], title: String, summary: String, navLabel: String, nav: HTML) -> HTML {
        """
        \(breadcrumbs(crumbs, current: title))<header class="page-head">
        <h1>\(title)</h1>
        <p class="summary">\(summary)</p>
        </header>
        <nav class="group-nav" aria-label="\(navLabel)"><ul>\(nav)</ul></nav>

        """
    }

    /// One group of an index or a view: a section with its heading and list.
    static func group(_ cls: String, id: String, heading: HTML, list: HTML) -> HTML {
        """
        <section class="\(cls)" aria-labelledby="\(id)">
        <h2 id="\(id)">\(heading)</h2>
        \(list)
        </section>

        """
    }

    /// A whole document: head, `<body class=…>`, header, `main`, footer.
    static func document(_ c: Chrome, title: String, summary: String, bodyClass: String, main: HTML,
                         type: String = "website", extraHead: HTML = "") -> HTML {
        """
        \(head(c, title: title, summary: summary, type: type, extra: extraHead))<body class="\(bodyClass)">
        \(header(c))<main id="main">
        \(main)</main>
        \(footer(c))
        """
    }

    static func references(_ refs: [ReferenceItem]) -> HTML {
        Cite.references(refs) + Cite.cards(refs)
    }

    static func sourceRef(_ s: SourceRef) -> HTML {
        let publisher: HTML = s.publisher.map { ", \($0)" } ?? ""
        let date: HTML = s.date.map { ", \($0)" } ?? ""
        let viewpoint: HTML = s.viewpoint.map { " <span class=\"viewpoint\">(\($0))</span>" } ?? ""
        return "<a class=\"ref-source\" href=\"\(s.href)\">\(s.title)</a>\(publisher)\(date)\(viewpoint)"
    }

    static func citation(_ mark: CitationMark?) -> HTML {
        guard let mark else { return "" }
        return SiteMarkup().citationMark(mark)
    }
}
