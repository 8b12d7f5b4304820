// swift-tools-version:5.9
import PackageDescription

// The targets are the stages of a build, each depending only on the stages before it, so the
// compiler forbids a cycle:
//
//   SitegenModel → SitegenLoad → SitegenMarkdown → SitegenGraph → SitegenViews → SiteTemplates
//   → SitegenBuild → SitegenServer → sitegen
let package = Package(
    name: "sitegen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sitegen", targets: ["sitegen"]),
        .library(name: "SitegenBuild", targets: ["SitegenBuild"]),
        .library(name: "SitegenServer", targets: ["SitegenServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // mimalloc, the allocator of the `sitegen` executable (a build allocates millions of small
        // strings and arrays on two threads; it spends about a tenth less time than with glibc's).
        .systemLibrary(
            name: "CMimalloc",
            providers: [.apt(["libmimalloc-dev"])]
        ),
        // Pages, typed ids, located values, diagnostics, the HTML value type.
        .target(name: "SitegenModel"),
        // Files and front matter into pages; sitegen.yml.
        .target(name: "SitegenLoad", dependencies: ["SitegenModel", .product(name: "Yams", package: "Yams")]),
        // The cmark AST pass: wiki links, citations, callouts, headings.
        .target(name: "SitegenMarkdown", dependencies: ["SitegenModel", "CCmark"]),
        // Link table, source texts and quotes, resolved pages, cross-references, site checks.
        .target(name: "SitegenGraph", dependencies: ["SitegenModel", "SitegenLoad", "SitegenMarkdown"]),
        // One plain value per output: page, section, home, figures, timeline, map, 404, search, sitemap.
        .target(name: "SitegenViews", dependencies: ["SitegenModel", "SitegenLoad", "SitegenGraph"]),
        // The site's Swift string templates: one function per view, every tag the site emits.
        .target(
            name: "SiteTemplates",
            dependencies: ["SitegenModel", "SitegenMarkdown", "SitegenViews"],
            path: "templates",
            exclude: ["assets"]
        ),
        // The pipeline, the incremental cache and the staged output folder.
        .target(name: "SitegenBuild", dependencies: [
            "SitegenModel", "SitegenLoad", "SitegenMarkdown", "SitegenGraph", "SitegenViews", "SiteTemplates",
        ]),
        // `sitegen serve`.
        .target(name: "SitegenServer", dependencies: [
            "SitegenModel", "SitegenLoad", "SitegenBuild",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .executableTarget(
            name: "sitegen",
            dependencies: [
                "SitegenModel", "SitegenBuild", "SitegenServer", "CMimalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SitegenCoreTests",
            dependencies: [
                "SitegenModel", "SitegenLoad", "SitegenMarkdown", "SitegenGraph", "SitegenViews", "SiteTemplates",
                "SitegenBuild", "SitegenServer",
            ],
            exclude: ["Fixtures"]
        ),
    ]
)

// libFuzzer targets, declared only for Fuzz/run.sh (SITEGEN_FUZZ=1, built with
// `-Xswiftc -sanitize=fuzzer,address` into their own scratch folder): their `main` starts libFuzzer,
// so they link only with that flag, and a plain `swift build` or `swift test` never sees them.
if Context.environment["SITEGEN_FUZZ"] == "1" {
    package.targets += [
        .target(name: "FuzzSupport", dependencies: ["SitegenModel", "SitegenMarkdown"], path: "Fuzz/FuzzSupport"),
        .executableTarget(name: "FuzzFrontMatter", dependencies: ["FuzzSupport", "SitegenModel", "SitegenLoad"],
                          path: "Fuzz/FuzzFrontMatter"),
        .executableTarget(name: "FuzzAnnotations", dependencies: ["FuzzSupport", "SitegenModel", "SitegenMarkdown", "SiteTemplates"],
                          path: "Fuzz/FuzzAnnotations"),
        .executableTarget(name: "FuzzPage", dependencies: [
            "FuzzSupport", "SitegenModel", "SitegenLoad", "SitegenGraph", "SitegenViews", "SiteTemplates",
        ], path: "Fuzz/FuzzPage"),
    ]
}
