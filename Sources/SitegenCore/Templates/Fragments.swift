import Foundation
import Mustache

/// HTML made when a template includes it (`{{{name}}}`): a value no template uses costs nothing.
final class LazyHTML: MustacheCustomRenderable, @unchecked Sendable {
    private let make: () -> String
    init(_ make: @escaping () -> String) { self.make = make }
    var renderText: String { make() }
    var isNull: Bool { false }
}

/// Values made once and shared by the threads that render pages. Two threads may both make a
/// missing value; both make the same one, and one of them is kept.
final class LockedCache<Key: Hashable, Value>: @unchecked Sendable {
    private var values: [Key: Value] = [:]
    private let lock = NSLock()

    func value(_ key: Key, make: () -> Value) -> Value {
        lock.lock()
        if let v = values[key] { lock.unlock(); return v }
        lock.unlock()
        let v = make()
        lock.lock()
        values[key] = v
        lock.unlock()
        return v
    }
}

/// An item template (`link-item`, `card-item`, `reference-source`) rendered for one linked page from
/// one folder depth. It is rendered once and reused by every page that lists that page: a page of 30
/// links costs 30 dictionary lookups instead of 30 template renders.
struct FragmentKey: Hashable {
    let template: String
    let root: String
    let page: Int
}

extension ContextBuilder {
    /// The pages `idx`, as linked from a page whose links start with `root`, each rendered with the
    /// item template `template` (empty when the templates folder has no such template).
    func itemsHTML(_ template: String, root: String, _ idx: [Int]) -> LazyHTML {
        LazyHTML { [self] in
            guard templates.names.contains(template) else { return "" }
            var out = ""
            for i in idx {
                out += fragments.value(FragmentKey(template: template, root: root, page: i)) {
                    var h = templates.render(template, itemContext(root: root, i))
                    if h.hasSuffix("\n") { h.removeLast() }
                    return h
                }
            }
            return out
        }
    }

    /// What an item template receives: the linked page (`link(root:_:)`) and, for a source,
    /// `publisher`, `date` and `viewpoint`.
    func itemContext(root: String, _ to: Int) -> [String: Any] {
        var c = link(root: root, to)
        let m = pages[to].meta
        if let v = m.publisher { c["publisher"] = v }
        if let v = m.date { c["date"] = v.display }
        if let v = m.viewpoint { c["viewpoint"] = v }
        return c
    }
}
