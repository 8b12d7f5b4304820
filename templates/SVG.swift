import SitegenModel
import SitegenViews

/// The SVG pictures: relation maps and bar charts, drawn from their layouts.
enum SVG {
    static func f(_ v: Double, _ digits: Int = 1) -> String { Numbers.fixed(v, digits) }

    static func node(_ n: RelationMapLayout.Node, cls: String = "") -> HTML {
        let textX = n.anchor == .end ? n.x - 9 : n.x + 9
        return "<a href=\"\(n.href)\" class=\"node n-\(n.kind.rawValue)\(cls)\"><title>\(n.title)</title><circle cx=\"\(f(n.x))\" cy=\"\(f(n.y))\" r=\"5\"/><text x=\"\(f(textX))\" y=\"\(f(n.y + 4))\" text-anchor=\"\(n.anchor.rawValue)\">\(n.label)</text></a>"
    }

    static func curve(_ c: RelationMapLayout.Curve) -> HTML {
        let p = c.points.map { f($0) }
        return "<path d=\"M\(p[0]) \(p[1])C\(p[2]) \(p[3]) \(p[4]) \(p[5]) \(p[6]) \(p[7])\"/>"
    }

    static func relationMap(_ m: RelationMapLayout) -> HTML {
        let curves = each(m.curves, curve)
        let nodes = each(m.nodes) { node($0) }
        if m.isSiteMap {
            let heads = each(m.headings) { "<text class=\"col-head\" x=\"\(f($0.x, 0))\" y=\"24\" text-anchor=\"middle\">\($0.text)</text>" }
            return "<svg class=\"relmap\" viewBox=\"0 0 \(f(m.width, 0)) \(f(m.height, 0))\" aria-labelledby=\"relmap-title\"><title id=\"relmap-title\">\(m.label)</title>\(heads)<g class=\"edges\">\(curves)</g><g class=\"nodes\">\(nodes)</g></svg>"
        }
        var center: HTML = ""
        if let c = m.center {
            center = "<a href=\"\(c.href)\" class=\"node n-\(c.kind.rawValue) center\"><title>\(c.title)</title><circle cx=\"\(f(c.x))\" cy=\"\(f(c.y))\" r=\"7\"/></a>"
        }
        let more: HTML = m.more > 0
            ? "<text class=\"more\" x=\"\(f(m.width - 4, 0))\" y=\"\(f(m.height - 6, 0))\" text-anchor=\"end\">+\(m.more) more: see Referenced by</text>" : ""
        return "<svg class=\"relmap relmap-small\" viewBox=\"0 0 \(f(m.width, 0)) \(f(m.height, 0))\" aria-label=\"\(m.label)\"><g class=\"edges\">\(curves)</g><g class=\"nodes\">\(nodes)\(center)\(more)</g></svg>"
    }

    static func barChart(_ c: BarChartLayout) -> HTML {
        let unit = c.unit.isEmpty ? "" : " in \(c.unit)"
        let bars = each(c.bars) { b in
            "<rect class=\"bar\" x=\"\(f(b.x))\" y=\"\(f(b.y))\" width=\"\(f(b.width))\" height=\"\(f(b.height))\"><title>\(b.title)</title></rect><text class=\"bar-value\" x=\"\(f(b.x + b.width / 2))\" y=\"\(f(b.y - 6))\" text-anchor=\"middle\">\(b.valueLabel)</text><text class=\"bar-label\" x=\"\(f(b.x + b.width / 2))\" y=\"\(f(c.labelY))\" text-anchor=\"middle\">\(b.periodLabel)</text>"
        }
        return "<svg class=\"chart\" viewBox=\"0 0 \(f(c.width)) \(f(c.height))\" width=\"\(f(c.width))\" height=\"\(f(c.height))\" role=\"img\" aria-label=\"Bar chart of \(c.bars.count) values\(unit)\">\(bars)<line class=\"axis\" x1=\"\(f(c.axisFrom))\" y1=\"\(f(c.axisY))\" x2=\"\(f(c.axisTo))\" y2=\"\(f(c.axisY))\"/></svg>"
    }
}
