// swift-tools-version:5.9
// How long one Mustache tag takes in swift-mustache: `swift run -c release` in this folder.
import PackageDescription

let package = Package(
    name: "mustache-tags",
    dependencies: [.package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1")],
    targets: [
        .executableTarget(name: "mustache-tags", dependencies: [.product(name: "Mustache", package: "swift-mustache")]),
    ]
)
