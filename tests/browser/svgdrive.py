#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Drive an fgprof SVG flame graph in headless Chromium over the DevTools
protocol, as a person would: hover a frame, click it (zoom), Ctrl-F and
type a search into the prompt, read "Matched: P%", Esc, screenshot.

Standard library only (Debian's chromium, python3): a minimal WebSocket
client is below, since neither node 20 nor python ship one.

usage: svgdrive.py SVG --click NAME --search REGEX [--screenshot PNG]
Prints one JSON object with what it saw; exit 0, or 1 with a reason.
"""
import argparse
import base64
import ctypes
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request


class WebSocket:
    """Just enough of RFC 6455 for CDP: text frames, client-masked."""

    def __init__(self, url):
        assert url.startswith("ws://")
        hostport, _, path = url[5:].partition("/")
        host, _, port = hostport.partition(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            ("GET /%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\n"
             "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
             "Sec-WebSocket-Version: 13\r\n\r\n" % (path, hostport, key))
            .encode())
        resp = b""
        while b"\r\n\r\n" not in resp:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise OSError("websocket handshake: connection closed")
            resp += chunk
        if b" 101 " not in resp.split(b"\r\n")[0]:
            raise OSError("websocket handshake refused: %r" % resp[:80])
        self.buf = resp.split(b"\r\n\r\n", 1)[1]

    def send(self, text):
        data = text.encode()
        head = bytearray([0x81])
        n = len(data)
        if n < 126:
            head.append(0x80 | n)
        elif n < 65536:
            head.append(0x80 | 126)
            head += struct.pack(">H", n)
        else:
            head.append(0x80 | 127)
            head += struct.pack(">Q", n)
        mask = os.urandom(4)
        head += mask
        self.sock.sendall(bytes(head) +
                          bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise OSError("websocket closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self):
        msg = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7f
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            op = b0 & 0x0f
            if op == 8:
                raise OSError("websocket closed by the browser")
            if op in (0, 1, 2):
                msg += payload
                if b0 & 0x80:
                    return msg.decode()


class Page:
    def __init__(self, ws):
        self.ws = ws
        self.next_id = 0
        self.events = []

    def send(self, method, **params):
        """A command whose answer is not awaited (it may block on a dialog)."""
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method,
                                 "params": params}))
        return self.next_id

    def call(self, method, **params):
        mid = self.send(method, **params)
        while True:
            m = json.loads(self.ws.recv())
            if m.get("id") == mid:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method, timeout=20):
        end = time.time() + timeout
        while time.time() < end:
            for i, e in enumerate(self.events):
                if e.get("method") == method:
                    return self.events.pop(i)
            self.events.append(json.loads(self.ws.recv()))
        raise TimeoutError(method)

    def js(self, expr):
        r = self.call("Runtime.evaluate", expression=expr,
                      returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError("js: %s" % r["exceptionDetails"])
        return r["result"].get("value")

    def mouse(self, kind, x, y, button="none", clicks=0):
        self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y,
                  button=button, clickCount=clicks)

    def key(self, key, code, vk, modifiers=0):
        for kind in ("rawKeyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key=key,
                      code=code, windowsVirtualKeyCode=vk,
                      modifiers=modifiers)


def frame_js(name):
    """JS for the frame <g> whose title is NAME (...)."""
    return ("Array.from(document.querySelectorAll('#frames > g')).find("
            "g => g.firstElementChild.textContent.startsWith(%s))"
            % json.dumps(name + " ("))


def centre(page, name):
    r = page.js("(function(){var g=%s; if(!g) return null;"
                "var b=g.children[1].getBoundingClientRect();"
                "return [b.x+b.width/2, b.y+b.height/2, b.width];})()"
                % frame_js(name))
    if not r:
        raise RuntimeError("no frame named %s" % name)
    return r


def drive(args, port):
    targets = json.load(urllib.request.urlopen(
        "http://127.0.0.1:%d/json/list" % port, timeout=10))
    page = Page(WebSocket([t for t in targets if t["type"] == "page"][0]
                          ["webSocketDebuggerUrl"]))
    page.call("Page.enable")
    page.call("Runtime.enable")
    page.call("Emulation.setDeviceMetricsOverride", width=1220,
              height=900, deviceScaleFactor=1, mobile=False)
    page.call("Page.navigate",
              url="file://" + os.path.abspath(args.svg))
    page.wait_event("Page.loadEventFired")
    seen = {"title": page.js("document.getElementById('title').textContent"),
            "frames": page.js("document.querySelectorAll('#frames > g').length")}

    x, y, w = centre(page, args.click)
    seen["width_before"] = w
    page.mouse("mouseMoved", x, y)
    seen["details"] = page.js(
        "document.getElementById('details').textContent")
    page.mouse("mousePressed", x, y, "left", 1)
    page.mouse("mouseReleased", x, y, "left", 1)
    seen["width_zoomed"] = centre(page, args.click)[2]
    seen["unzoom_shown"] = page.js(
        "!document.getElementById('unzoom').classList.contains('hide')")
    seen["hidden_frames"] = page.js(
        "document.querySelectorAll('#frames > g.hide').length")

    # Ctrl-F opens the script's prompt, which holds the key event's
    # answer until it is closed: answer it as a person would.
    page.send("Input.dispatchKeyEvent", type="rawKeyDown", key="f",
              code="KeyF", windowsVirtualKeyCode=70, modifiers=2)
    dialog = page.wait_event("Page.javascriptDialogOpening")
    seen["dialog"] = dialog["params"]["type"]
    page.call("Page.handleJavaScriptDialog", accept=True,
              promptText=args.search)
    page.call("Input.dispatchKeyEvent", type="keyUp", key="f", code="KeyF",
              windowsVirtualKeyCode=70, modifiers=2)
    seen["matched"] = page.js(
        "document.getElementById('matched').textContent")
    seen["highlighted"] = page.js(
        "document.querySelectorAll('#frames rect[fill=\"rgb(230,0,230)\"]')"
        ".length")
    if args.screenshot:
        shot = page.call("Page.captureScreenshot", format="png")
        with open(args.screenshot, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
    # Esc resets the search, a second Esc the zoom.
    page.key("Escape", "Escape", 27)
    page.key("Escape", "Escape", 27)
    seen["matched_after_esc"] = page.js(
        "document.getElementById('matched').classList.contains('hide')")
    seen["width_after_reset"] = centre(page, args.click)[2]
    return seen


def _children():
    """Our children's pids (chromium's orphans, reparented to us)."""
    me, out = str(os.getpid()), []
    for d in os.listdir("/proc"):
        try:
            with open("/proc/%s/stat" % d) as f:
                # pid (comm) state ppid ...: comm may hold spaces.
                if f.read().rsplit(")", 1)[1].split()[1] == me:
                    out.append(int(d))
        except (OSError, IndexError, ValueError):
            pass
    return out


def _reap(deadline):
    """Waits for every child until DEADLINE; False if some remain."""
    while time.time() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return True
        if not pid:
            time.sleep(0.05)
    return False


def with_chromium(chromium, fn, timeout=60):
    """Starts headless chromium, returns fn(port) with its DevTools port.

    Whatever happens, chromium and every process it started are gone when
    this returns: we are their subreaper (orphans come back to us, not to
    a PID 1 that may not reap them), so they are all signalled and waited
    for. SIGTERM (e.g. from timeout(1)) unwinds through here too.
    """
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    prof = tempfile.mkdtemp(prefix="fgprof-chromium-")
    # --no-sandbox: chromium's sandbox refuses to run as root.
    proc = subprocess.Popen(
        [chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
         "--no-first-run", "--remote-debugging-address=127.0.0.1",
         "--remote-debugging-port=0", "--user-data-dir=" + prof,
         "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    try:
        port_file = os.path.join(prof, "DevToolsActivePort")
        end = time.time() + timeout
        while not os.path.exists(port_file) and time.time() < end:
            if proc.poll() is not None:
                raise RuntimeError("chromium exited with %d" % proc.returncode)
            time.sleep(0.1)
        if not os.path.exists(port_file):
            raise RuntimeError("chromium gave no DevTools port in %d s"
                               % timeout)
        time.sleep(0.2)
        with open(port_file) as f:
            port = int(f.readline())
        return fn(port)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        # Killed outright: its profile is thrown away, and a graceful
        # shutdown costs ~0.6 s per run.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        # Helpers outside its process group (crashpad starts a session of
        # its own) came back to us: asked to go, then forced.
        for pid in _children():
            os.kill(pid, signal.SIGTERM)
        if not _reap(time.time() + 5):
            for pid in _children():
                os.kill(pid, signal.SIGKILL)
            _reap(time.time() + 5)
        shutil.rmtree(prof, ignore_errors=True)


def run_cli(name, ap, drive_fn):
    """A driver's main: ap's own arguments plus --screenshot and
    --chromium; drive_fn(args, port) returns what it saw, printed as JSON.
    A failure is one line naming the driver, exit status 1."""
    ap.add_argument("--screenshot")
    ap.add_argument("--chromium", default=shutil.which("chromium") or
                    "/usr/bin/chromium")
    args = ap.parse_args()
    try:
        seen = with_chromium(args.chromium, lambda port: drive_fn(args, port))
    except Exception as e:  # a reason, not a traceback, for the log
        print("%s: %s" % (name, e), file=sys.stderr)
        return 1
    print(json.dumps(seen))
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("svg")
    ap.add_argument("--click", required=True)
    ap.add_argument("--search", required=True)
    return run_cli("svgdrive", ap, drive)


if __name__ == "__main__":
    sys.exit(main())
