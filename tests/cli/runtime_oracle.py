"""runtime_oracle.py — the oracle of tests/cli/test_runtime.sh: what runtime inspection must report for the
well-behaved modules, computed here with inspect in this process (the fixture is harmless).
Prints sections 'objects', 'signatures', 'params', 'members', one sorted line per row.
Usage: python3 runtime_oracle.py REPO MODULE..."""
import functools
import inspect
import re
import sys
import types

repo, mods = sys.argv[1], sys.argv[2:]
sys.path.insert(0, repo)
addr = functools.partial(re.compile(r"0x[0-9a-fA-F]{6,}").sub, "0x?")
objects, sigs, params, members = set(), set(), set(), set()
seen = set()


def clean(s):
    return addr(re.sub(r" at 0x[0-9a-fA-F]+", "", s))


def text(v):
    return clean(repr(v))


def add_object(module, qualname, otype, v):
    while (module, qualname) not in seen:
        seen.add((module, qualname))
        objects.add("|".join((module, qualname, otype)))
        if otype != "module":
            s = inspect.signature(v)
            sigs.add("|".join((qualname, clean(str(s)))))
            for i, p in enumerate(s.parameters.values()):
                d = "" if p.default is p.empty else text(p.default)
                params.add("|".join((qualname, str(i), p.name, p.kind.name, d)))
        if otype == "class":
            for name, raw in sorted(vars(v).items()):
                if name in ("__dict__", "__doc__", "__module__", "__qualname__", "__weakref__"):
                    continue
                f = raw.__func__ if isinstance(raw, (classmethod, staticmethod)) else raw
                kind = {types.FunctionType: "method", classmethod: "classmethod",
                        staticmethod: "staticmethod", property: "property",
                        type: "class"}.get(type(raw), "attribute")
                members.add("|".join((qualname, name, kind)))
                if kind == "class":
                    add_object(module, raw.__qualname__, "class", raw)
                elif kind != "property" and kind != "attribute":
                    add_object(module, f.__qualname__, "method", f)
        w = getattr(v, "__wrapped__", None) if isinstance(v, types.FunctionType) else None
        if w is None:
            return
        qualname, v = qualname + ".__wrapped__", w


for m in mods:
    mod = __import__(m, fromlist=["_"])
    add_object(m, m, "module", mod)
    for name, v in sorted(vars(mod).items()):
        if name.startswith("__") and name.endswith("__"):
            continue
        vm = getattr(v, "__module__", None) if not isinstance(v, (int, str, tuple)) else None
        if isinstance(vm, str) and not vm.startswith("rtpkg"):
            continue
        kind = ("class" if isinstance(v, type) else "function" if isinstance(v, types.FunctionType)
                else "module" if isinstance(v, types.ModuleType) else "attribute")
        members.add("|".join((m, name, kind)))
        if kind in ("class", "function"):
            add_object(vm, v.__qualname__, kind, v)
for title, rows in (("objects", objects), ("signatures", sigs), ("params", params),
                    ("members", members)):
    print("== " + title)
    print("\n".join(sorted(rows)))
