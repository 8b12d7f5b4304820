import Foundation

/// The kind of a page, given by the folder it sits in.
public enum PageKind: String, CaseIterable, Sendable, Comparable {
    case home, country, actor, policy, source, page

    /// The content folder of a kind; `nil` for pages at the top of `content/`.
    public var folder: String? {
        switch self {
        case .country: return "countries"
        case .actor: return "actors"
        case .policy: return "policies"
        case .source: return "sources"
        case .home, .page: return nil
        }
    }

    public static func forFolder(_ name: String) -> PageKind? {
        allCases.first { $0.folder == name }
    }

    /// Plural heading for lists ("Countries").
    public var plural: String {
        switch self {
        case .home: return "Home"
        case .country: return "Countries and regions"
        case .actor: return "Actors"
        case .policy: return "Policies"
        case .source: return "Sources"
        case .page: return "Pages"
        }
    }

    public var singular: String {
        switch self {
        case .home: return "Home"
        case .country: return "Country"
        case .actor: return "Actor"
        case .policy: return "Policy"
        case .source: return "Source"
        case .page: return "Page"
        }
    }

    /// The kinds that have an index page of their own, in navigation order.
    public static let sections: [PageKind] = [.country, .actor, .policy, .source]

    private var order: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: PageKind, rhs: PageKind) -> Bool { lhs.order < rhs.order }
}

/// A page's identity within one build: its position in the build's page list, which is sorted by path.
/// Every stage after loading names pages by this id, never by a bare integer.
public struct PageID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let index: Int
    @inlinable public init(_ index: Int) { self.index = index }
    @inlinable public static func < (a: PageID, b: PageID) -> Bool { a.index < b.index }
    public var description: String { "#\(index)" }
}

extension Array where Element == Page {
    /// The page with id `id`. Inlinable: a call from another module returned the page retained, an
    /// atomic count that both threads of a build change on the same pages.
    @inlinable public subscript(_ id: PageID) -> Page { self[id.index] }
    /// Every page's id, in order.
    public var ids: [PageID] { indices.map(PageID.init) }
}

/// A value read from front matter with the place it was written.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var location: SourceLocation
    public init(_ value: Value, _ location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

/// A date as precise as the source allows: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
public struct PartialDate: Sendable, Comparable, Hashable, CustomStringConvertible {
    public var year: Int
    public var month: Int?
    public var day: Int?

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        // Digits only: `Int` alone would take "+123" as the year 123.
        func number(_ s: Substring, digits: Int) -> Int? {
            guard s.utf8.count == digits, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            return Int(s)
        }
        guard (1...3).contains(parts.count), let y = number(parts[0], digits: 4) else { return nil }
        year = y
        if parts.count >= 2 {
            guard let m = number(parts[1], digits: 2), (1...12).contains(m) else { return nil }
            month = m
        }
        if parts.count == 3 {
            guard let d = number(parts[2], digits: 2) else { return nil }
            let days = [31, (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            guard (1...days[month! - 1]).contains(d) else { return nil }
            day = d
        }
    }

    public var description: String {
        var s = Self.padded(year, 4)
        if let m = month { s += "-" + Self.padded(m, 2) }
        if let d = day { s += "-" + Self.padded(d, 2) }
        return s
    }

    /// `n` in decimal with leading zeros to `width` digits (`String(format: "%0*d")` without Foundation).
    public static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n.magnitude)
        let zeros = String(repeating: "0", count: max(0, width - digits.count - (n < 0 ? 1 : 0)))
        return (n < 0 ? "-" : "") + zeros + digits
    }

    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                                     "August", "September", "October", "November", "December"]

    /// "June 2022", "20 January 2021", "2024".
    public var display: String {
        guard let m = month else { return String(year) }
        if let d = day { return "\(d) \(Self.monthNames[m - 1]) \(year)" }
        return "\(Self.monthNames[m - 1]) \(year)"
    }

    public static func < (a: PartialDate, b: PartialDate) -> Bool {
        (a.year, a.month ?? 0, a.day ?? 0) < (b.year, b.month ?? 0, b.day ?? 0)
    }
}

/// A number with its source, shown in the infobox and on the Figures page.
public struct Figure: Sendable, Hashable {
    public var label: String
    public var value: String
    /// `value` as a number, when it is one (charts need it).
    public var number: Double?
    public var unit: String?
    public var asOf: String?
    public var measure: String?
    /// What exactly the figure counts, when figures of one measure count different things
    /// ("people intercepted", "illegal crossings"); such figures are not compared.
    public var counts: String?
    public var source: Located<String>
    public var quote: Located<String>
    public var note: Located<String>?
    public var location: SourceLocation

    public init(label: String, value: String, number: Double?, unit: String?, asOf: String?, measure: String?,
                source: Located<String>, quote: Located<String>, note: Located<String>?, location: SourceLocation) {
        self.label = label
        self.value = value
        self.number = number
        self.unit = unit
        self.asOf = asOf
        self.measure = measure
        self.source = source
        self.quote = quote
        self.note = note
        self.location = location
    }
}

/// A dated event for the timeline.
public struct Event: Sendable, Hashable {
    public var date: PartialDate
    public var text: Located<String>
    public var source: Located<String>
    public var quote: Located<String>
    public var location: SourceLocation

    public init(date: PartialDate, text: Located<String>, source: Located<String>, quote: Located<String>, location: SourceLocation) {
        self.date = date
        self.text = text
        self.source = source
        self.quote = quote
        self.location = location
    }
}

/// An infobox row written in front matter: a label and an inline-Markdown value.
public struct Fact: Sendable, Hashable {
    public var label: String
    public var value: Located<String>
    public init(label: String, value: Located<String>) {
        self.label = label
        self.value = value
    }
}

/// Everything the front matter of a page says, typed and checked.
public struct PageMeta: Sendable, Hashable {
    public var title: String = ""
    public var summary: String = ""
    public var aliases: [Located<String>] = []
    public var tags: [String] = []
    public var draft = false
    public var related: [Located<String>] = []
    public var facts: [Fact] = []
    public var figures: [Figure] = []
    public var events: [Event] = []

    // Kind-specific fields.
    public var type: String?
    public var roles: [String] = []
    public var countries: [Located<String>] = []
    public var actors: [Located<String>] = []
    public var status: String?
    public var start: PartialDate?
    public var end: PartialDate?
    public var publisher: String?
    public var author: String?
    public var date: PartialDate?
    public var viewpoint: String?
    public var document: Located<String>?
    public var pageHeaders: [String] = []
    /// Where the document is published, an archived copy, and when the URL was read.
    public var url: String?
    public var archiveURL: String?
    public var accessed: PartialDate?

    public init() {}
}

/// A text that can be let go of once it is no longer needed.
final class ReleasableText: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String
    init(_ text: String) { self.text = text }
    var value: String {
        lock.lock()
        defer { lock.unlock() }
        return text
    }
    func release() {
        lock.lock()
        text = ""
        lock.unlock()
    }
}

/// One Markdown file of the content folder, loaded and checked. Immutable, and shared by reference
/// between the stages so that no stage copies it.
public final class Page: Sendable {
    public let kind: PageKind
    public let slug: String
    /// Path relative to the content folder, with `/` separators (`countries/mexico.md`).
    public let relativePath: String
    /// Path as shown in diagnostics.
    public let displayPath: String
    public let meta: PageMeta
    /// The Markdown after the front matter (empty after `releaseBody()`).
    public var body: String { bodyText.value }
    private let bodyText: ReleasableText
    /// Number of lines before the body (the front matter and its `---` lines).
    public let bodyLineOffset: Int
    /// Output path of the page's folder, relative to the site root, ending in `/` ("" for home).
    public let urlPath: String
    /// Whether the front matter had errors: `meta` then holds only the fields that were valid. Such a
    /// page still takes part in link resolution (its slug, title and aliases), so that one mistake in
    /// it is one error, not one per page linking to it; a build with it writes nothing.
    public let hasErrors: Bool

    /// Lets go of the body's text: a one-off build calls it once every page is rendered, so that
    /// the Markdown is not held beside the HTML made from it.
    public func releaseBody() { bodyText.release() }

    public init(kind: PageKind, slug: String, relativePath: String, displayPath: String, meta: PageMeta,
                body: String, bodyLineOffset: Int, hasErrors: Bool = false) {
        self.kind = kind
        self.slug = slug
        self.relativePath = relativePath
        self.displayPath = displayPath
        self.meta = meta
        self.bodyText = ReleasableText(body)
        self.bodyLineOffset = bodyLineOffset
        self.hasErrors = hasErrors
        switch kind {
        case .home: urlPath = ""
        case .page: urlPath = slug + "/"
        default: urlPath = kind.folder! + "/" + slug + "/"
        }
    }
}
