import Foundation
import Mustache

/// The Mustache templates of a site, parsed once and checked: every template the build needs exists,
/// and every partial that a template includes exists.
public struct TemplateSet: Sendable {
    let library: MustacheLibrary
    public let names: Set<String>
    /// Changes whenever any template's text changes.
    public let key: Int
    /// The folder's `assets/` sub-folder, copied to the output as it is.
    public let assetsDir: URL?

    /// Templates the build renders directly.
    public static let required = ["page", "section", "home", "404", "figures", "timeline", "map"]

    /// Every template starts with this: HTML escaping as Mustache defines it, done on bytes.
    static let pragma: String = {
        MustacheContentTypes.register(FastHTMLContentType(), named: "SITEGEN_HTML")
        // On a line of its own, the pragma leaves no trace in the output; it shifts lines by one.
        return "{{% CONTENT_TYPE: SITEGEN_HTML}}\n"
    }()

    public static func load(_ dir: URL, displayPrefix: String) -> (TemplateSet?, [Diagnostic]) {
        var diags: [Diagnostic] = []
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            return (nil, [.error(displayPrefix, .file, "templates folder not found")])
        }
        var library = MustacheLibrary()
        var texts: [String: String] = [:]
        let files = (try? fm.subpathsOfDirectory(atPath: dir.path)) ?? []
        for rel in files.sorted() where rel.hasSuffix(".mustache") && !rel.hasPrefix("assets/") {
            let name = String(rel.dropLast(".mustache".count))
            let path = displayPrefix + "/" + rel
            guard let data = fm.contents(atPath: dir.appendingPathComponent(rel).path),
                  case let .success(text) = TextDecoding.decode(data) else {
                diags.append(.error(path, .file, "cannot read template as UTF-8 text"))
                continue
            }
            do {
                try library.register(Self.pragma + text, named: name)
                texts[name] = text
            } catch let e as MustacheTemplate.ParserError {
                let line = max(1, e.context.lineNumber - 1)
                let column = e.context.columnNumber
                diags.append(.error(path, SourceLocation(line: line, column: column),
                                    "template syntax error: \(e.error)"))
            } catch {
                diags.append(.error(path, .file, "template syntax error: \(error)"))
            }
        }
        for name in required where texts[name] == nil && !diags.contains(where: { $0.path.hasSuffix("/\(name).mustache") }) {
            diags.append(.error(displayPrefix + "/\(name).mustache", .file, "missing template `\(name)`"))
        }
        for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
            for (partial, loc) in partials(in: text) where texts[partial] == nil {
                diags.append(.error(displayPrefix + "/\(name).mustache", loc, "missing partial `\(partial)` (no \(partial).mustache in the templates folder)"))
            }
        }
        let assets = dir.appendingPathComponent("assets")
        var assetsIsDir: ObjCBool = false
        let hasAssets = fm.fileExists(atPath: assets.path, isDirectory: &assetsIsDir) && assetsIsDir.boolValue
        var h = Hasher()
        for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
            h.combine(name)
            h.combine(text)
        }
        return (TemplateSet(library: library, names: Set(texts.keys), key: h.finalize(), assetsDir: hasAssets ? assets : nil), diags)
    }

    /// Names of the partials that `{{> name}}` tags include, with their places.
    static func partials(in text: String) -> [(String, SourceLocation)] {
        var out: [(String, SourceLocation)] = []
        var line = 1
        var lineStart = text.startIndex
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == "\n" {
                line += 1
                lineStart = text.index(after: i)
            } else if text[i...].hasPrefix("{{>") {
                let nameStart = text.index(i, offsetBy: 3)
                if let end = text[nameStart...].range(of: "}}") {
                    let name = text[nameStart..<end.lowerBound].trimmingCharacters(in: .whitespaces)
                    let col = text.distance(from: lineStart, to: i) + 1
                    if !name.isEmpty && !name.hasPrefix("*") { out.append((name, SourceLocation(line: line, column: col))) }
                }
            }
            i = text.index(after: i)
        }
        return out
    }

    /// Renders a template; the caller has checked that it exists.
    public func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: name) ?? ""
    }
}

/// Mustache's HTML escaping (`<`, `>`, `&`, `"`, `'`), with a fast path for text that needs none.
struct FastHTMLContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { text.htmlEscaped }
}
