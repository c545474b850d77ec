#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Open an fgprof speedscope export in speedscope itself (its release
from npm, tests/speedscope.sh), in headless Chromium, as its command line
does: index.html#localProfilePath=JS, JS calling
speedscope.loadFileFromBase64; the Sandwich view asked for in the hash.
Reads back what speedscope shows: the page title (the profile's name)
and the Sandwich view's table, one row per function it made of the file.
svgdrive.py's DevTools client and chromium launcher, standard library
only.

usage: speedscopedrive.py JSON --release DIR [--screenshot PNG]
Prints one JSON object with what it saw; exit 0, or 1 with a reason.
"""
import argparse
import base64
import json
import os
import sys
import tempfile
import time
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from svgdrive import Page, WebSocket, run_cli  # noqa: E402


def sandwich_rows(text):
    """The Sandwich table in the page's text: (total, self, name) rows,
    each three lines after the "Total / Self / Symbol Name" header."""
    head = "Total\tSelf\tSymbol Name\n"
    if head not in text:
        return None
    lines = text.split(head, 1)[1].split("\n")
    return [{"total": lines[i].strip(), "self": lines[i + 1].strip(),
             "name": lines[i + 2].strip()}
            for i in range(0, len(lines) - 2, 3)]


def drive(args, port):
    with open(args.json, "rb") as f:
        b64 = base64.b64encode(f.read()).decode()
    fd, js = tempfile.mkstemp(prefix="fgprof-speedscope-", suffix=".js")
    with os.fdopen(fd, "w") as f:
        f.write("speedscope.loadFileFromBase64(%s, %s)\n" %
                (json.dumps(os.path.basename(args.json)), json.dumps(b64)))
    try:
        targets = json.load(urllib.request.urlopen(
            "http://127.0.0.1:%d/json/list" % port, timeout=10))
        page = Page(WebSocket([t for t in targets if t["type"] == "page"]
                              [0]["webSocketDebuggerUrl"]))
        page.call("Page.enable")
        page.call("Runtime.enable")
        page.call("Emulation.setDeviceMetricsOverride", width=1220,
                  height=900, deviceScaleFactor=1, mobile=False)
        page.call("Page.navigate", url="file://%s/index.html"
                  "#localProfilePath=%s&view=sandwich" %
                  (os.path.abspath(args.release), js))
        page.wait_event("Page.loadEventFired")
        # The file is read after the load, by a script the page adds.
        end = time.time() + 20
        rows = None
        while time.time() < end:
            text = page.js("document.body.innerText")
            rows = sandwich_rows(text)
            if rows:
                break
            time.sleep(0.2)
        if not rows:
            raise RuntimeError("no Sandwich table; the page says: %r" %
                               text[:300])
        seen = {"title": page.js("document.title"), "rows": rows}
        if args.screenshot:
            shot = page.call("Page.captureScreenshot", format="png")
            with open(args.screenshot, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
        return seen
    finally:
        os.unlink(js)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("json")
    ap.add_argument("--release", required=True)
    return run_cli("speedscopedrive", ap, drive)


if __name__ == "__main__":
    sys.exit(main())
