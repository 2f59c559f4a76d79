#!/usr/bin/env python3
"""Which public entry points of the library crates have a runnable example in their docs.

Reads rustdoc's JSON output (unstable; `RUSTC_BOOTSTRAP=1` on the stable toolchain), walks each
crate's public API from its root (modules, `pub use` re-exports, inherent methods) and counts the
items whose doc comment holds a code block:

    python3 scripts/doc_examples.py            # a table, one line per crate
    python3 scripts/doc_examples.py --missing  # and every item without an example

Counted: free functions, macros, structs, enums, traits and public inherent methods (deprecated
aliases left out). "own" is an example on the item itself; "own or type's" counts a method as
covered when its type's doc has one (the getters that share their type's example).
An audit tool, not a CI gate: rustdoc's JSON format is unstable.
"""

import json
import os
import subprocess
import sys

CRATES = [
    ("baton-xmlrpc", "std"),
    ("baton-rpc", "std"),
    ("baton-rest", "std"),
    ("baton-validate", "std"),
    ("baton-feedback", "std"),
    ("baton-tokio", "metrics"),
    ("baton-embassy", "dns"),
]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rustdoc_json(crate, features):
    env = dict(os.environ, RUSTC_BOOTSTRAP="1")
    subprocess.run(
        ["cargo", "rustdoc", "-q", "-p", crate, "--lib", "--features", features, "--",
         "-Z", "unstable-options", "--output-format", "json"],
        cwd=ROOT, env=env, check=True)
    path = os.path.join(ROOT, "target", "doc", crate.replace("-", "_") + ".json")
    with open(path) as f:
        return json.load(f)


def has_example(item):
    return "```" in (item.get("docs") or "")


def walk(doc):
    """Yields (path, kind, item, type_item) for every reachable public entry point."""
    index = doc["index"]
    seen = set()
    out = []

    def visit(item_id, prefix):
        item = index.get(str(item_id))
        if item is None or item_id in seen:
            return
        seen.add(item_id)
        inner = item["inner"]
        kind = next(iter(inner))
        name = item.get("name")
        path = prefix + [name] if name else prefix
        if kind == "module":
            for child in inner["module"]["items"]:
                visit(child, path)
        elif kind == "use":
            target = inner["use"].get("id")
            if target is not None:
                if inner["use"].get("is_glob"):
                    t = index.get(str(target))
                    if t and "module" in t["inner"]:
                        for child in t["inner"]["module"]["items"]:
                            visit(child, prefix)
                else:
                    visit(target, prefix)
        elif kind in ("function", "macro", "trait"):
            if item.get("deprecation") is None:
                out.append(("::".join(path), kind, item, None))
        elif kind in ("struct", "enum"):
            if item.get("deprecation") is None:
                out.append(("::".join(path), kind, item, None))
            for impl_id in inner[kind].get("impls", []):
                impl = index.get(str(impl_id))
                if impl is None or impl["inner"]["impl"]["trait"] is not None:
                    continue
                for m in impl["inner"]["impl"]["items"]:
                    mi = index.get(str(m))
                    if mi is None or "function" not in mi["inner"]:
                        continue
                    if mi.get("visibility") != "public" or mi.get("deprecation") is not None:
                        continue
                    out.append(("::".join(path + [mi["name"]]), "method", mi, item))

    visit(doc["root"], [])
    return out


def main():
    show_missing = "--missing" in sys.argv
    print(f"{'crate':16} {'items':>6} {'own example':>12} {'own or type':>12}")
    totals = [0, 0, 0]
    missing = []
    for crate, features in CRATES:
        items = walk(rustdoc_json(crate, features))
        own = sum(1 for _, _, it, _ in items if has_example(it))
        cov = sum(1 for _, _, it, ty in items if has_example(it) or (ty and has_example(ty)))
        print(f"{crate:16} {len(items):6} {own:12} {cov:12}")
        totals[0] += len(items)
        totals[1] += own
        totals[2] += cov
        for path, kind, it, ty in items:
            if not (has_example(it) or (ty and has_example(ty))):
                missing.append(f"{crate} {kind:8} {path}  ({it['span']['filename']}:{it['span']['begin'][0]})")
    print(f"{'total':16} {totals[0]:6} {totals[1]:12} {totals[2]:12}")
    if show_missing:
        print()
        print("\n".join(missing))


if __name__ == "__main__":
    main()
