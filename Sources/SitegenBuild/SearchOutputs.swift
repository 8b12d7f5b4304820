import Dispatch
import SiteTemplates
import SitegenModel
import SitegenViews

extension Site {
    /// Search: the results page, the vocabulary, the postings files and one small file per page for
    /// the excerpts of results. The index is built once, by the vocabulary's job, which goes `early`
    /// among the outputs (beside the pages); the postings files read it and go `late`, after the
    /// pages, so that no job waits for the index while there are pages to render.
    static func searchOutputs(_ views: SiteViews) -> (early: [Output], late: [Output]) {
        let index = LazyBox {
            var clock = DispatchTime.now()
            defer { lap("search index (\(views.pages.count) pages)", since: &clock) }
            return views.searchIndex()
        }
        let kinds = views.searchKinds
        var early: [Output] = [
            Output(path: SearchIndex.termsPath, key: { nil }, render: { Array(index.value.termsJS().utf8) }),
            viewOutput(SiteViews.searchPath + "index.html", views.searchPage, Templates.searchPage),
        ]
        for id in views.pages.ids {
            early.append(Output(path: SearchIndex.documentPath(id.index), key: { nil }, render: { Array(views.searchDocumentJS(id, kinds: kinds).utf8) }))
        }
        let late = (0..<SearchIndex.shardCount(pages: views.pages.count)).map { k in
            Output(path: SearchIndex.shardPath(k), key: { nil }, render: { Array(index.value.shardJS(k).utf8) })
        }
        return (early, late)
    }
}
