import Foundation
import SiteTemplates
import SitegenModel
import SitegenViews

extension Site {
    /// An output made from a view: keyed on the view's hash, which is built once and kept for rendering.
    static func viewOutput<V: Hashable>(_ path: String, _ make: @escaping () -> V, _ template: @escaping (V) -> HTML) -> Output {
        let box = LazyBox(make)
        // Rendering is the view's last use (its key is taken first): it is let go then.
        return Output(path: path, key: { box.value.hashValue }, render: { template(box.take()).bytes })
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
        // first use, and let go after its last use; the section's heading fields
        // (`DossierSection.head`) are kept for the dossiers' contents. The full section views are
        // made again only for an incremental build's keys.
        guard views.config.dossiers else { return out }
        let countries = views.pages.ids.filter { views.pages[$0].kind == .country }
        var uses = [Int](repeating: 0, count: views.pages.count)
        for c in countries { for m in [c] + views.dossierMembers(c) { uses[m.index] += 1 } }
        // For the keys of an incremental build only: each section's full view, made once per build
        // and, when it was, used for the markup too.
        let full = views.pages.ids.map { id in LazyBox { views.dossierSection(id) } }
        let parts = views.pages.ids.map { id in
            DossierPart(uses: uses[id.index]) { full[id.index].madeValue ?? views.dossierSection(id) }
        }
        var bySlug: [String: Int] = [:]
        for id in views.pages.ids { bySlug[views.pages[id].slug + "_"] = id.index }
        for id in countries {
            out.append(Output(path: views.pages[id].urlPath + "dossier/index.html",
                              key: { views.dossier(id, section: { full[$0.index].value }).hashValue },
                              render: {
                                  Templates.dossier(views.dossier(id, section: { parts[$0.index].head }), section: { s in
                                      bySlug[s.id].map { parts[$0].takeMarkup() } ?? Templates.dossierSection(s)
                                  }).bytes
                              }))
        }
        return out
    }
}

/// One page's part of the dossiers: its section's markup, made on first use and let go after the
/// last of the `uses` dossiers that hold it took it; and the section's heading fields, kept.
final class DossierPart: @unchecked Sendable {
    private let make: () -> DossierSection
    private let lock = NSLock()
    private var uses: Int
    private var madeHead: DossierSection?
    private var markup: HTML?

    init(uses: Int, _ make: @escaping () -> DossierSection) {
        self.uses = uses
        self.make = make
    }

    private func build() {
        let s = make()
        madeHead = s.head
        markup = Templates.dossierSection(s)
    }

    /// The section without its content.
    var head: DossierSection {
        lock.lock()
        defer { lock.unlock() }
        if madeHead == nil { build() }
        return madeHead!
    }

    /// The section's markup; after the last expected use it is no longer kept.
    func takeMarkup() -> HTML {
        lock.lock()
        defer { lock.unlock() }
        if markup == nil { build() }
        let m = markup!
        uses -= 1
        if uses <= 0 { markup = nil }
        return m
    }
}
