#!/usr/bin/env python3
"""Worst-case stack depth of the firmware image, from GCC's call graph.

Reads the .ci files that -fcallgraph-info=su writes beside each object
(every function with its frame size, every call edge), walks each call path
from the reset handler and adds the deepest interrupt on top of it, then
fails if the result does not fit the stack the linker script reserves.

Why static and not only measured: the painted high-water mark of a QEMU run
shows only the paths that run took; this bound covers every path, including
the ones a bench seldom reaches (store fallback, factory reset, jam).

Indirect calls (the HAL's virtual functions) name no callee, so callees are
layered by name: an indirect call from a function in layer k may reach any
function in a lower layer. The defaults fit this image: the flash backend
(leaf), then the board drivers, then the core, which is everything else.
Recursion is refused: the firmware has none, and it would void the bound.
"""
import argparse
import pathlib
import re
import sys

NODE = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
SIZE = re.compile(r"\\n(\d+) bytes \(([a-z,]+)\)")

# Library routines the compiler calls without a call graph of their own:
# newlib-nano's memcpy/memset push at most a few registers.
LIBRARY_FRAME_BYTES = 32
# Cortex-M4 basic exception frame (soft float: no FP context), 8-aligned.
EXCEPTION_FRAME_BYTES = 32


def parse(files):
    frames, names, edges = {}, {}, {}
    for path in files:
        for title, label in NODE.findall(path.read_text()):
            m = SIZE.search(label)
            if m is None:
                continue  # a declaration of a function defined elsewhere
            if "dynamic" in m.group(2) and "bounded" not in m.group(2):
                sys.exit(f"stack_usage: unbounded frame in {label.split(chr(92))[0]}")
            frames[title] = max(frames.get(title, 0), int(m.group(1)))
            names[title] = label.split("\\n")[0]
        for src, dst in EDGE.findall(path.read_text()):
            edges.setdefault(src, set()).add(dst)
    return frames, names, edges


def resolve(title, frames):
    """Complete-object constructors (C1) are emitted as aliases of C2."""
    if title in frames:
        return title
    alias = title.replace("C1E", "C2E", 1)
    return alias if alias in frames else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stack", type=int, required=True, help="reserved stack, bytes")
    ap.add_argument("--root", default="Reset_Handler")
    ap.add_argument("--interrupt", action="append", default=["SysTick_Handler"])
    ap.add_argument("--layer", action="append", default=None,
                    help="regex on the demangled name; lowest layer first")
    ap.add_argument("ci", nargs="+", type=pathlib.Path, help=".ci files, or folders holding them")
    args = ap.parse_args()
    layers = [re.compile(p) for p in (args.layer or [r"SsramFlash::", r"lockfw::mps2::"])]

    files = [f for p in args.ci for f in (sorted(p.rglob("*.ci")) if p.is_dir() else [p])]
    frames, names, edges = parse(files)

    def layer_of(title):
        for i, rx in enumerate(layers):
            if rx.search(names.get(title, "")):
                return i
        return len(layers)

    memo, path = {}, []

    def depth(title):
        """Deepest stack from entering `title`, and the path that reaches it."""
        if title in memo:
            return memo[title]
        if title in path:
            sys.exit("stack_usage: recursion: " + " -> ".join(names.get(t, t) for t in path + [title]))
        path.append(title)
        best, best_path = 0, []
        for callee in edges.get(title, ()):
            if callee == "__indirect_call":
                k = layer_of(title)
                for t in frames:
                    if layer_of(t) < k:
                        d, p = depth(t)
                        if d > best:
                            best, best_path = d, p
                continue
            target = resolve(callee, frames)
            if target is None:
                d, p = LIBRARY_FRAME_BYTES, [callee + " (library)"]
            else:
                d, p = depth(target)
            if d > best:
                best, best_path = d, p
        path.pop()
        memo[title] = (frames[title] + best, [title] + best_path)
        return memo[title]

    root = resolve(args.root, frames)
    if root is None:
        sys.exit(f"stack_usage: no call graph for {args.root}")
    main_depth, main_path = depth(root)
    irq_depth, irq_path = 0, []
    for irq in args.interrupt:
        t = resolve(irq, frames)
        if t is not None and depth(t)[0] > irq_depth:
            irq_depth, irq_path = depth(t)
    worst = main_depth + EXCEPTION_FRAME_BYTES + irq_depth

    def show(p):
        return " -> ".join(f"{names.get(t, t)} [{frames.get(t, LIBRARY_FRAME_BYTES)}]" for t in p)

    print(f"stack worst case {worst} B of {args.stack} B reserved: "
          f"{main_depth} B thread + {EXCEPTION_FRAME_BYTES} B exception frame + {irq_depth} B interrupt")
    print("  deepest path: " + show(main_path))
    if irq_path:
        print("  deepest interrupt: " + show(irq_path))
    if worst > args.stack:
        sys.exit(f"stack_usage: worst case {worst} B exceeds the {args.stack} B stack")


if __name__ == "__main__":
    main()
