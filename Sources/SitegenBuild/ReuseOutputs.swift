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

    /// The data downloads: CSV files and `graph.json`. Large single jobs whose text is held until it
    /// is written: they go first, beside the pages, so that their memory is free again before the
    /// dossiers, which hold sections between their uses, are made at the end.
    static func dataOutputs(_ views: SiteViews) -> [Output] {
        [
            Output(path: "graph.json", key: { nil }, render: views.graphJSON),
            Output(path: "citations.csv", key: { nil }, render: views.citationsCSV),
            Output(path: "figures.csv", key: { nil }, render: views.figuresCSV),
            Output(path: "events.csv", key: { nil }, render: views.eventsCSV),
        ]
    }

    /// Tag pages and their index, the change feed and the country dossiers.
    static func reuseOutputs(_ views: SiteViews) -> [Output] {
        var out: [Output] = [
            viewOutput("tags/index.html", views.tagIndex, Templates.tagIndex),
            viewOutput("feed.xml", views.feed, Templates.feed),
        ]
        for tag in views.tagGroups() {
            out.append(viewOutput("tags/\(tag.slug)/index.html", { views.tagPage(slug: tag.slug, name: tag.name, pages: tag.pages) },
                                  Templates.tag))
        }
        // A page's section is the same in every dossier that holds it: its markup is made on first
        // use and kept for the next dossier that holds it while the kept sections fit in a budget;
        // over the budget, the sections needed furthest ahead are let go (and made again when their
        // turn comes). The section's heading fields (`DossierSection.head`) are kept for the
        // dossiers' contents. The full section views are made again only for an incremental build's keys.
        guard views.config.dossiers else { return out }
        let countries = views.pages.ids.filter { views.pages[$0].kind == .country }
        // Which dossiers (by their place in `countries`, the order of the jobs) hold each page.
        var usedIn = [[Int32]](repeating: [], count: views.pages.count)
        for (d, c) in countries.enumerated() { for m in [c] + views.dossierMembers(c) { usedIn[m.index].append(Int32(d)) } }
        // For the keys of an incremental build only: each section's full view, made once per build
        // and, when it was, used for the markup too.
        let full = views.pages.ids.map { id in LazyBox { views.dossierSection(id) } }
        let cache = DossierCache(usedIn: usedIn, budget: DossierCache.defaultBudget)
        let parts = views.pages.ids.map { id in
            DossierPart { full[id.index].madeValue ?? views.dossierSection(id) }
        }
        var bySlug: [String: Int] = [:]
        for id in views.pages.ids { bySlug[views.pages[id].slug + "_"] = id.index }
        for (d, id) in countries.enumerated() {
            out.append(Output(path: views.pages[id].urlPath + "dossier/index.html",
                              key: { views.dossier(id, section: { full[$0.index].value }).hashValue },
                              render: {
                                  Templates.dossier(views.dossier(id, section: { parts[$0.index].head }), section: { s in
                                      bySlug[s.id].map { p in
                                          let m = parts[p].takeFresh() ?? cache.take(p) ?? parts[p].markup()
                                          cache.keep(p, m, after: d)
                                          return m
                                      } ?? Templates.dossierSection(s)
                                  }).bytes
                              }))
        }
        return out
    }
}

/// One page's part of the dossiers: the section's heading fields, kept, and how to make its markup.
final class DossierPart: @unchecked Sendable {
    private let make: () -> DossierSection
    private let lock = NSLock()
    private var madeHead: DossierSection?
    /// Markup made with the heading fields, for the dossier that asked for them.
    private var fresh: HTML?

    init(_ make: @escaping () -> DossierSection) { self.make = make }

    /// The section without its content.
    var head: DossierSection {
        lock.lock()
        defer { lock.unlock() }
        if madeHead == nil {
            let s = make()
            madeHead = s.head
            fresh = Templates.dossierSection(s)
        }
        return madeHead!
    }

    /// The markup made with the heading fields, if it was not taken yet.
    func takeFresh() -> HTML? {
        lock.lock()
        defer { lock.unlock() }
        let m = fresh
        fresh = nil
        return m
    }

    /// The section's markup, made again.
    func markup() -> HTML { Templates.dossierSection(make()) }
}

/// The markup of dossier sections kept between the dossiers that hold them, within a budget of
/// bytes. Which dossiers need each section, and in what order, is known before the first is made:
/// over the budget, the section whose next use is furthest ahead is let go (Belady's rule, the
/// fewest sections made again). On the synthetic corpus at 10,000 pages (41,800 sections in 1,500
/// dossiers, 9,500 distinct) the waiting sections took about 90 MB with no bound; with a budget of
/// 40 MB, 4,900 sections were made a second time (about 3 % of the build's time), with 16 MB 12,800.
final class DossierCache: @unchecked Sendable {
    static let defaultBudget = 32 << 20
    private let usedIn: [[Int32]]
    private let budget: Int
    private let lock = NSLock()
    private var kept: [HTML?]
    private var keptBytes = 0
    /// Kept sections by their next use, furthest first; entries whose section has gone or moved on
    /// are skipped when they come up.
    private var heap: [(next: Int32, part: Int32)] = []
    private var nextUse: [Int32]

    init(usedIn: [[Int32]], budget: Int) {
        self.usedIn = usedIn
        self.budget = budget
        kept = Array(repeating: nil, count: usedIn.count)
        nextUse = Array(repeating: -1, count: usedIn.count)
    }

    /// The kept markup of `part`, no longer kept.
    func take(_ part: Int) -> HTML? {
        lock.lock()
        defer { lock.unlock() }
        guard let m = kept[part] else { return nil }
        kept[part] = nil
        keptBytes -= m.bytes.count
        nextUse[part] = -1
        return m
    }

    /// Keeps `markup` of `part`, just used by dossier `d`, for the next dossier that holds it, if
    /// any; then lets go of the sections needed furthest ahead until the kept ones fit the budget.
    func keep(_ part: Int, _ markup: HTML, after d: Int) {
        let uses = usedIn[part]
        // The first use after `d` (uses are in increasing order).
        var lo = 0, hi = uses.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(uses[mid]) <= d { lo = mid + 1 } else { hi = mid }
        }
        guard lo < uses.count else { return }
        let next = uses[lo]
        lock.lock()
        defer { lock.unlock() }
        if let old = kept[part] { keptBytes -= old.bytes.count }
        kept[part] = markup
        keptBytes += markup.bytes.count
        nextUse[part] = next
        push((next, Int32(part)))
        while keptBytes > budget, let top = pop() {
            let p = Int(top.part)
            guard nextUse[p] == top.next, let m = kept[p] else { continue }
            kept[p] = nil
            keptBytes -= m.bytes.count
            nextUse[p] = -1
        }
    }

    // A binary max-heap on `next`.
    private func push(_ e: (next: Int32, part: Int32)) {
        heap.append(e)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[parent].next < heap[i].next else { break }
            heap.swapAt(parent, i)
            i = parent
        }
    }

    private func pop() -> (next: Int32, part: Int32)? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count && heap[l].next > heap[m].next { m = l }
                if r < heap.count && heap[r].next > heap[m].next { m = r }
                if m == i { break }
                heap.swapAt(m, i)
                i = m
            }
        }
        return top
    }
}
