#!/usr/bin/python3
"""ctest plot/page: the report page of `scripts/plot.py RESULT.json --html FILE`, opened in a real
browser.

    page-test.py WORKDIR SEATSIM

SEATSIM runs the default scenario (list tier and districts) with a bloc set on the command line, as
the page draws `blocs` when a result has them, and plot.py writes the page. Then:
  - the page names the election, seed, draws, every option and the bloc;
  - the page can load nothing: no tag that fetches (script, link, img, iframe, ...), no attribute
    or style pointing at another document (http(s)://, //host, url() other than url(#id),
    @import); addresses may appear only in text. Its Content-Security-Policy also forbids loads;
  - Debian's Chromium, headless, opens a copy of the page with a hook that records errors, failed
    loads and CSP violations into the DOM (read back with --dump-dom), at a phone width (390 px)
    and a desktop width (1280 px), one run each, and screenshots it (WORKDIR/page-WIDTH.png):
    no error or console message; no element outside a horizontally scrolling box is wider than
    the width; the screenshot is not blank and shows the first option's colour swatch.
The test waits for each Chromium to exit; it never sleeps.
"""
import html.parser
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib.image
import numpy as np

HERE = Path(__file__).resolve().parent
PLOT = HERE.parent.parent / "scripts" / "plot.py"
WIDTHS = ((390, 844), (1280, 900))

# Records errors (uncaught, failed loads, CSP violations) and, at load, lays the page out at the
# width in the URL's #fragment to find elements wider than it outside a scrolling box. Headless
# Chromium's window is at least 500 px wide whatever --window-size says (the screenshot alone is
# cut to it), so the width is imposed on the root element for the measurement.
HOOK = """<script>
window.seatsimErrors = [];
addEventListener("error", e => seatsimErrors.push("error: " + (e.message || e.target.outerHTML)), true);
addEventListener("securitypolicyviolation", e => seatsimErrors.push("blocked: " + e.blockedURI));
addEventListener("load", () => {
  const width = Number(location.hash.slice(1)), root = document.documentElement;
  root.style.width = width + "px";
  const wide = [...document.body.querySelectorAll("*")]
    .filter(e => !e.closest(".scroll") && e.getBoundingClientRect().right > width + 0.5)
    .map(e => e.tagName + (e.className ? "." + e.className : ""));
  root.style.width = "";
  const out = document.createElement("pre");
  out.id = "seatsim-test";
  out.textContent = JSON.stringify({errors: seatsimErrors, wide: wide});
  document.body.appendChild(out);
});
</script>"""

FETCHING_TAGS = {"script", "link", "img", "iframe", "frame", "object", "embed", "audio", "video",
                 "source", "track", "base", "image", "feimage", "foreignobject"}


def fail(message):
    sys.exit(f"page-test: {message}")


class References(html.parser.HTMLParser):
    """Every place in the markup (not the text) that could make the browser fetch something."""

    def __init__(self):
        super().__init__()
        self.found, self.in_style = [], False

    def handle_starttag(self, tag, attrs):
        if tag in FETCHING_TAGS:
            self.found.append(f"<{tag}>")
        if tag == "meta" and dict(attrs).get("http-equiv", "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        self.in_style = tag == "style"
        for name, value in attrs:
            self.check(f"<{tag} {name}>", value or "", href=name.endswith("href") or name == "src")

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.check("<style>", data)

    def check(self, where, value, href=False):
        if re.search(r"https?:|//|@import", value) or re.search(r"url\(\s*['\"]?(?!#)", value) \
                or (href and not value.startswith("#")):
            self.found.append(f"{where}: {value[:80]}")


def make_page(work, seatsim):
    result = work / "result.json"
    subprocess.run([seatsim, "run", "--draws", "20000", "--quiet", "--json", result,
                    "--set", 'report.blocs.governing=["amanat", "ak_zhol"]'], check=True)
    doc = json.loads(result.read_text())
    page = work / "page.html"
    subprocess.run([PLOT, result, "--html", page], check=True, stdout=subprocess.DEVNULL)
    return doc, page.read_text(encoding="utf-8")


def check_content(doc, text):
    for needle in [doc["scenario"]["election"], f"seed {doc['seed']}", f"{doc['draws']:,} draws",
                   "governing", "District odds", *(p["name"] for p in doc["parties"])]:
        if html.escape(needle, quote=False) not in text:
            fail(f"the page does not show {needle!r}")
    if text.count("<svg") < 5:
        fail(f"{text.count('<svg')} charts inline, expected threshold, seats, hemicycle, shares, "
             "districts")
    references = References()
    references.feed(text)
    if references.found:
        fail("the page refers to other documents: " + "; ".join(references.found[:5]))


def open_in_chromium(chromium, work, text, width, height):
    """Chromium's verdict from the hook, its console lines, and the screenshot's path."""
    hooked = work / "page-hooked.html"
    # The test's own script must run: the copy's policy allows inline scripts, nothing more.
    hooked.write_text(text.replace("script-src 'none'", "script-src 'unsafe-inline'", 1)
                      .replace("<head>", "<head>\n" + HOOK, 1), encoding="utf-8")
    shot = work / f"page-{width}.png"
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--no-default-browser-check", "--disable-extensions",
               f"--user-data-dir={work / f'profile-{width}'}",
               "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--v=0",
               f"--window-size={width},{height}", f"--screenshot={shot}", "--dump-dom",
               f"{hooked.as_uri()}#{width}"]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    (work / f"chromium-{width}.log").write_text(run.stderr)
    if run.returncode != 0:
        fail(f"chromium exited with {run.returncode} at {width} px: {run.stderr[-800:]}")
    match = re.search(r'<pre id="seatsim-test">(.*?)</pre>', run.stdout, re.S)
    if not match:
        fail(f"at {width} px the page never finished loading (no hook output in --dump-dom)")
    verdict = json.loads(html.unescape(match.group(1)))
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    return verdict, console, shot


def check_screenshot(shot, width, height, swatch):
    pixels = matplotlib.image.imread(shot)[:, :, :3]
    if pixels.shape[:2] != (height, width):
        fail(f"{shot}: {pixels.shape[1]}x{pixels.shape[0]}, expected {width}x{height}")
    inked = float((pixels < 0.9).any(axis=2).mean())
    if inked < 0.01:
        fail(f"{shot} is blank: {100 * inked:.2f}% of its pixels are not white")
    colour = np.array([int(swatch[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    matching = int((np.abs(pixels - colour) < 0.02).all(axis=2).sum())
    if matching < 40:
        fail(f"{shot}: {matching} pixels of the first option's colour {swatch}; "
             "expected its swatch")
    print(f"page-test: {shot}: {100 * inked:.1f}% inked, {matching} pixels of {swatch}")


def main():
    work, seatsim = Path(sys.argv[1]), sys.argv[2]
    chromium = shutil.which("chromium")
    if not chromium:
        fail("chromium not found; run scripts/install-deps.sh")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    doc, text = make_page(work, seatsim)
    check_content(doc, text)
    swatch = re.search(r'class="swatch" style="background:(#[0-9a-f]{6})"', text).group(1)
    for width, height in WIDTHS:
        verdict, console, shot = open_in_chromium(chromium, work, text, width, height)
        if verdict["errors"] or console:
            fail(f"at {width} px: errors {verdict['errors']}, console {console}")
        if verdict["wide"]:
            fail(f"at {width} px these are wider than the screen: {verdict['wide'][:5]}")
        check_screenshot(shot, width, height, swatch)
    print("page-test: ok")


if __name__ == "__main__":
    main()
