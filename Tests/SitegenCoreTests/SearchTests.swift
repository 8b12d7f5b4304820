import Foundation
import XCTest
@testable import SitegenBuild
@testable import SitegenModel
@testable import SitegenViews

final class StemmerTests: XCTestCase {
    func testPorterExamples() {
        // From Porter's paper and its reference vocabulary.
        let cases = [
            "caresses": "caress", "ponies": "poni", "ties": "ti", "caress": "caress", "cats": "cat",
            "feed": "feed", "agreed": "agre", "bled": "bled", "motoring": "motor", "sing": "sing",
            "conflated": "conflat", "troubled": "troubl", "sized": "size", "hopping": "hop", "tanned": "tan",
            "falling": "fall", "hissing": "hiss", "fizzed": "fizz", "failing": "fail", "filing": "file",
            "happy": "happi", "sky": "sky", "relational": "relat", "conditional": "condit", "rational": "ration",
            "valenci": "valenc", "digitizer": "digit", "conformabli": "conform", "radicalli": "radic",
            "differentli": "differ", "vileli": "vile", "analogousli": "analog", "vietnamization": "vietnam",
            "predication": "predic", "operator": "oper", "feudalism": "feudal", "decisiveness": "decis",
            "hopefulness": "hope", "callousness": "callous", "formaliti": "formal", "sensitiviti": "sensit",
            "sensibiliti": "sensibl", "triplicate": "triplic", "formative": "form", "formalize": "formal",
            "electriciti": "electr", "electrical": "electr", "hopeful": "hope", "goodness": "good",
            "revival": "reviv", "allowance": "allow", "inference": "infer", "airliner": "airlin",
            "gyroscopic": "gyroscop", "adjustable": "adjust", "defensible": "defens", "irritant": "irrit",
            "replacement": "replac", "adjustment": "adjust", "dependent": "depend", "adoption": "adopt",
            "homologou": "homolog", "communism": "commun", "activate": "activ", "angulariti": "angular",
            "homologous": "homolog", "effective": "effect", "bowdlerize": "bowdler", "probate": "probat",
            "rate": "rate", "cease": "ceas", "controll": "control", "roll": "roll",
        ]
        for (word, stem) in cases.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(Stemmer.stem(word), stem, word)
        }
    }

    /// The forms a reader types find each other.
    func testWordFormsShareAStem() {
        let groups = [
            ["cartel", "cartels"],
            ["smuggling", "smugglers", "smuggler", "smuggled", "smuggle", "smuggles"],
            ["migrant", "migrants"],
            ["expulsion", "expulsions"],
            ["country", "countries"],
            ["policy", "policies"],
            ["border", "borders", "bordering"],
            ["traffickers", "trafficking", "trafficked"],
        ]
        for g in groups {
            XCTAssertEqual(Set(g.map(Stemmer.stem)).count, 1, "\(g) → \(g.map(Stemmer.stem))")
        }
        XCTAssertNotEqual(Stemmer.stem("cartel"), Stemmer.stem("car"))
    }

    /// The one change from Porter: `-er` goes after a single vowel-consonant sequence.
    func testAgentNounsLoseEr() {
        XCTAssertEqual(Stemmer.stem("plastered"), "plast")
        XCTAssertEqual(Stemmer.stem("smugglers"), "smuggl")
    }

    func testOtherWordsAreTheirOwnStem() {
        for w in ["42", "2023", "is", "one", "ñandú", "covid19", "mexico"] {
            XCTAssertEqual(Stemmer.stem(w), w)
        }
    }
}

final class SearchTextTests: XCTestCase {
    func testWordsAreFoldedAndSplit() {
        XCTAssertEqual(SearchText.words("Darién Gap"), ["darien", "gap"])
        XCTAssertEqual(SearchText.words("Andrés Manuel LÓPEZ Obrador"), ["andres", "manuel", "lopez", "obrador"])
        XCTAssertEqual(SearchText.words("Title 42, a U.S. order"), ["title", "42", "order"])
        XCTAssertEqual(SearchText.words("Mexico’s cartels (the \"Gulf Cartel\")"), ["mexico", "cartels", "the", "gulf", "cartel"])
        // Thousands separators and decimals join a number; punctuation after a number ends it.
        XCTAssertEqual(SearchText.words("up to 18,000 a day, 2.5 times, in 2023."), ["up", "to", "18000", "day", "25", "times", "in", "2023"])
        XCTAssertEqual(SearchText.words("U.S.-Mexico—border"), ["mexico", "border"])
        // A combining accent (decomposed input) is folded like a precomposed one.
        XCTAssertEqual(SearchText.words("Darie\u{301}n"), ["darien"])
        XCTAssertEqual(SearchText.words("Straße Ελλάδα"), ["straße", "ελλαδα"])
        XCTAssertEqual(SearchText.words(String(repeating: "x", count: 41) + " ok"), ["ok"])
        XCTAssertEqual(SearchText.fold("Darién GAP"), "darien gap")
    }

    func testPlainTextOfHTML() {
        let html = ##"<p>The <em>Gulf</em> Cartel<sup class="cite" id="cite-1-1"><a href="#ref-1">[1]</a></sup> &amp; <a href="x/">Mexi</a>co's</p><ul><li>one</li><li>two</li></ul>"##
        XCTAssertEqual(SearchText.plainText(html), "The Gulf Cartel & Mexico's one two")
        XCTAssertEqual(SearchText.plainText("a&lt;b&gt;&quot;c&#39; &unknown;"), "a<b>\"c' &unknown;")
    }
}

final class SearchIndexTests: XCTestCase {
    func doc(_ title: String, _ text: String, aliases: [String] = [], summary: String = "", kind: Int = 0) -> SearchDocument {
        SearchDocument(title: title, aliases: aliases, tags: [], summary: summary, text: text, kind: kind)
    }

    /// Decodes a stem's postings as `assets/search.js` does.
    func decode(_ code: String) -> [(page: Int, weight: Int)] {
        var value: [UInt8: Int] = [:]
        for (i, c) in SearchIndex.digits.enumerated() { value[c] = i }
        let b = Array(code.utf8)
        var i = 0, page = -1, out: [(Int, Int)] = []
        func next() -> Int {
            var n = 0, shift = 0, c = 0
            repeat {
                c = value[b[i]]!
                i += 1
                n += (c & 31) << shift
                shift += 5
            } while c & 32 != 0
            return n
        }
        while i < b.count {
            page += next() + 1
            out.append((page, next()))
        }
        return out
    }

    func group(_ index: SearchIndex, _ word: String) -> SearchIndex.Group? {
        index.groups.first { $0.words.contains(word) }
    }

    func testEveryWordOfALongPageIsIndexed() throws {
        let filler = String(repeating: "Filler words about migration routes and policies. ", count: 400)
        XCTAssertGreaterThan(filler.count, 15_000)
        let docs = [doc("Short", "Nothing much here."), doc("Long", filler + "The word zanzibarian appears once, at the end.")]
        let index = SearchIndex.build(kinds: ["Page"], count: docs.count) { docs[$0] }
        let g = try XCTUnwrap(group(index, "zanzibarian"))
        XCTAssertEqual(g.pages, [1])
        XCTAssertEqual(g.weights, [SearchIndex.Level.text.rawValue * 16 + 1])
        // In its postings file too.
        let n = index.groups.firstIndex { $0.words.contains("zanzibarian") }!
        let shard = index.shardJS(n % index.shardCount)
        let code = try XCTUnwrap(shard.components(separatedBy: "\"\(n)\":\"").dropFirst().first?.components(separatedBy: "\"").first)
        XCTAssertEqual(decode(code).map(\.page), [1])
        XCTAssertTrue(index.termsJS().contains(" zanzibarian"))
    }

    func testWordFormsAreOneGroupWithMergedPostings() throws {
        let docs = [doc("A", "one cartel"), doc("B", "two cartels and a cartel"), doc("C", "none")]
        let index = SearchIndex.build(kinds: ["Page"], count: docs.count) { docs[$0] }
        let g = try XCTUnwrap(group(index, "cartel"))
        XCTAssertEqual(g.words, ["cartel", "cartels"])
        XCTAssertEqual(g.pages, [0, 1])
        XCTAssertEqual(g.weights.map { $0 & 15 }, [1, 2])
    }

    func testWhereAWordIsGivesItsLevel() throws {
        let docs = [
            doc("Daniel Ortega", "He rules."),
            doc("Nicaragua's visa-free entry and transit fees", "Under Ortega."),
            doc("Managua", "x", aliases: ["Ortega's capital city region"]),
            doc("Other", "x", summary: "About Ortega."),
        ]
        let index = SearchIndex.build(kinds: ["Page"], count: docs.count) { docs[$0] }
        let g = try XCTUnwrap(group(index, "ortega"))
        XCTAssertEqual(g.pages, [0, 1, 2, 3])
        XCTAssertEqual(g.weights.map { SearchIndex.Level(rawValue: $0 >> 4) }, [.shortTitle, .text, .alias, .summary])
        XCTAssertEqual(group(index, "nicaragua")?.weights.map { $0 >> 4 }, [SearchIndex.Level.title.rawValue])
    }

    /// Numbers are not in the vocabulary: their postings are under `#` and the number, in the file
    /// their hash names.
    func testNumbersAreFoundByTheirHash() throws {
        let docs = [doc("Title 42", "Expelled 18,000 people in 2022."), doc("Other", "In 2022 and 2023.")]
        let index = SearchIndex.build(kinds: ["Page"], count: docs.count) { docs[$0] }
        XCTAssertEqual(index.numbers.map(\.stem), ["18000", "2022", "2023", "42"])
        XCTAssertFalse(index.termsJS().contains("2022"))
        XCTAssertEqual(SearchIndex.fnv("a"), 0xe40c_292c)  // FNV-1a's published value, as search.js computes it
        for g in index.numbers {
            let shard = index.shardJS(SearchIndex.numberShard(g.stem, count: index.shardCount))
            let code = try XCTUnwrap(shard.components(separatedBy: "\"#\(g.stem)\":\"").dropFirst().first?.components(separatedBy: "\"").first)
            XCTAssertEqual(decode(code).map(\.page), g.pages.map(Int.init), g.stem)
        }
        XCTAssertEqual(index.numbers.first { $0.stem == "42" }?.weights, [SearchIndex.Level.shortTitle.rawValue * 16 + 1])
        XCTAssertEqual(index.numbers.first { $0.stem == "2022" }?.pages, [0, 1])
    }

    func testPostingsCodeRoundTrips() {
        let pages: [Int32] = [0, 1, 2, 40, 1_000, 1_001, 70_000]
        let weights: [UInt8] = [1, 95, 31, 32, 0, 15, 80]
        let code = SearchIndex.encodePostings(pages: pages, weights: weights)
        XCTAssertEqual(decode(code).map(\.page), pages.map(Int.init))
        XCTAssertEqual(decode(code).map(\.weight), weights.map(Int.init))
        XCTAssertFalse(code.contains("\"") || code.contains("\\"))
    }

    func testIndexIsDeterministic() {
        let words = ["alpha", "beta", "gamma", "delta", "migrants", "migrant", "cartel", "cartels", "Darién", "42"]
        let docs = (0..<300).map { i in
            doc("Page \(i)", (0..<60).map { words[($0 * 7 + i * 13) % words.count] }.joined(separator: " "), kind: i % 3)
        }
        func files() -> [String] {
            let index = SearchIndex.build(kinds: ["A", "B", "C"], count: docs.count) { docs[$0] }
            return [index.termsJS()] + (0..<index.shardCount).map(index.shardJS)
        }
        let a = files(), b = files()
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.count, 1 + SearchIndex.shardCount(pages: 300))
        XCTAssertTrue(a[0].contains("\"pk\":\"012012"))
        XCTAssertTrue(a[0].contains(" darien"))
        XCTAssertFalse(a[0].contains(" 42"))
        XCTAssertTrue(a.dropFirst().contains { $0.contains("\"#42\":\"") })
    }

    /// A built site: the search files are there, and a word deep in a long page is in the index.
    func testBuiltSiteIndexesTheWholeText() throws {
        let long = String(repeating: "Migrants cross the border in large numbers every month. ", count: 60)
        let s = try TempSite([
            "content/sources/report.md": TempSite.source,
            "texts/report.txt": TempSite.sourceText,
            "content/index.md": page("title: Home\nsummary: H", "See [[x]]."),
            "content/countries/x.md": page("title: X\nsummary: A country.\ntype: country", long + "Quetzalcoatlus [@report]."),
        ])
        XCTAssertFalse(s.build().hasErrors)
        let terms = try XCTUnwrap(s.read("public/search/terms.js"))
        XCTAssertTrue(terms.contains(" quetzalcoatlus"))
        XCTAssertNotNil(s.read("public/search/p-0.js"))
        let docs = try (0..<3).map { try XCTUnwrap(s.read("public/search/d/\($0).js")) }
        XCTAssertNil(s.read("public/search/d/3.js"))
        for path in ["", "countries/x/", "sources/report/"] {
            XCTAssertEqual(docs.filter { $0.contains("\"u\":\"\(path)\"") }.count, 1, path)
        }
        XCTAssertTrue(docs.first { $0.contains("\"u\":\"countries/x/\"") }!.contains("Quetzalcoatlus"))
        let results = try XCTUnwrap(s.read("public/search/index.html"))
        XCTAssertTrue(results.contains(#"<input type="radio" name="kind" value="1"> Countries and regions"#))
        XCTAssertFalse(results.contains("search-index.js"))
    }
}
