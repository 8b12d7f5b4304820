import Foundation
import Mustache

/// HTML that is made only if a template includes it (`{{{name}}}`), at most once per context.
final class LazyHTML: MustacheCustomRenderable, @unchecked Sendable {
    private let make: () -> String
    init(_ make: @escaping () -> String) { self.make = make }
    var renderText: String { make() }
    var isNull: Bool { false }
}

/// Item templates (`link-item`, `card-item`, `reference-source`) rendered once per linked page and folder depth, then
/// reused by every page that lists that page: a page of 30 links costs 30 dictionary lookups instead
/// of 30 template renders.
final class FragmentCache: @unchecked Sendable {
    private var html: [Key: String] = [:]
    private let lock = NSLock()

    struct Key: Hashable {
        let template: String
        let root: String
        let page: Int
    }

    func fragment(_ key: Key, make: () -> String) -> String {
        lock.lock()
        if let h = html[key] { lock.unlock(); return h }
        lock.unlock()
        let h = make()
        lock.lock()
        html[key] = h
        lock.unlock()
        return h
    }
}

extension ContextBuilder {

    /// The pages `idx`, as linked from a page whose links start with `root`, each rendered with the
    /// item template `template` (empty when the templates folder has no such template).
    func itemsHTML(_ template: String, root: String, _ idx: [Int]) -> LazyHTML {
        LazyHTML { [self] in
            guard templates.names.contains(template) else { return "" }
            var out = ""
            for i in idx {
                out += fragments.fragment(.init(template: template, root: root, page: i)) {
                    var h = templates.render(template, linkContext(root: root, i))
                    if h.hasSuffix("\n") { h.removeLast() }
                    return h
                }
            }
            return out
        }
    }

    /// A linked page: `title`, `href` (relative to `root`), `summary`, `kind`, and for sources
    /// `publisher`, `date`, `viewpoint`.
    func linkContext(root: String, _ to: Int) -> [String: Any] {
        let p = pages[to]
        var c: [String: Any] = ["title": p.meta.title, "href": root + p.urlPath, "summary": p.meta.summary, "kind": p.kind.singular]
        if let v = p.meta.publisher { c["publisher"] = v }
        if let v = p.meta.date { c["date"] = v.display }
        if let v = p.meta.viewpoint { c["viewpoint"] = v }
        return c
    }
}

