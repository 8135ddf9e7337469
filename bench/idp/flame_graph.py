#!/usr/bin/env python3
"""Folds `perf script` output into a flame graph (SVG) and a text breakdown, with the standard
library alone.

    perf script --no-inline -F comm,tid,period,ip,sym,dso -i perf.data > refresh.perf.txt
    bench/idp/flame_graph.py refresh.perf.txt --svg docs/images/idp-refresh-flame.svg \
        --title "freshauth idp: where a refresh's time goes"

Frames are shortened (template and parameter lists dropped), runs of unnamed frames inside one
library become "<library> (internal)", kernel frames end in " [k]", and plumbing frames (Boost.Asio/Beast, std::function,
std::invoke) are dropped unless a sample ends in one. perf cannot unwind through some of
OpenSSL's assembly, so many stacks stop part-way: a stack that stops at a frame seen in complete
stacks is put under the path most complete stacks take to that frame (the graft is by name, so
it is a best guess); the others stay under "[stack not unwound to its root]". The breakdown
prints the share of samples under each frame (inclusive) and in each frame itself (self).
"""
import argparse
import collections
import html
import os
import re
import sys

HEADER = re.compile(r"^(?P<comm>\S.*?)\s+(?P<tid>\d+)\s+(?P<period>\d+)\s*$")
FRAME = re.compile(r"^\s+(?P<ip>[0-9a-f]+)\s+(?P<sym>.*?)\s+\((?P<dso>[^()]*)\)\s*$")
TRUNCATED = "[stack not unwound to its root]"
PLUMBING = re.compile(r"^(boost::|std::|asio_handler_invoke|__invoke|invoke$|operator\(\)$|"
                      r"complete$|dispatch$|async_initiate$|_M_invoke$|__invoke_r$)")


def strip_nested(text, open_char, close_char):
    """Removes every balanced open_char...close_char group (C++ templates, parameter lists)."""
    out, depth = [], 0
    for ch in text:
        if ch == open_char:
            depth += 1
        elif ch == close_char and depth > 0:
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def short_name(sym, dso):
    library = os.path.basename(dso) if dso else "?"
    if sym in ("[unknown]", ""):
        return f"{library} (internal)"
    name = sym.replace("operator()", "operator~call")
    name = name.replace("(anonymous namespace)", "anon")
    name = strip_nested(name, "<", ">")
    name = strip_nested(name, "(", ")")
    name = name.replace("operator~call", "operator()").replace("[abi:cxx11]", "")
    name = re.sub(r"\s+const$", "", name).strip() or f"{library} (internal)"
    return name + " [k]" if library.startswith("[kernel") else name


def read_stacks(lines):
    """Yields (frames root first, weight) per sample."""
    comm, period, frames = None, 0, []

    def finish():
        if comm is None:
            return None
        stack, truncated = [], True
        for sym, dso, ip in reversed(frames):  # root first
            if ip.startswith("ffffffffffff") and sym == "[unknown]":
                continue  # perf's marker for where unwinding stopped
            name = short_name(sym, dso)
            if stack and stack[-1] == name and name.endswith("(internal)"):
                continue
            stack.append(name)
        if frames:
            root = frames[-1]
            truncated = root[0] == "[unknown]" and root[2].startswith("ffffffffffff")
        stack = [name for i, name in enumerate(stack)
                 if i == len(stack) - 1 or not PLUMBING.match(name)]
        return ([comm] + ([TRUNCATED] if truncated else []) + stack, period)

    for line in lines:
        if not line.strip():
            continue
        header = HEADER.match(line)
        if header and not line.startswith(("\t", " ")):
            sample = finish()
            if sample:
                yield sample
            comm, period, frames = header["comm"], int(header["period"]), []
            continue
        frame = FRAME.match(line)
        if frame and comm is not None:
            frames.append((frame["sym"], frame["dso"], frame["ip"]))
    sample = finish()
    if sample:
        yield sample


def graft(samples):
    """Puts stacks that stop part-way under the commonest complete path to their first frame."""
    paths = collections.defaultdict(collections.Counter)
    for stack, weight in samples:
        if len(stack) > 1 and stack[1] != TRUNCATED:
            for i in range(1, len(stack)):
                paths[stack[i]][tuple(stack[1:i])] += weight
    grafted = []
    for stack, weight in samples:
        if len(stack) > 2 and stack[1] == TRUNCATED and stack[2] in paths:
            prefix = paths[stack[2]].most_common(1)[0][0]
            stack = [stack[0], *prefix, *stack[2:]]
        grafted.append((stack, weight))
    return grafted


class Node:
    __slots__ = ("name", "total", "children")

    def __init__(self, name):
        self.name, self.total, self.children = name, 0, {}


def build_tree(samples):
    root = Node("all")
    for stack, weight in samples:
        root.total += weight
        node = root
        for name in stack:
            node = node.children.setdefault(name, Node(name))
            node.total += weight
    return root


def colour(name):
    # Warm for the project's code, red for OpenSSL, blue for SQLite, grey for the kernel.
    seed = sum(map(ord, name)) % 40
    if "libcrypto" in name or name.startswith(("BN_", "RSA_", "EVP_", "ossl_", "OSSL_")):
        return f"rgb({215 + seed // 2},{60 + seed},{50})"
    if "sqlite" in name:
        return f"rgb({80 + seed},{130 + seed},{210})"
    if name.endswith(" [k]"):
        return f"rgb({150 + seed},{150 + seed},{150 + seed})"
    if name.startswith("freshauth::"):
        return f"rgb({235},{140 + seed * 2},{40})"
    return f"rgb({225},{190 + seed},{90})"


def render_svg(root, title, sample_count, width=1200, row=16, min_width=0.3):
    rows = []

    def walk(node, depth, x):
        rows.append((node, depth, x))
        child_x = x
        for child in sorted(node.children.values(), key=lambda n: n.name):
            walk(child, depth + 1, child_x)
            child_x += child.total

    walk(root, 0, 0)
    depth = max(d for _, d, _ in rows) + 1
    top = 40
    height = top + depth * row + 20
    scale = (width - 20) / root.total if root.total else 0
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="monospace" font-size="11">',
        f'<rect width="100%" height="100%" fill="#fdfdf6"/>',
        f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="15">'
        f'{html.escape(title)}</text>',
        f'<text x="10" y="{height - 6}" font-size="10" fill="#555">width: share of the '
        f'{sample_count} CPU-time samples; hover for figures; bottom: the thread, top: where '
        f'the CPU was</text>',
    ]
    for node, d, x in rows:
        w = node.total * scale
        if w < min_width:
            continue
        px = 10 + x * scale
        py = height - 20 - (d + 1) * row
        share = 100.0 * node.total / root.total
        label = f"{node.name} ({share:.1f}%)"
        out.append(f'<g><title>{html.escape(label)}</title>'
                   f'<rect x="{px:.2f}" y="{py}" width="{w:.2f}" height="{row - 1}" '
                   f'fill="{colour(node.name)}" rx="2"/>')
        chars = int((w - 4) / 6.6)
        if chars >= 3:
            text = label if len(label) <= chars else label[:chars - 2] + ".."
            out.append(f'<text x="{px + 2:.2f}" y="{py + row - 4}">{html.escape(text)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def breakdown(samples, top):
    inclusive, self_time, total = collections.Counter(), collections.Counter(), 0
    for stack, weight in samples:
        total += weight
        for name in set(stack):
            inclusive[name] += weight
        self_time[stack[-1]] += weight
    lines = [f"{'inclusive':>9} {'self':>6}  frame"]
    for name, weight in inclusive.most_common(top):
        lines.append(f"{100.0 * weight / total:8.1f}% {100.0 * self_time[name] / total:5.1f}%"
                     f"  {name}")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("perf_script", help="output of perf script (- for stdin)")
    parser.add_argument("--svg", help="write the flame graph here")
    parser.add_argument("--title", default="flame graph")
    parser.add_argument("--top", type=int, default=40, help="rows of the text breakdown")
    args = parser.parse_args()
    source = sys.stdin if args.perf_script == "-" else open(args.perf_script, encoding="utf-8",
                                                             errors="replace")
    samples = graft(list(read_stacks(source)))
    if not samples:
        sys.exit("no samples in the input (was it made with perf script?)")
    if args.svg:
        with open(args.svg, "w", encoding="utf-8") as out:
            out.write(render_svg(build_tree(samples), args.title, len(samples)))
    print(breakdown(samples, args.top))


if __name__ == "__main__":
    main()
