import Foundation
import FuzzSupport
@testable import SitegenLoad
import SitegenModel

/// One content file, as the loader reads it: decoding, the front-matter split, the YAML reader and
/// every field's checks. The first byte picks the folder, so each kind's fields are reached.
let paths = ["countries/x.md", "actors/x.md", "policies/x.md", "sources/x.md", "index.md", "about.md"]
let loader = ContentLoader(contentDir: URL(fileURLWithPath: "/nonexistent/content"), displayPrefix: "content")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontMatter(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start = data else { return 0 }
    guard count > 0 else { return 0 }
    let path = paths[Int(start[0]) % paths.count]
    let bytes = Array(UnsafeBufferPointer(start: start + 1, count: count - 1))
    var diags: [Diagnostic] = []
    let page = loader.loadFile(path, data: Data(bytes), &diags)
    checkDiagnostics(diags, lines: lineCount(bytes))
    if let page {
        fuzzCheck(page.bodyLineOffset >= 2, "body starts at line \(page.bodyLineOffset)")
        _ = page.meta.title.htmlEscaped
    } else {
        fuzzCheck(diags.contains { $0.severity == .error }, "no page and no error")
    }
    return 0
}

fuzzMain(fuzzFrontMatter)
