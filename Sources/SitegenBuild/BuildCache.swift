import Foundation
import SitegenGraph
import SitegenLoad
import SitegenModel

/// What one build keeps for the next, so that a rebuild redoes only what its inputs changed: files
/// whose bytes are unchanged are not parsed again; pages whose file and resolution environment are
/// unchanged are not resolved again; outputs whose view is unchanged are not templated again. Every
/// key is derived from the typed input of its step (the environment's hash, the view's hash), so an
/// incremental build gives exactly the bytes a full build gives.
public final class BuildCache: @unchecked Sendable {
    let load = LoadCache()
    let sourceTexts = SourceTextsCache()
    /// Resolved pages by relative path, with the page and the environment's hash they were resolved with.
    var resolved: [String: (page: Page, environment: Int, result: ResolvedPage)] = [:]
    /// Output files by path, with the hash of the view they were rendered from.
    var outputs: [String: (key: Int, data: Data)] = [:]

    /// What the last build did, for progress lines and tests.
    public private(set) var lastStats = Stats()

    public struct Stats: Equatable, Sendable {
        public var pagesRendered = 0
        public var pagesReused = 0
        public var outputsRendered = 0
        public var outputsReused = 0
    }

    public init() {}

    func record(_ stats: Stats) { lastStats = stats }
}
