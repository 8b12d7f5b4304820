import SitegenModel
import SitegenViews

/// The SVG pictures: relation maps and bar charts, drawn from their layouts.
enum SVG {

    /// A node: its dot and label, a link to its page. The full title is a tooltip only when the label
    /// shortens it; `text-anchor` is written only when it is not SVG's default (`start`).
    static func node(_ n: RelationMapLayout.Node, cls: String = "") -> HTML {
        let textX = n.anchor == .end ? n.x - 9 : n.x + 9
        let title: HTML = n.label == n.title ? "" : "<title>\(n.title)</title>"
        let anchor: HTML = n.anchor == .start ? "" : " text-anchor=\"\(n.anchor.rawValue)\""
        return "<a href=\"\(n.href)\" class=\"node n-\(n.kind.rawValue)\(cls)\">\(title)<circle cx=\"\(fixed: n.x)\" cy=\"\(fixed: n.y)\" r=\"5\"/><text x=\"\(fixed: textX)\" y=\"\(fixed: n.y + 4)\"\(anchor)>\(n.label)</text></a>"
    }

    /// A curve: absolute start, then the cubic relative to it (`M230 148c-14 0-14-132-28-132`).
    /// The offsets are taken between the rounded points, so the drawing is the same as with
    /// absolute coordinates.
    static func curve(_ c: RelationMapLayout.Curve) -> HTML {
        let p = c.points
        func tenths(_ v: Double) -> Int { Int((v * 10).rounded()) }
        let x0 = tenths(p[0]), y0 = tenths(p[1])
        // Digits and separators only: built as bytes, inserted as they are.
        var d: [UInt8] = [77]
        d.reserveCapacity(48)
        FixedPoint.append(p[0], 1, to: &d)
        d.append(32)
        FixedPoint.append(p[1], 1, to: &d)
        d.append(99)
        for k in 2..<8 {
            let delta = tenths(p[k]) - (k % 2 == 0 ? x0 : y0)
            if k > 2 && delta >= 0 { d.append(32) }
            FixedPoint.append(Double(delta) / 10, 1, to: &d)
        }
        return "<path d=\"\(HTML.pathData(d))\"/>"
    }

    static func relationMap(_ m: RelationMapLayout) -> HTML {
        let curves = each(m.curves, curve)
        let nodes = each(m.nodes) { node($0) }
        if m.isSiteMap {
            let heads = each(m.headings) { "<text class=\"col-head\" x=\"\(fixed: $0.x, 0)\" y=\"24\" text-anchor=\"middle\">\($0.text)</text>" }
            return "<svg class=\"relmap\" viewBox=\"0 0 \(fixed: m.width, 0) \(fixed: m.height, 0)\" aria-labelledby=\"relmap-title\"><title id=\"relmap-title\">\(m.label)</title>\(heads)<g class=\"edges\">\(curves)</g><g class=\"nodes\">\(nodes)</g></svg>"
        }
        var center: HTML = ""
        if let c = m.center {
            center = "<a href=\"\(c.href)\" class=\"node n-\(c.kind.rawValue) center\"><title>\(c.title)</title><circle cx=\"\(fixed: c.x)\" cy=\"\(fixed: c.y)\" r=\"7\"/></a>"
        }
        let more: HTML = m.more > 0
            ? "<text class=\"more\" x=\"\(fixed: m.width - 4, 0)\" y=\"\(fixed: m.height - 6, 0)\" text-anchor=\"end\">+\(m.more) more: see Referenced by</text>" : ""
        return "<svg class=\"relmap relmap-small\" viewBox=\"0 0 \(fixed: m.width, 0) \(fixed: m.height, 0)\" aria-label=\"\(m.label)\"><g class=\"edges\">\(curves)</g><g class=\"nodes\">\(nodes)\(center)\(more)</g></svg>"
    }

    static func barChart(_ c: BarChartLayout) -> HTML {
        let unit = c.unit.isEmpty ? "" : " in \(c.unit)"
        let bars = each(c.bars) { b in
            "<rect class=\"bar\" x=\"\(fixed: b.x)\" y=\"\(fixed: b.y)\" width=\"\(fixed: b.width)\" height=\"\(fixed: b.height)\"><title>\(b.title)</title></rect><text class=\"bar-value\" x=\"\(fixed: b.x + b.width / 2)\" y=\"\(fixed: b.y - 6)\" text-anchor=\"middle\">\(b.valueLabel)</text><text class=\"bar-label\" x=\"\(fixed: b.x + b.width / 2)\" y=\"\(fixed: c.labelY)\" text-anchor=\"middle\">\(b.periodLabel)</text>"
        }
        return "<svg class=\"chart\" viewBox=\"0 0 \(fixed: c.width) \(fixed: c.height)\" width=\"\(fixed: c.width)\" height=\"\(fixed: c.height)\" role=\"img\" aria-label=\"Bar chart of \(c.bars.count) values\(unit)\">\(bars)<line class=\"axis\" x1=\"\(fixed: c.axisFrom)\" y1=\"\(fixed: c.axisY)\" x2=\"\(fixed: c.axisTo)\" y2=\"\(fixed: c.axisY)\"/></svg>"
    }
}
