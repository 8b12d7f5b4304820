import SitegenModel
import SitegenViews

extension Templates {
    // MARK: search

    /// `search/`: the full results page. `assets/search.js` reads the query from the address
    /// (`?q=…&kind=…&page=…`), fills the status line, the kind filter's counts, the list and the page
    /// links. Without JavaScript it says so and points at the indexes.
    public static func searchPage(_ v: SearchPageView) -> HTML {
        let kinds = each(v.kinds) { k in
            """
            <label class="sp-kind"><input type="radio" name="kind" value="\(String(k.value))"> \(k.label) <span class="count" data-kind="\(String(k.value))"></span></label>

            """
        }
        let main: HTML = """
        \(Layout.breadcrumbs(v.breadcrumbs, current: v.title))<header class="page-head">
        <h1>\(v.title)</h1>
        <p class="summary">\(v.summary)</p>
        </header>
        <div class="search-page" data-per-page="\(String(v.perPage))">
        <form class="sp-form" role="search" action="index.html" method="get" hidden>
        <label for="sp-q">Words to find</label>
        <span class="sp-row"><input id="sp-q" name="q" type="search" autocomplete="off"> <button type="submit">Search</button></span>
        <fieldset class="sp-kinds">
        <legend>Kind of page</legend>
        <label class="sp-kind"><input type="radio" name="kind" value="" checked> All <span class="count" data-kind=""></span></label>
        \(kinds)</fieldset>
        </form>
        <p id="sp-status" class="sp-status" role="status" aria-live="polite"></p>
        <ol id="sp-results" class="sp-results"></ol>
        <nav class="sp-pages" aria-label="Pages of results" hidden></nav>
        <p class="sp-noscript">Search needs JavaScript. Browse the <a href="\(v.chrome.root)countries/">countries</a>, <a href="\(v.chrome.root)actors/">actors</a>, <a href="\(v.chrome.root)policies/">policies</a> and <a href="\(v.chrome.root)sources/">sources</a> instead.</p>
        </div>

        """
        return Layout.document(v.chrome, title: v.title, summary: v.summary, bodyClass: "view-search", main: main)
    }
}
