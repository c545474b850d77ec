#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host checks of README.md and docs/*.md against the tree and the tool.

- every relative link (and image) resolves to a file, and a #anchor to a
  heading of its target (GitHub's heading ids);
- every path of the tree named in code (`tests/...`, `bench/...`) exists;
- every `fgprof SUBCOMMAND --option` (and `--format NAME`) named in code
  is one the tool's --help lists for that subcommand;
- every `make TARGET` named in code is a target of the Makefile;
- the manual (docs/manual.md) and the man page (packaging/fgprof.1) both
  name every long option that each subcommand's --help lists.

One "ok - NAME" / "not ok - NAME" line per check (tests/run.sh counts
them), the offending places indented below a failure. Standard library
only; needs user/fgprof built (make tool).
  usage: tests/docs.py [FILE.md...]   (default README.md docs/*.md)
"""
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOL = os.path.join(ROOT, "user", "fgprof")
SUBCOMMANDS = ("record", "report", "diff", "top", "stats", "status", "cfi")
OPT = re.compile(r"--[a-z][a-z0-9-]*")
failed = False


def report(name, problems):
    global failed
    if problems:
        failed = True
        print("not ok - %s" % name)
        for p in problems:
            print("    %s" % p)
    else:
        print("ok - %s" % name)


# ---- reading Markdown: code (blocks and spans) apart from prose --------

def parse(path):
    """(prose lines, code snippets) of a Markdown file. Each snippet is
    (line number, text): a line of a fenced or indented block, or an
    inline code span."""
    prose, code = [], []
    fence = None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for n, line in enumerate(lines, 1):
        m = re.match(r"^\s*(```+|~~~+)", line)
        if fence:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            else:
                code.append((n, line))
            prose.append((n, ""))
            continue
        if m:
            fence = m.group(1)
            prose.append((n, ""))
            continue
        if re.match(r"^(    |\t)", line):
            code.append((n, line))
            prose.append((n, ""))
            continue
        for span in re.findall(r"`([^`]+)`", line):
            code.append((n, span))
        prose.append((n, re.sub(r"`[^`]*`", "", line)))
    return prose, code


def slug(text):
    """GitHub's id for a heading."""
    text = re.sub(r"`", "", text.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path):
    seen, out = {}, set()
    prose, _ = parse(path)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for (n, p), raw in zip(prose, lines):
        m = re.match(r"^#{1,6} (.*)", raw)
        if not m or p == "":	# a '#' line inside code is no heading
            continue
        s = slug(m.group(1))
        k = seen.get(s, 0)
        seen[s] = k + 1
        out.add(s if k == 0 else "%s-%d" % (s, k))
    return out


# ---- the tool's own options ---------------------------------------------

def helptext(sub):
    args = [TOOL] + ([sub] if sub else []) + ["--help"]
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    return r.stdout


def options(text):
    """Long options a --help text defines: its usage lines, and the
    definition part (before the description's column) of each option
    line. Options merely mentioned in a description do not count."""
    opts, formats = set(), set()
    in_usage = False
    for line in text.split("\n"):
        if line.startswith("usage:"):
            in_usage = True
        elif not line.strip():
            in_usage = False
        if in_usage:
            opts.update(OPT.findall(line))
            continue
        m = re.match(r"^\s+(-.*)$", line)
        if not m:
            continue
        definition = re.split(r"\s{2,}", m.group(1))[0]
        opts.update(OPT.findall(definition))
        f = re.match(r"--format ([a-z-]+)", definition)
        if f:
            formats.add(f.group(1))
    return opts, formats


def tool_options():
    table = {}
    for sub in SUBCOMMANDS:
        table[sub] = options(helptext(sub))
    # top takes record's sampling options ("see fgprof record --help").
    table["top"] = (table["top"][0] | table["record"][0], set())
    table[""] = ({"--help", "--version"}, set())
    return table


def words(snippet):
    """The shell words of a code snippet, without its comment."""
    snippet = re.sub(r"(^|\s)#.*", "", snippet)
    return re.findall(r"(?:[^\s\"'()\[\]]|\"[^\"]*\"|'[^']*')+", snippet)


def fgprof_uses(snippet):
    """(subcommand, option, value) for each long option given to an
    fgprof command in SNIPPET: `fgprof SUB ...`, or a span that starts
    with a subcommand (`record --off-cpu`)."""
    w = words(snippet)
    out = []
    i = 0
    while i < len(w):
        sub = None
        if re.search(r"(^|/)fgprof$", w[i]):	# fgprof [SUB]
            if i + 1 < len(w) and w[i + 1] in SUBCOMMANDS:
                sub, i = w[i + 1], i + 2
            elif i + 1 < len(w) and re.match(r"^[A-Z]+$", w[i + 1]):
                i += 2	# "fgprof SUBCOMMAND ...": a placeholder
                continue
            else:
                sub, i = "", i + 1
        elif i == 0 and w[i] in SUBCOMMANDS and len(w) > 1 and \
                w[1].startswith("--"):
            sub, i = w[0], 1
        if sub is None:
            i += 1
            continue
        while i < len(w) and w[i] not in ("--", "|", "&&", ";", ">", "<") \
                and not w[i].startswith(">"):
            m = re.match(r"^(--[a-z][a-z0-9-]*)", w[i])
            if m:
                val = w[i + 1] if i + 1 < len(w) else ""
                if "=" in w[i]:
                    val = w[i].split("=", 1)[1]
                out.append((sub, m.group(1), val))
            i += 1
    return out


# ---- the Makefile's targets ---------------------------------------------

def make_targets():
    r = subprocess.run(["make", "-pRrq", "-f", "Makefile", ":"], cwd=ROOT,
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                       universal_newlines=True)
    names, patterns = set(), []
    for line in r.stdout.split("\n"):
        m = re.match(r"^([^\s#:=][^:=]*?):(?!=)", line)
        if not m:
            continue
        for t in m.group(1).split():
            if "%" in t:
                patterns.append(re.compile(
                    "^" + re.escape(t).replace("%", ".+") + "$"))
            else:
                names.add(t)
    return names, patterns


def make_uses(snippet):
    w = words(snippet)
    out = []
    for i, t in enumerate(w):
        if t != "make":
            continue
        for a in w[i + 1:]:
            if a in ("&&", "|", ";") or a.startswith(">"):
                break
            if a.startswith("-") or "=" in a or re.match(r"^[A-Z]+$", a):
                continue	# an option, a variable, a placeholder
            out.append(a)
    return out


# ---- the checks -----------------------------------------------------------

TREE_PATH = re.compile(
    r"^(?:\./)?((?:tests|bench|scripts|kmod|user|include|packaging|docs)"
    r"/[A-Za-z0-9_.+/-]*[a-z0-9_/])$")


def check_file(md, table, targets):
    rel = os.path.relpath(md, ROOT)
    base = os.path.dirname(md)
    prose, code = parse(md)
    links, paths, opts, makes = [], [], [], []
    for n, text in prose:
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"^[a-z]+:", target):
                continue	# a URL: not checked offline
            path, _, anchor = target.partition("#")
            dest = os.path.normpath(os.path.join(base, path)) if path else md
            if not os.path.exists(dest):
                links.append("%s:%d: %s: no such file" % (rel, n, target))
            elif anchor and dest.endswith(".md") and \
                    anchor not in anchors(dest):
                links.append("%s:%d: %s: no such heading" % (rel, n, target))
    for n, text in code:
        for t in words(text):
            m = TREE_PATH.match(t)
            if m and not re.search(r"[A-Z]{3,}", m.group(1)) and \
                    not os.path.exists(os.path.join(ROOT, m.group(1))) and \
                    m.group(1) not in targets[0] and \
                    not os.path.exists(os.path.join(ROOT, m.group(1) + ".c")):
                # (neither a file nor one make builds)
                paths.append("%s:%d: %s" % (rel, n, t))
        for sub, opt, val in fgprof_uses(text):
            known, formats = table[sub]
            if opt not in known:
                opts.append("%s:%d: fgprof %s %s" % (rel, n, sub, opt))
            elif opt == "--format" and formats and \
                    re.match(r"^[a-z-]+$", val) and val not in formats:
                opts.append("%s:%d: fgprof %s --format %s" %
                            (rel, n, sub, val))
        names, patterns = targets
        for t in make_uses(text):
            if t not in names and not any(p.match(t) for p in patterns):
                makes.append("%s:%d: make %s" % (rel, n, t))
    report("%s: links resolve to files and headings" % rel, links)
    report("%s: the tree's paths named exist" % rel, paths)
    report("%s: every fgprof option named is in the tool's --help" % rel, opts)
    report("%s: every make target named is in the Makefile" % rel, makes)


def man_text():
    with open(os.path.join(ROOT, "packaging", "fgprof.1")) as f:
        t = f.read()
    return re.sub(r"\\f[BIRP]", "", t).replace("\\-", "-")


def check_manual(table):
    with open(os.path.join(ROOT, "docs", "manual.md")) as f:
        manual = f.read()
    man = man_text()
    for where, text in (("docs/manual.md", manual),
                        ("packaging/fgprof.1", man)):
        named = set(OPT.findall(text))
        missing = []
        for sub in SUBCOMMANDS:
            own = options(helptext(sub))[0]
            for opt in sorted(own - named - {"--help"}):
                missing.append("fgprof %s %s" % (sub, opt))
        report("%s names every option of every command's --help" % where,
               missing)


def main():
    os.chdir(ROOT)
    if not os.access(TOOL, os.X_OK):
        report("user/fgprof is built (make tool)", ["no %s" % TOOL])
        return 1
    files = sys.argv[1:] or ["README.md"] + sorted(glob.glob("docs/*.md"))
    table = tool_options()
    targets = make_targets()
    for md in files:
        check_file(os.path.join(ROOT, md), table, targets)
    check_manual(table)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
