// Renders templates made of one kind of tag, many times, and prints the time per tag. The content
// type does no escaping, so the numbers are the engine's own cost: looking a name up in the context
// stack, the type checks on the value found, and appending the result.
import Foundation
import Mustache

struct Verbatim: MustacheContentType { func escapeText(_ text: String) -> String { text } }
MustacheContentTypes.register(Verbatim(), named: "VERBATIM")

func measure(_ label: String, _ template: String, _ context: Any, tags: Int) {
    let library = try! MustacheLibrary(templates: ["t": MustacheTemplate(string: "{{% CONTENT_TYPE: VERBATIM}}\n" + template)])
    let runs = 20_000
    var bytes = 0
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<runs { bytes += library.render(context, withTemplate: "t")!.utf8.count }
    let ns = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(runs * tags)
    precondition(bytes > 0 || label.contains("missing"))
    print(String(format: "| %@ | %.0f ns |", label, ns))
}

let values: [String: Any] = ["a": "hello", "t": true, "n": 42, "s": ["a": "hello"]]
let items: [[String: Any]] = (0..<50).map { _ in ["a": "x"] }
print("| tag (50 per template) | time per tag |")
print("|---|---:|")
measure("text between tags", String(repeating: "<p>text</p>", count: 50), values, tags: 50)
measure("`{{a}}`, a string", String(repeating: "{{a}}", count: 50), values, tags: 50)
measure("`{{{a}}}`, a string", String(repeating: "{{{a}}}", count: 50), values, tags: 50)
measure("`{{n}}`, an integer", String(repeating: "{{n}}", count: 50), values, tags: 50)
measure("`{{s.a}}`, a dotted name", String(repeating: "{{s.a}}", count: 50), values, tags: 50)
measure("`{{zz}}`, a missing name", String(repeating: "{{zz}}", count: 50), values, tags: 50)
measure("`{{#t}}x{{/t}}`, a true flag", String(repeating: "{{#t}}x{{/t}}", count: 50), values, tags: 50)
measure("`{{#items}}{{a}}{{/items}}`, per item", "{{#items}}{{a}}{{/items}}", ["items": items], tags: 50)
measure("`{{#items}}{{b}}{{/items}}`, per item, `b` one level up", "{{#items}}{{b}}{{/items}}", ["items": items, "b": "y"], tags: 50)
