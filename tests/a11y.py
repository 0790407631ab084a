"""Accessibility and small-screen checks for browser journeys.

`assert_accessible(page)` runs the vendored axe-core (static/vendor/axe-core, WCAG 2.0/2.1
A and AA rules) on the page as it is now and fails on any serious or critical violation,
naming the rule, the elements and axe's own explanation. `assert_no_horizontal_scroll(page)`
fails when the document is wider than the window (the page would scroll sideways).
Any journey can call both after a step, at any viewport.
"""

from pathlib import Path

AXE_JS = Path(__file__).resolve().parent.parent / "static" / "vendor" / "axe-core" / "axe.min.js"

# WCAG 2.1 level A and AA; axe's best practices are left out (not a conformance level).
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")


def axe_violations(page, *, impacts=BLOCKING_IMPACTS) -> list[dict]:
    """The axe-core violations of the current page with one of the given impacts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Run as code from the test, not as an inline <script> the page's
        # Content-Security-Policy would block (and report as a violation).
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    result = page.evaluate(
        """async (tags) => {
            const r = await window.axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target.join(" "),
                    summary: n.failureSummary,
                    html: n.html.slice(0, 200),
                })),
            }));
        }""",
        WCAG_AA_TAGS,
    )
    return [v for v in result if v["impact"] in impacts]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:8]:
            summary = (node["summary"] or "").replace("\n", " ")
            lines.append(f"    {node['target']}  {node['html']}  -> {summary}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more elements")
    return "\n".join(lines)


def assert_accessible(page, *, label: str = "") -> None:
    """No serious or critical WCAG 2.1 A/AA violation on the page as it is now."""
    violations = axe_violations(page)
    where = label or page.url
    assert not violations, f"axe-core violations on {where}:\n{describe_violations(violations)}"


def horizontal_overflow(page) -> dict:
    """The document's width against the window's, and the widest elements that stick out."""
    return page.evaluate(
        """() => {
            const vw = window.innerWidth;
            const out = [];
            const clipped = (el) => {
                for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                    if (getComputedStyle(a).overflowX !== "visible") return true;
                }
                return false;
            };
            for (const el of document.body.querySelectorAll("*")) {
                const r = el.getBoundingClientRect();
                if (r.right > vw + 1 && r.width > 0 && !clipped(el)) {
                    out.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}` +
                             `${el.className && typeof el.className === "string"
                                ? "." + el.className.trim().split(/\\s+/).join(".") : ""}` +
                             ` right=${Math.round(r.right)}`);
                }
            }
            return {
                scrollWidth: document.documentElement.scrollWidth,
                innerWidth: vw,
                offenders: out.slice(0, 10),
            };
        }"""
    )


def assert_no_horizontal_scroll(page, *, label: str = "") -> None:
    """The page does not scroll sideways: wide content scrolls inside its own box."""
    m = horizontal_overflow(page)
    where = label or page.url
    assert m["scrollWidth"] <= m["innerWidth"], (
        f"{where} scrolls sideways: document {m['scrollWidth']}px in a {m['innerWidth']}px "
        f"window; sticking out: {m['offenders']}"
    )
