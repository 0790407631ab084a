"""Debian's Chromium for browser tests, launched as this machine requires."""

import os

from playwright.sync_api import expect

# The page's actions wait up to 15 s (tests/e2e/conftest.py); the assertions wait as long.
# With the suite's other worker busy on the same two cores, an upload answered by the
# server and rendered by htmx can take more than Playwright's default 5 s.
expect.set_options(timeout=15_000)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Every Content-Security-Policy violation in any page or frame of a context: the browser
# fires `securitypolicyviolation` (the policy is enforced, so the thing was blocked), and
# Chromium also logs it on the console. Init scripts and bindings run outside the policy.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__ziCspViolation(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} on ${e.documentURI}` +
    (e.sourceFile ? ` (${e.sourceFile}:${e.lineNumber})` : "") +
    (e.sample ? ` sample: ${e.sample}` : "")
  );
}, true);
"""


def watch_csp(context) -> list[str]:
    """Collect the CSP violations of every page opened in ``context`` from now on; the
    returned list fills as they happen. Call before opening pages."""
    violations: list[str] = []
    context.expose_binding("__ziCspViolation", lambda source, text: violations.append(text))
    context.add_init_script(_CSP_LISTENER)

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(f"console: {message.text}")

    context.on("console", on_console)
    return violations


def assert_no_csp_violations(violations: list[str]) -> None:
    assert not violations, "Content-Security-Policy violations:\n  " + "\n  ".join(violations)
