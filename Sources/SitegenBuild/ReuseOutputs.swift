import SiteTemplates
import SitegenModel
import SitegenViews

extension Site {
    /// An output made from a view: keyed on the view's hash, which is built once and kept for rendering.
    static func viewOutput<V: Hashable>(_ path: String, _ make: @escaping () -> V, _ template: @escaping (V) -> HTML) -> Output {
        let box = LazyBox(make)
        // Rendering is the view's last use (its key is taken first): it is let go then.
        return Output(path: path, key: { box.value.hashValue }, render: { template(box.take()).string })
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
        // A page's section is the same in every dossier that holds it: its markup is made once, on
        // first use, and kept with the section's heading fields only (`DossierSection.head`); the
        // full section views are made again only for an incremental build's keys.
        let made = views.pages.ids.map { id in
            LazyBox { () -> (head: DossierSection, markup: HTML) in
                let s = views.dossierSection(id)
                return (s.head, Templates.dossierSection(s))
            }
        }
        var bySlug: [String: Int] = [:]
        for id in views.pages.ids { bySlug[views.pages[id].slug + "_"] = id.index }
        for id in views.pages.ids where views.config.dossiers && views.pages[id].kind == .country {
            out.append(Output(path: views.pages[id].urlPath + "dossier/index.html",
                              key: { views.dossier(id).hashValue },
                              render: {
                                  Templates.dossier(views.dossier(id, section: { made[$0.index].value.head }), section: { s in
                                      bySlug[s.id].map { made[$0].value.markup } ?? Templates.dossierSection(s)
                                  }).string
                              }))
        }
        return out
    }
}
