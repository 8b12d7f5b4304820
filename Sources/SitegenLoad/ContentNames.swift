import Foundation
import SitegenModel

/// The naming rules of the content folder, for tools that create pages (`sitegen new`).
extension ContentLoader {
    /// Whether `slug` may be a page's file name (without `.md`): lower-case letters, digits, single hyphens.
    public static func isValidPageSlug(_ slug: String) -> Bool { isValidSlug(slug) }

    /// Names of generated top-level pages that a page of `content/` may not take.
    public static var generatedPageNames: Set<String> { reservedPages }
}
