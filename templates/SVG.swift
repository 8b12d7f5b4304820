import Foundation

/// Bar charts of figure series, drawn at build time.
enum Charts {
    /// A bar chart when `figures` form a series: two or more numeric values in one unit for distinct periods.
    static func bar(_ figures: [Figure]) -> String? {
        let numeric = figures.filter { $0.number != nil && $0.asOf != nil }
        let units = Set(numeric.map { $0.unit ?? "" })
        guard units.count == 1, Set(numeric.map { $0.asOf! }).count >= 2, numeric.count >= 2 else { return nil }
        let series = numeric.sorted { ($0.asOf!, $0.source.value) < ($1.asOf!, $1.source.value) }
        let maxV = series.map { $0.number! }.max() ?? 1
        guard maxV > 0 else { return nil }
        let barW = 36.0, gap = 14.0, top = 24.0, chartH = 160.0, left = 8.0
        let width = left * 2 + Double(series.count) * (barW + gap)
        let height = top + chartH + 56
        let unit = units.first!
        var s = "<svg class=\"chart\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" width=\"\(fmt(width))\" height=\"\(fmt(height))\" role=\"img\" aria-label=\"Bar chart of \(series.count) values\(unit.isEmpty ? "" : " in \(unit.htmlEscaped)")\">"
        for (n, f) in series.enumerated() {
            let v = f.number!
            let h = max(1, v / maxV * chartH)
            let x = left + Double(n) * (barW + gap)
            let y = top + chartH - h
            s += "<rect class=\"bar\" x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(barW))\" height=\"\(fmt(h))\"><title>\(f.label.htmlEscaped): \(ContextBuilder.formatValue(f).htmlEscaped)</title></rect>"
            s += "<text class=\"bar-value\" x=\"\(fmt(x + barW / 2))\" y=\"\(fmt(y - 6))\" text-anchor=\"middle\">\(short(v))</text>"
            s += "<text class=\"bar-label\" x=\"\(fmt(x + barW / 2))\" y=\"\(fmt(top + chartH + 16))\" text-anchor=\"middle\">\(f.asOf!.htmlEscaped)</text>"
        }
        s += "<line class=\"axis\" x1=\"\(fmt(left))\" y1=\"\(fmt(top + chartH))\" x2=\"\(fmt(width - left))\" y2=\"\(fmt(top + chartH))\"/>"
        return s + "</svg>"
    }

    static func short(_ v: Double) -> String {
        switch abs(v) {
        case 1e9...: return fmt(v / 1e9, 1) + "B"
        case 1e6...: return fmt(v / 1e6, 1) + "M"
        case 1e4...: return fmt(v / 1e3, 0) + "k"
        default: return fmt(v, 1)
        }
    }

    /// Fixed-point text with trailing zeros removed: deterministic across platforms.
    static func fmt(_ v: Double, _ digits: Int = 1) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(v) * scale).rounded()
        guard scaled < 9e15 else { return String(v) }
        let n = Int64(scaled)
        let unit = Int64(scale)
        var s = String(n / unit)
        var frac = n % unit
        if digits > 0 && frac != 0 {
            var f = String(frac)
            while f.count < digits { f = "0" + f }
            while f.hasSuffix("0") { f.removeLast() }
            s += "." + f
            frac = 0
        }
        return v < 0 && n != 0 ? "-" + s : s
    }
}

/// Relationship maps: the whole site in three columns, and one page's neighbourhood on a circle.
enum RelationMap {
    static func node(_ p: Page, x: Double, y: Double, href: String, anchor: String, cls: String = "", maxLength: Int = 30) -> String {
        let label = p.meta.title.utf8.count <= maxLength || p.meta.title.count <= maxLength
            ? p.titleHTML : (String(p.meta.title.prefix(maxLength - 1)) + "…").htmlEscaped
        let f = Charts.fmt
        var s = "<a href=\""
        s.reserveCapacity(200 + 2 * label.utf8.count)
        s += href.htmlEscaped
        s += "\" class=\"node n-"
        s += p.kind.rawValue
        s += cls
        s += "\"><title>"
        s += p.titleHTML
        s += "</title><circle cx=\""
        s += f(x, 1)
        s += "\" cy=\""
        s += f(y, 1)
        s += "\" r=\"5\"/><text x=\""
        s += f(anchor == "end" ? x - 9 : x + 9, 1)
        s += "\" y=\""
        s += f(y + 4, 1)
        s += "\" text-anchor=\""
        s += anchor
        s += "\">"
        s += label
        s += "</text></a>"
        return s
    }

    static func siteSVG(pages: [Page], sortKeys: [String], nodes: [Int], edges: [(Int, Int)], root: String) -> String {
        let columns: [PageKind] = [.country, .actor, .policy]
        let xs: [PageKind: Double] = [.country: 190, .actor: 560, .policy: 930]
        let anchors: [PageKind: String] = [.country: "end", .actor: "start", .policy: "start"]
        let rowH = 22.0, top = 50.0
        var pos: [Int: (Double, Double)] = [:]
        var maxRows = 0
        for kind in columns {
            let members = nodes.filter { pages[$0].kind == kind }
                .sorted { (sortKeys[$0], $0) < (sortKeys[$1], $1) }
            maxRows = max(maxRows, members.count)
            for (n, i) in members.enumerated() { pos[i] = (xs[kind]!, top + Double(n) * rowH) }
        }
        let height = top + Double(maxRows) * rowH + 20
        let f = Charts.fmt
        var s = "<svg class=\"relmap\" viewBox=\"0 0 1180 \(f(height, 0))\" aria-labelledby=\"relmap-title\"><title id=\"relmap-title\">Map of relations between \(nodes.count) pages</title>"
        for kind in columns {
            s += "<text class=\"col-head\" x=\"\(f(xs[kind]!, 0))\" y=\"24\" text-anchor=\"middle\">\(kind.plural.htmlEscaped)</text>"
        }
        s += "<g class=\"edges\">"
        // Actor labels run right of their dots: edges leaving an actor rightwards start after the label.
        let labelEnd = xs[.actor]! + 190
        for (a, b) in edges {
            guard var pa = pos[a], var pb = pos[b] else { continue }
            if pages[a].kind == .actor && pb.0 > pa.0 { pa.0 = labelEnd }
            if pages[b].kind == .actor && pa.0 > pb.0 { pb.0 = labelEnd }
            let (p1, p2) = pa.0 <= pb.0 ? (pa, pb) : (pb, pa)
            if p1.0 == p2.0 {
                let bulge = p1.0 + 40 + min(160, abs(p2.1 - p1.1) / 4)
                s += "<path d=\"M\(f(p1.0, 1)) \(f(p1.1, 1))C\(f(bulge, 1)) \(f(p1.1, 1)) \(f(bulge, 1)) \(f(p2.1, 1)) \(f(p2.0, 1)) \(f(p2.1, 1))\"/>"
            } else {
                let mx = (p1.0 + p2.0) / 2
                s += "<path d=\"M\(f(p1.0, 1)) \(f(p1.1, 1))C\(f(mx, 1)) \(f(p1.1, 1)) \(f(mx, 1)) \(f(p2.1, 1)) \(f(p2.0, 1)) \(f(p2.1, 1))\"/>"
            }
        }
        s += "</g><g class=\"nodes\">"
        for i in nodes.sorted() {
            guard let (x, y) = pos[i] else { continue }
            s += node(pages[i], x: x, y: y, href: root + pages[i].urlPath, anchor: anchors[pages[i].kind]!)
        }
        return s + "</g></svg>"
    }

    /// The page in the middle, its linked pages in two columns either side, one curve to each.
    static func neighbourhoodSVG(pages: [Page], sortKeys: [String], center: Int, neighbours: [Int], root: String, limit: Int = 24) -> String {
        let shown = Array(neighbours.sorted { (pages[$0].kind, sortKeys[$0], $0) < (pages[$1].kind, sortKeys[$1], $1) }
            .prefix(limit))
        let left = Array(shown.prefix((shown.count + 1) / 2)), right = Array(shown.dropFirst(left.count))
        let w = 460.0, rowH = 24.0, top = 16.0
        let rows = max(left.count, right.count, 1)
        let h = top * 2 + Double(rows - 1) * rowH + (neighbours.count > shown.count ? 20 : 0)
        let cx = w / 2, cy = top + Double(rows - 1) * rowH / 2
        let lx = cx - 28, rx = cx + 28
        let f = Charts.fmt
        var s = ""
        s.reserveCapacity(600 + shown.count * 300)
        s += "<svg class=\"relmap relmap-small\" viewBox=\"0 0 \(f(w, 0)) \(f(h, 0))\" aria-label=\"\(pages[center].meta.title.htmlEscaped) and \(neighbours.count) linked pages\"><g class=\"edges\">"
        func y(_ n: Int, _ count: Int) -> Double { top + (Double(rows - count) / 2 + Double(n)) * rowH }
        var pts: [(Int, Double, Double, String)] = []
        for (n, i) in left.enumerated() { pts.append((i, lx, y(n, left.count), "end")) }
        for (n, i) in right.enumerated() { pts.append((i, rx, y(n, right.count), "start")) }
        for (_, x, yy, _) in pts {
            let mx = (x + cx) / 2
            s += "<path d=\"M\(f(cx, 1)) \(f(cy, 1))C\(f(mx, 1)) \(f(cy, 1)) \(f(mx, 1)) \(f(yy, 1)) \(f(x, 1)) \(f(yy, 1))\"/>"
        }
        s += "</g><g class=\"nodes\">"
        for (i, x, yy, anchor) in pts {
            s += node(pages[i], x: x, y: yy, href: root + pages[i].urlPath, anchor: anchor, maxLength: 22)
        }
        s += "<a href=\"\(root + pages[center].urlPath)\" class=\"node n-\(pages[center].kind.rawValue) center\"><title>\(pages[center].meta.title.htmlEscaped)</title><circle cx=\"\(f(cx, 1))\" cy=\"\(f(cy, 1))\" r=\"7\"/></a>"
        if neighbours.count > shown.count {
            s += "<text class=\"more\" x=\"\(f(w - 4, 0))\" y=\"\(f(h - 6, 0))\" text-anchor=\"end\">+\(neighbours.count - shown.count) more: see Referenced by</text>"
        }
        return s + "</g></svg>"
    }
}
