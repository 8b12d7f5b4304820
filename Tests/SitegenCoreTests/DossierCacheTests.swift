import XCTest
@testable import SitegenBuild
@testable import SitegenModel

/// The cache of dossier sections keeps markup for the next dossier that needs it, within its budget,
/// letting go first of the section needed furthest ahead.
final class DossierCacheTests: XCTestCase {
    func markup(_ n: Int) -> HTML { HTML(trusted: [UInt8](repeating: 120, count: n)) }

    func testSectionsNeededSoonestAreKept() {
        // Part 0 is used by dossiers 0 and 1, part 1 by 0 and 5, part 2 by 0 and 3; 250 bytes fit.
        let cache = DossierCache(usedIn: [[0, 1], [0, 5], [0, 3]], budget: 250)
        cache.keep(0, markup(100), after: 0)
        cache.keep(1, markup(100), after: 0)
        cache.keep(2, markup(100), after: 0)
        // Over the budget: part 1 (next needed by dossier 5) went, the others stay.
        XCTAssertNil(cache.take(1))
        XCTAssertEqual(cache.take(0)?.bytes.count, 100)
        XCTAssertEqual(cache.take(2)?.bytes.count, 100)
        // Taken markup is no longer kept.
        XCTAssertNil(cache.take(0))
    }

    func testNothingIsKeptAfterTheLastUse() {
        let cache = DossierCache(usedIn: [[2, 4]], budget: 1 << 20)
        cache.keep(0, markup(10), after: 2)
        XCTAssertNotNil(cache.take(0))
        cache.keep(0, markup(10), after: 4)
        XCTAssertNil(cache.take(0))
    }

    func testMarkupLargerThanTheBudgetIsNotKept() {
        let cache = DossierCache(usedIn: [[0, 1]], budget: 50)
        cache.keep(0, markup(100), after: 0)
        XCTAssertNil(cache.take(0))
    }
}
