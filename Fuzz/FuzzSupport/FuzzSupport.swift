import Foundation
import SitegenMarkdown
import SitegenModel

/// Stops the fuzzer with a message: libFuzzer reports the crash and saves the input. (Run with
/// SWIFT_BACKTRACE=enable=no, as Fuzz/run.sh does: Swift's backtracer and ASan's handler collide.)
public func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() {
        FileHandle.standardError.write(Data("fuzz invariant failed: \(message())\n".utf8))
        abort()
    }
}

/// Checks what every diagnostic must be: a path, a line and column that are not negative, a message
/// with no raw control characters except the line breaks of quoted text.
public func checkDiagnostics(_ diags: [Diagnostic], lines: Int) {
    for d in diags {
        fuzzCheck(!d.path.isEmpty, "diagnostic without a path: \(d)")
        fuzzCheck(d.line >= 0 && d.column >= 0, "negative location: \(d)")
        fuzzCheck(d.line <= lines + 1, "line \(d.line) past the end (\(lines) lines): \(d)")
        fuzzCheck(d.line > 0 || d.column == 0, "column without a line: \(d)")
        _ = d.description
    }
}

/// Checks heading ids: unique on the page, never an id the templates use, and the first heading with
/// a text has the id that `[[#text]]` links to.
public func checkHeadings(_ headings: [Heading], markup: any AnnotationMarkup) {
    var seen = Set<String>()
    var bases = Set<String>()
    for h in headings {
        let base = HeadingIDs.base(h.text, markup: markup)
        if bases.insert(base).inserted {
            fuzzCheck(h.id == base, "`[[#\(h.text)]]` links to `\(base)`, but the heading's id is `\(h.id)`")
        }
        fuzzCheck(!h.id.isEmpty, "empty heading id for \(h.text.debugDescription)")
        fuzzCheck(seen.insert(h.id).inserted, "heading id `\(h.id)` given twice")
        fuzzCheck(!markup.isReservedID(h.id), "heading takes the template id `\(h.id)`")
        fuzzCheck(h.id.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 },
                  "heading id `\(h.id)` is not a plain slug")
    }
}

/// The number of lines of `s`, as CommonMark and YAML count them: LF, CR and CRLF end a line.
public func lineCount(_ s: [UInt8]) -> Int {
    var n = 1
    for (i, b) in s.enumerated() where b == 10 || (b == 13 && (i + 1 == s.count || s[i + 1] != 10)) { n += 1 }
    return n
}

/// libFuzzer's entry point for a program that has its own `main` (SwiftPM gives every executable one).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Runs libFuzzer with the command line's options over `body`, which gets each input's bytes.
public func fuzzMain(_ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv = Optional(CommandLine.unsafeArgv)
    exit(LLVMFuzzerRunDriver(&argc, &argv, body))
}
