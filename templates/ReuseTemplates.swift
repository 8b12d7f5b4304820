import SitegenModel
import SitegenViews

// Templates for following, citing, reusing and printing the wiki: tag pages, the Atom feed, the
// country dossiers, and the partials every content page adds (head metadata, cite box, dates).

extension Layout {
    /// OpenGraph tags, and the link to the change feed.
    static func openGraph(_ c: Chrome, title: String, summary: String, type: String) -> HTML {
        let description: HTML = summary.isEmpty ? "" : "<meta property=\"og:description\" content=\"\(summary)\">\n"
        let url: HTML = c.canonical.map { "<meta property=\"og:url\" content=\"\($0)\">\n" } ?? ""
        return """
        <meta property="og:title" content="\(title)">
        \(description)<meta property="og:type" content="\(type)">
        <meta property="og:site_name" content="\(c.siteTitle)">
        \(url)<link rel="alternate" type="application/atom+xml" title="\(c.siteTitle): changes" href="\(c.root)feed.xml">
        <script src="\(c.assets)print.js" defer></script>

        """
    }

    /// Links in the footer of every page: tags and the change feed.
    static func footerLinks(_ c: Chrome) -> HTML {
        " · <a href=\"\(c.root)tags/\">Tags</a> · <a href=\"\(c.root)feed.xml\">Changes (Atom feed)</a>"
    }
}

extension Templates {
    // MARK: content page partials

    static func tagLinks(_ tags: [Link]) -> HTML {
        guard !tags.isEmpty else { return "" }
        let items = tags.map { "<a class=\"tag\" href=\"\($0.href)\">\($0.title)</a>" as HTML }.joined(separator: " ")
        return "<p class=\"tags\">Tags: \(items)</p>\n"
    }

    static func dossierLink(_ e: PageExtras) -> HTML {
        guard let d = e.dossier else { return "" }
        return "<p class=\"dossier-link\"><a href=\"\(d)\">Print dossier</a>: this page with its linked policies and actors, as one document.</p>\n"
    }

    static func lastUpdated(_ d: DateStamp?) -> HTML {
        d.map { "<p class=\"last-updated\">Last updated <time datetime=\"\($0.iso)\">\($0.display)</time></p>\n" } ?? ""
    }

    /// "Last updated" and "Cite this page".
    static func pageFoot(_ e: PageExtras) -> HTML {
        let cite: HTML = e.cite.map { c in
            """
            <details class="cite-box">
            <summary>Cite this page</summary>
            <p class="cite-label">Plain text</p>
            <p class="cite-text">\(c.text)</p>
            <p class="cite-label">BibTeX</p>
            <pre class="cite-bibtex"><code>\(c.bibtex)</code></pre>
            </details>

            """
        } ?? ""
        return lastUpdated(e.lastUpdated) + cite
    }

    /// The line printed under a page: where it is and the date of its content (never the clock's).
    static func printedOn(_ from: String, contentDate: DateStamp?, siteTitle: String) -> HTML {
        let date: HTML = contentDate.map { " · content as of <time datetime=\"\($0.iso)\">\($0.display)</time>" } ?? ""
        return "<p class=\"printed-on\">Printed from \(siteTitle): \(from)\(date)</p>\n"
    }

    /// The data downloads, linked from the figures and map pages.
    static func downloads(_ c: Chrome) -> HTML {
        let files = [("figures.csv", "every figure"), ("events.csv", "every dated event"),
                     ("citations.csv", "every citation with its quote, source and viewpoint"), ("graph.json", "pages and links")]
        let items = files.map { "<a href=\"\(c.root)\($0.0)\" download>\($0.0)</a> (\($0.1))" as HTML }.joined(separator: " · ")
        return "<p class=\"downloads\">Download the data: \(items).</p>\n"
    }

    // MARK: tags

    /// `/tags/`.
    public static func tagIndex(_ v: TagIndexView) -> HTML {
        let items = each(v.tags) { "<li><a href=\"\($0.href)\">\($0.name)</a> <span class=\"count\">\($0.count)</span></li>" }
        let main: HTML = """
        \(Layout.breadcrumbs(v.breadcrumbs, current: v.title))<header class="page-head">
        <h1>\(v.title)</h1>
        <p class="summary">\(v.summary)</p>
        </header>
        <ul class="link-list tag-list">\(items)</ul>

        """
        return Layout.document(v.chrome, title: v.title, summary: v.summary, bodyClass: "view-tags", main: main)
    }

    /// `/tags/<slug>/`.
    public static func tag(_ v: TagView) -> HTML {
        let main: HTML = """
        \(Layout.breadcrumbs(v.breadcrumbs, current: v.tag))<header class="page-head">
        <p class="eyebrow">Tag</p>
        <h1>\(v.tag)</h1>
        <p class="summary">\(v.summary)</p>
        </header>
        <ul class="cards">\(each(v.pages) { card($0) })</ul>

        """
        return Layout.document(v.chrome, title: v.title, summary: v.summary, bodyClass: "view-tag", main: main)
    }

    // MARK: feed

    /// `feed.xml` (Atom). `HTML`'s escaping (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`) is XML's too.
    public static func feed(_ v: FeedView) -> HTML {
        let selfLink: HTML = v.selfURL.map { "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\($0)\"/>\n" } ?? ""
        let entries = each(v.entries) { e in
            """
              <entry>
                <id>\(e.id)</id>
                <title>\(e.title)</title>
                <link rel="alternate" type="text/html" href="\(e.link)"/>
                <updated>\(e.updated)</updated>
                <category term="\(e.category)"/>
                <summary>\(e.summary)</summary>
              </entry>

            """
        }
        return """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title>\(v.title): changes</title>
          <subtitle>\(v.subtitle)</subtitle>
          <id>\(v.id)</id>
          <updated>\(v.updated)</updated>
          <author><name>\(v.title)</name></author>
          <generator>sitegen</generator>
          <link rel="alternate" type="text/html" href="\(v.siteURL)"/>
        \(selfLink)\(entries)</feed>

        """
    }

    // MARK: dossier

    static func dossierFigure(_ f: FigureItem) -> HTML {
        let unit: HTML = f.unit.map { " \($0)" } ?? ""
        let asOf: HTML = f.asOf.map { " <span class=\"as-of\">(\($0))</span>" } ?? ""
        let note: HTML = f.note.map { "<br><span class=\"note\">\($0)</span>" } ?? ""
        return "<div class=\"figure\"><dt>\(f.label)</dt><dd><strong>\(f.value)</strong>\(unit)\(asOf)\(Layout.citation(f.cite))\(note)</dd></div>"
    }

    /// `/countries/<slug>/dossier/`: one document, each page with its infobox first.
    /// `section` draws each page's section; the build passes one that renders a section once for all
    /// the dossiers holding it.
    public static func dossier(_ v: DossierView, section: (DossierSection) -> HTML = dossierSection) -> HTML {
        let contents = each(v.sections) { "<li><a href=\"#\($0.id)-title\">\($0.title)</a> <span class=\"kind-tag\">\($0.kindLabel)</span></li>" }
        let main: HTML = """
        \(Layout.breadcrumbs(v.breadcrumbs, current: "Dossier"))<header class="page-head">
        <p class="eyebrow">Print dossier</p>
        <h1>\(v.title)</h1>
        <p class="summary">\(v.summary)</p>
        </header>
        <nav class="dossier-contents" aria-labelledby="dossier-contents-title">
        <h2 id="dossier-contents-title">In this dossier</h2>
        <ol>\(contents)</ol>
        </nav>
        \(v.sections.map(section).joined())\(printedOn(v.printedFrom, contentDate: v.contentDate, siteTitle: v.chrome.siteTitle))
        """
        return Layout.document(v.chrome, title: v.title, summary: v.summary, bodyClass: "view-dossier", main: main)
    }

    /// One page of a dossier: its infobox first, then its text, chronology and references.
    public static func dossierSection(_ s: DossierSection) -> HTML {
        let rows: HTML = s.rows.isEmpty ? "" :
            "<table><tbody>\(each(s.rows) { "<tr><th scope=\"row\">\($0.label)</th><td>\(infoValue($0.value))</td></tr>" })</tbody></table>\n"
        let figures: HTML = s.figures.isEmpty ? "" : "<dl class=\"figures\">\(each(s.figures, dossierFigure))</dl>\n"
        let infobox: HTML = rows.isEmpty && figures.isEmpty ? "" : "<section class=\"infobox\" aria-label=\"Key facts: \(s.title)\">\n\(rows)\(figures)</section>\n"
        let events: HTML = s.events.isEmpty ? "" : """
            <section class="chronology" aria-labelledby="\(s.id)-chronology \(s.id)-title">
            <h3 id="\(s.id)-chronology">Chronology</h3>
            <ol class="events">\(each(s.events) { "<li><span class=\"date\">\($0.date)</span> \($0.text)\(Layout.citation($0.cite))</li>" })</ol>
            </section>

            """
        let refs: HTML = s.references.isEmpty ? "" : """
            <section class="references" aria-labelledby="\(s.id)-references \(s.id)-title">
            <h3 id="\(s.id)-references">References</h3>
            <ol>
            \(each(s.references) { r in
                "<li id=\"\(r.id)\">\(Layout.sourceRef(r.source))\(r.quote.map { "\n<blockquote class=\"ref-quote\">“\($0)”</blockquote>" as HTML } ?? "")</li>\n"
            })</ol>
            </section>

            """
        return """
        <article class="dossier-page" id="\(s.id)-page" aria-labelledby="\(s.id)-title">
        <header class="page-head">
        <p class="eyebrow">\(s.kindLabel)</p>
        <h2 id="\(s.id)-title"><a href="\(s.href)">\(s.title)</a></h2>
        <p class="summary">\(s.summary)</p>
        <p class="dossier-url">\(s.url)\(s.lastUpdated.map { " · last updated <time datetime=\"\($0.iso)\">\($0.display)</time>" as HTML } ?? "")</p>
        </header>
        \(infobox)<div class="prose">
        \(s.body)</div>
        \(events)\(refs)</article>

        """
    }
}
