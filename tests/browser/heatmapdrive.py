#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Drive an fgprof heat map page (report --format heatmap) in headless
Chromium, as a person would: hover a cell, click a first and a last cell
with the mouse, read the flame graph drawn below, screenshot; then select
a second range and Esc. svgdrive.py's DevTools client and chromium
launcher, standard library only.

Cells are named COL,ROW (second, row within the second) and found from
the canvas's place on the page and the page's own data (cols, rows), not
from the script's internals.

usage: heatmapdrive.py HTML --range C,R:C,R [--range2 C,R:C,R]
                       [--hover C,R] [--screenshot PNG]
Prints one JSON object with what it saw; exit 0, or 1 with a reason.
"""
import argparse
import base64
import json
import os
import sys
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from svgdrive import Page, WebSocket, run_cli  # noqa: E402


def geometry(page):
    """The plot's corner in viewport pixels, cell size, cols and rows: the
    canvas's place and the plot it declares (data-plot-left, ...)."""
    return page.js("(function(){var D=JSON.parse(document.getElementById("
                   "'hm-data').textContent), m=document.getElementById("
                   "'hm-map'), b=m.getBoundingClientRect(), d=m.dataset;"
                   "return [b.left + +d.plotLeft, b.top + +d.plotTop,"
                   " +d.cellWidth, +d.cellHeight, D.cols, D.rows];})()")


def axes(page):
    """The tick labels: text and centre, in viewport pixels."""
    return page.js(
        "Array.from(document.querySelectorAll('#hm-axes .tk')).map(d => {"
        "var b = d.getBoundingClientRect(); return {cls: d.className,"
        " text: d.textContent, x: (b.left + b.right) / 2, right: b.right,"
        " y: (b.top + b.bottom) / 2};})")


def cell_xy(page, col, row):
    """The centre of cell COL,ROW in viewport pixels."""
    left, top, cw, ch, cols, rows = geometry(page)
    if not (0 <= col < cols and 0 <= row < rows):
        raise RuntimeError("no cell %d,%d in a %dx%d map" %
                           (col, row, cols, rows))
    return left + (col + 0.5) * cw, top + (row + 0.5) * ch


def click(page, x, y):
    page.mouse("mouseMoved", x, y)
    page.mouse("mousePressed", x, y, "left", 1)
    page.mouse("mouseReleased", x, y, "left", 1)


def flame(page):
    """The drawn frames: title (name and count), width, visible."""
    return page.js(
        "Array.from(document.querySelectorAll('#fg > .fr')).map(d => {"
        "var b = d.getBoundingClientRect(); return {title: d.title,"
        " width: b.width, shown: b.width > 0 && b.bottom <= innerHeight};})")


def select(page, rng):
    """Clicks the first then the last cell of RNG; what the page showed."""
    (c0, r0), (c1, r1) = rng
    click(page, *cell_xy(page, c0, r0))
    first = page.js("document.getElementById('fg-info').textContent")
    click(page, *cell_xy(page, c1, r1))
    return {"info_first": first,
            "info": page.js("document.getElementById('fg-info').textContent"),
            "frames": flame(page)}


def drive(args, port):
    targets = json.load(urllib.request.urlopen(
        "http://127.0.0.1:%d/json/list" % port, timeout=10))
    page = Page(WebSocket([t for t in targets if t["type"] == "page"][0]
                          ["webSocketDebuggerUrl"]))
    page.call("Page.enable")
    page.call("Runtime.enable")
    page.call("Emulation.setDeviceMetricsOverride", width=1220,
              height=900, deviceScaleFactor=1, mobile=False)
    page.call("Page.navigate", url="file://" + os.path.abspath(args.html))
    page.wait_event("Page.loadEventFired")
    seen = {"title": page.js("document.title"),
            "map": page.js("(function(){var m=document.getElementById("
                           "'hm-map'); return [m.width, m.height];})()"),
            "geometry": geometry(page), "axes": axes(page)}

    if args.hover:
        page.mouse("mouseMoved", *cell_xy(page, *args.hover))
    seen["hover"] = page.js("document.getElementById('hm-info').textContent")
    seen["first"] = select(page, args.range)
    if args.screenshot:
        shot = page.call("Page.captureScreenshot", format="png")
        with open(args.screenshot, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
    if args.range2:
        seen["second"] = select(page, args.range2)
    page.key("Escape", "Escape", 27)
    seen["info_after_esc"] = page.js(
        "document.getElementById('fg-info').textContent")
    seen["frames_after_esc"] = len(flame(page))
    return seen


def cell(text):
    """C,R as (C, R)."""
    try:
        c, r = (int(v) for v in text.split(","))
        return c, r
    except ValueError:
        raise argparse.ArgumentTypeError("want COL,ROW: %r" % text)


def cell_range(text):
    """C,R:C,R as ((C, R), (C, R))."""
    a, _, z = text.partition(":")
    return cell(a), cell(z)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("html")
    ap.add_argument("--range", type=cell_range, required=True)
    ap.add_argument("--range2", type=cell_range)
    ap.add_argument("--hover", type=cell)
    return run_cli("heatmapdrive", ap, drive)


if __name__ == "__main__":
    sys.exit(main())
