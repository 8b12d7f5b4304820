import Dispatch
import SiteTemplates
import SitegenModel
import SitegenViews

extension Site {
    /// Search: the results page, the vocabulary, the postings files and one small file per page for
    /// the excerpts of results. The index is built once, by the vocabulary's job, which goes `early`
    /// among the outputs (beside the pages); the postings files go `late`, after the pages, so that no
    /// job waits for the index while there are pages to render.
    ///
    /// The index is written out as soon as it is built (the vocabulary and every postings file, a few
    /// megabytes at 10,000 pages) and let go: its tables take ten times as much memory as its files.
    static func searchOutputs(_ views: SiteViews) -> (early: [Output], late: [Output]) {
        let shardCount = SearchIndex.shardCount(pages: views.pages.count)
        let files = LazyBox { () -> (terms: [UInt8], shards: [[UInt8]]) in
            var clock = DispatchTime.now()
            defer { lap("search index (\(views.pages.count) pages)", since: &clock) }
            let index = views.searchIndex()
            return (Array(index.termsJS().utf8), (0..<shardCount).map { Array(index.shardJS($0).utf8) })
        }
        let kinds = views.searchKinds
        var early: [Output] = [
            Output(path: SearchIndex.termsPath, key: { nil }, render: { files.value.terms }),
            viewOutput(SiteViews.searchPath + "index.html", views.searchPage, Templates.searchPage),
        ]
        for id in views.pages.ids {
            early.append(Output(path: SearchIndex.documentPath(id.index), key: { nil }, render: { Array(views.searchDocumentJS(id, kinds: kinds).utf8) }))
        }
        let late = (0..<shardCount).map { k in
            Output(path: SearchIndex.shardPath(k), key: { nil }, render: { files.value.shards[k] })
        }
        return (early, late)
    }
}
