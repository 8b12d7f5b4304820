import SiteTemplates
import SitegenModel
import SitegenViews

extension Site {
    /// An output made from a view: keyed on the view's hash, which is built once and kept for rendering.
    static func viewOutput<V: Hashable>(_ path: String, _ make: @escaping () -> V, _ template: @escaping (V) -> HTML) -> Output {
        let box = LazyBox(make)
        return Output(path: path, key: { box.value.hashValue }, render: { template(box.value).string })
    }

    /// Tag pages and their index, the change feed, the data downloads and the country dossiers.
    static func reuseOutputs(_ views: SiteViews) -> [Output] {
        var out: [Output] = [
            viewOutput("tags/index.html", views.tagIndex, Templates.tagIndex),
            viewOutput("feed.xml", views.feed, Templates.feed),
            Output(path: "figures.csv", key: { nil }, render: views.figuresCSV),
            Output(path: "events.csv", key: { nil }, render: views.eventsCSV),
            Output(path: "citations.csv", key: { nil }, render: views.citationsCSV),
            Output(path: "graph.json", key: { nil }, render: views.graphJSON),
        ]
        for tag in views.tagGroups() {
            out.append(viewOutput("tags/\(tag.slug)/index.html", { views.tagPage(slug: tag.slug, name: tag.name, pages: tag.pages) },
                                  Templates.tag))
        }
        // A page's section is the same in every dossier that holds it: its view and its markup are
        // made once, on first use.
        let sections = views.pages.ids.map { id in LazyBox { views.dossierSection(id) } }
        let markup = views.pages.ids.map { id in LazyBox { Templates.dossierSection(sections[id.index].value) } }
        var bySlug: [String: Int] = [:]
        for id in views.pages.ids { bySlug[views.pages[id].slug + "_"] = id.index }
        for id in views.pages.ids where views.config.dossiers && views.pages[id].kind == .country {
            out.append(viewOutput(views.pages[id].urlPath + "dossier/index.html",
                                  { views.dossier(id, section: { sections[$0.index].value }) },
                                  { v in Templates.dossier(v, section: { s in bySlug[s.id].map { markup[$0].value } ?? Templates.dossierSection(s) }) }))
        }
        return out
    }
}
