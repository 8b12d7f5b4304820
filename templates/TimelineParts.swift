import SitegenModel
import SitegenViews

/// The timeline's filters (shown by `timeline.js`; without JavaScript every item shows) and what
/// each item carries for them.
enum TimelineParts {
    static func filterData(_ i: TimelineView.Item) -> HTML {
        " data-countries=\"\(i.countries.joined(separator: " "))\" data-actors=\"\(i.actors.joined(separator: " "))\" data-source=\"\(i.source ?? "")\""
    }

    static func alsoOn(_ i: TimelineView.Item) -> HTML {
        guard !i.alsoOn.isEmpty else { return "" }
        return " <span class=\"t-also\">also on \(i.alsoOn.map { "<a href=\"\($0.href)\">\($0.title)</a>" as HTML }.joined(separator: ", "))</span>"
    }

    static func select(_ id: String, _ label: String, _ all: String, _ options: [TimelineFilters.Option]) -> HTML {
        let items = each(options) { "<option value=\"\($0.value)\">\($0.label) (\($0.count))</option>" }
        return "<label for=\"\(id)\">\(label)</label> <select id=\"\(id)\" data-filter=\"\(id.dropFirst(3))\"><option value=\"\">\(all)</option>\(items)</select>\n"
    }

    static func filters(_ f: TimelineFilters, assets: String) -> HTML {
        guard !(f.countries.isEmpty && f.actors.isEmpty && f.sources.isEmpty) else { return "" }
        return """
        <form class="t-filters" hidden aria-label="Filter the timeline">
        \(select("tf-countries", "Country", "All countries", f.countries))\(select("tf-actors", "Actor", "All actors", f.actors))\(select("tf-source", "Source", "All sources", f.sources))<p class="t-count" role="status" aria-live="polite"></p>
        </form>
        <script src="\(assets)timeline.js" defer></script>

        """
    }
}
