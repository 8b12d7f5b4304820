import Foundation
import SitegenLoad
import SitegenModel

/// Maps every name a wiki link may use (slug, `kind/slug`, title, alias) to pages.
///
/// Built once from the loaded pages before any body is rendered; lookups are pure.
public struct LinkTable: Sendable, Hashable {
    public enum Resolution: Equatable {
        case page(PageID)
        case notFound(suggestion: String?)
        case ambiguous([PageID])
    }

    private var byKey: [String: [PageID]] = [:]
    /// Every name as written on its page (title, aliases, slugs), with the hits of its key: most
    /// links name a page exactly, and skip computing a key.
    private var byName: [String: [PageID]] = [:]
    private let titles: [String]
    /// "Did you mean" hints, computed once per distinct missing name.
    private let suggestions = LockedCache<String, String?>()

    public static func == (a: LinkTable, b: LinkTable) -> Bool { a.byKey == b.byKey && a.titles == b.titles }
    public func hash(into h: inout Hasher) {
        h.combine(titles)
        for k in byKey.keys.sorted() {
            h.combine(k)
            h.combine(byKey[k]!)
        }
    }

    public init(pages: [Page]) {
        titles = pages.map(\.meta.title)
        // Keys are computed on all cores, then gathered in page order.
        let keysPerPage = concurrentMap(pages.count) { i -> [(String, String)] in
            let p = pages[i]
            var names = [p.meta.title] + p.meta.aliases.map(\.value)
            if p.kind != .home {
                names.append(p.slug)
                names.append((p.kind.folder ?? "") + (p.kind.folder == nil ? "" : "/") + p.slug)
            } else {
                names.append("index")
            }
            return names.map { ($0, Self.key($0)) }
        }
        byKey.reserveCapacity(pages.count * 4)
        for (i, names) in keysPerPage.enumerated() {
            var seen = Set<String>()
            for (_, k) in names where !k.isEmpty && seen.insert(k).inserted { byKey[k, default: []].append(PageID(i)) }
        }
        byName.reserveCapacity(pages.count * 4)
        for names in keysPerPage {
            for (name, k) in names where !k.isEmpty { byName[name] = byKey[k] }
        }
    }

    /// Case-, diacritic- and spacing-insensitive form of a name.
    public static func key(_ name: String) -> String {
        // ASCII names: returned as they are when already in normal form (no capitals, single spaces
        // between words), else lower-cased and white space folded byte by byte.
        var ascii = true, normal = true
        var previous: UInt8 = 32
        for c in name.utf8 {
            if c >= 128 { ascii = false; break }
            if (c >= 65 && c <= 90) || c == 9 || c == 10 || c == 13 || (c == 32 && previous == 32) { normal = false }
            previous = c
        }
        if ascii {
            if normal && previous != 32 { return name }
            var out: [UInt8] = []
            out.reserveCapacity(name.utf8.count)
            var space = false
            for c in name.utf8 {
                if c == 32 || c == 9 || c == 10 || c == 13 { space = true; continue }
                if space && !out.isEmpty { out.append(32) }
                space = false
                out.append(c >= 65 && c <= 90 ? c + 32 : c)
            }
            return String(decoding: out, as: UTF8.self)
        }
        var s = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        s = s.replacingOccurrences(of: "\u{2019}", with: "'").replacingOccurrences(of: "\u{2018}", with: "'")
        return s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    public func resolve(_ target: String) -> Resolution {
        if let hits = byName[target], !hits.isEmpty { return hits.count == 1 ? .page(hits[0]) : .ambiguous(hits) }
        let k = Self.key(target)
        guard let hits = byKey[k], !hits.isEmpty else {
            let suggestion = suggestions.value(k) {
                let s = YAMLReader.suggestion(for: k, among: titles.map { Self.key($0) }.filter { !$0.isEmpty })
                return s.flatMap { sk in titles.first { Self.key($0) == sk } }
            }
            return .notFound(suggestion: suggestion)
        }
        return hits.count == 1 ? .page(hits[0]) : .ambiguous(hits)
    }
}
