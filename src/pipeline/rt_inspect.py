# rt_inspect.py — the inspector pycpg's runtime stage runs in a sandboxed child python3, one
# process per module (src/pipeline/runtime_sandbox.c embeds this file into the binary and runs
# it with `python3 -s -S -B -c <this file> CONFIG`).
#
# It imports ONE module (CONFIG["module"]) with the repository on sys.path and reports, as JSON
# lines on the file descriptor that was stdout when it started (the module's own prints go to
# /dev/null), every object the module defines or exposes:
#   {"t": "python", "version", "executable"}                         first
#   {"t": "obj", "module", "qualname", "name", "obj_type", "source_path", "source_line",
#    "source_name", "unwrap_depth", "wrapped_qualname"}               module, class, function,
#                                                                     method (and __wrapped__)
#   {"t": "sig", "module", "qualname", "signature", "return_annotation",
#    "params": [{"name", "kind", "default", "annotation"}, ...]}     inspect.signature
#   {"t": "member", "owner_module", "owner_qualname", "name", "member_kind", "value_repr",
#    "value_module", "value_qualname"}                                a module's or class's member
#   {"t": "error", "error_code", "error_type", "message"}             the import raised, ...
#   {"t": "done"}                                                     last: the report is whole
# A report without "done" is discarded by pycpg (the process died or was stopped).
#
# Rules (docs/decisions.md, "Runtime inspection"): members of a module are its __dict__ in name
# order without the import machinery's dunders; members of a class are its own __dict__ (not
# inherited ones). A member whose value has a string __module__ outside the allow-list is
# skipped (extract_datasets.md §11.2). Objects are the module, and the classes, functions and
# methods reached through members whose module is allowed; a function with __wrapped__
# (functools.wraps) also reports the wrapped function as "<qualname>.__wrapped__". reprs are
# capped and never hold a memory address ("0x" + 6 or more hex digits becomes "0x?").
# Nothing here uses recursion whose depth the module chooses (classes are walked with a stack).
import importlib
import inspect
import json
import os
import platform
import re
import sys
import types

MAX_REPR = 1000
MAX_WRAP = 16
SKIP_MODULE = {"__builtins__", "__cached__", "__file__", "__loader__", "__name__",
               "__package__", "__path__", "__spec__", "__doc__"}
SKIP_CLASS = {"__dict__", "__doc__", "__module__", "__qualname__", "__weakref__",
              "__firstlineno__", "__static_attributes__"}
_AT_ADDR = re.compile(r" at 0x[0-9a-fA-F]+")
_ADDR = re.compile(r"0x[0-9a-fA-F]{6,}")


class Reporter:
    def __init__(self, fd):
        self.fd = fd

    def emit(self, rec):
        data = (json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8", "replace")
        while data:
            n = os.write(self.fd, data)
            data = data[n:]


def clean(s):
    """Text for a row: no memory address, valid UTF-8, at most MAX_REPR characters."""
    if s is None:
        return None
    s = _ADDR.sub("0x?", _AT_ADDR.sub("", str(s)))
    s = s.encode("utf-8", "replace").decode("utf-8")
    return s if len(s) <= MAX_REPR else s[:MAX_REPR] + "..."


def safe_repr(v):
    try:
        return clean(repr(v))
    except BaseException:  # repr runs the module's code: anything may come out of it
        return None


def static_str(v, attr):
    """v.attr if it is a string, read without running the module's code: a descriptor of a
    built-in type (function.__module__, type.__qualname__) is read, any other is not."""
    try:
        x = inspect.getattr_static(v, attr, None)
        if isinstance(x, (types.MemberDescriptorType, types.GetSetDescriptorType)):
            x = getattr(v, attr, None)
    except BaseException:
        return None
    return x if isinstance(x, str) else None


class Inspector:
    def __init__(self, cfg, out):
        self.module = cfg["module"]
        self.allow = cfg["allow"]
        self.repo = os.path.realpath(cfg["repo"])
        self.out = out
        self.seen = set()
        self.classes = []  # (class, module, qualname) still to walk

    def allowed(self, mod):
        return any(mod == p or mod.startswith(p + ".") for p in self.allow)

    def rel(self, path):
        if not path:
            return None
        try:
            real = os.path.realpath(path)
        except (OSError, ValueError):
            return clean(path)
        if real == self.repo or real.startswith(self.repo + os.sep):
            return clean(os.path.relpath(real, self.repo).replace(os.sep, "/"))
        return clean(path)

    def source(self, v):
        """(path, first line, name of the defining statement) of a module, class or function."""
        if isinstance(v, types.FunctionType):
            code = v.__code__
            return self.rel(code.co_filename), code.co_firstlineno, code.co_name
        if isinstance(v, types.ModuleType):
            return self.rel(static_str(v, "__file__")), None, static_str(v, "__name__")
        path = line = None
        try:
            path = inspect.getsourcefile(v) or inspect.getfile(v)
        except BaseException:
            pass
        try:
            line = inspect.getsourcelines(v)[1]
        except BaseException:
            pass
        return self.rel(path), line, static_str(v, "__name__")

    def signature(self, v, module, qualname):
        try:
            sig = inspect.signature(v)
        except BaseException:
            return
        params = []
        for p in sig.parameters.values():
            params.append({
                "name": clean(p.name),
                "kind": p.kind.name,
                "default": None if p.default is p.empty else safe_repr(p.default),
                "annotation": None if p.annotation is p.empty else safe_repr(p.annotation),
            })
        ret = sig.return_annotation
        self.out.emit({"t": "sig", "module": module, "qualname": qualname,
                       "signature": clean(sig),
                       "return_annotation": None if ret is sig.empty else safe_repr(ret),
                       "params": params})

    def obj(self, v, module, qualname, otype, depth=0):
        """Reports v (and what it wraps) once per (module, qualname)."""
        while depth <= MAX_WRAP and (module, qualname) not in self.seen:
            self.seen.add((module, qualname))
            wrapped = None
            if isinstance(v, types.FunctionType):
                wrapped = v.__dict__.get("__wrapped__")
                wrapped = wrapped if callable(wrapped) and depth < MAX_WRAP else None
            path, line, sname = self.source(v)
            wq = qualname + ".__wrapped__" if wrapped is not None else None
            self.out.emit({"t": "obj", "module": module, "qualname": qualname,
                           "name": clean(qualname.split(".")[-1] if depth == 0 else
                                         static_str(v, "__name__")),
                           "obj_type": otype, "source_path": path, "source_line": line,
                           "source_name": clean(sname), "unwrap_depth": depth,
                           "wrapped_qualname": wq})
            if otype != "module":
                self.signature(v, module, qualname)
            if otype == "class":
                self.classes.append((v, module, qualname))
            if wrapped is None:
                return
            v, qualname, depth = wrapped, wq, depth + 1

    def member(self, owner_module, owner_qualname, name, raw, value, kind):
        vm = static_str(value, "__module__")
        if vm is not None and not self.allowed(vm):
            return
        vq = static_str(value, "__qualname__")
        self.out.emit({"t": "member", "owner_module": owner_module,
                       "owner_qualname": owner_qualname, "name": clean(name),
                       "member_kind": kind, "value_repr": safe_repr(raw),
                       "value_module": clean(vm), "value_qualname": clean(vq or name)})
        if kind in ("class", "function", "method", "classmethod", "staticmethod") and vq:
            otype = "class" if kind == "class" else "method" if kind != "function" else (
                "method" if "." in vq.replace(".<locals>.", "") else "function")
            self.obj(value, vm or self.module, vq, otype)

    def run_module(self, mod):
        self.obj(mod, self.module, self.module, "module")
        for name in sorted(k for k in vars(mod) if isinstance(k, str)):
            if name in SKIP_MODULE:
                continue
            v = vars(mod)[name]
            kind = ("class" if isinstance(v, type) else
                    "function" if isinstance(v, (types.FunctionType, types.MethodType)) else
                    "builtin" if isinstance(v, types.BuiltinFunctionType) else
                    "module" if isinstance(v, types.ModuleType) else "attribute")
            self.member(self.module, self.module, name, v, v, kind)
        while self.classes:
            cls, module, qualname = self.classes.pop(0)
            self.run_class(cls, module, qualname)

    def run_class(self, cls, module, qualname):
        try:
            items = sorted((k, v) for k, v in vars(cls).items() if isinstance(k, str))
        except BaseException:
            return
        for name, raw in items:
            if name in SKIP_CLASS:
                continue
            value, kind = raw, "attribute"
            if isinstance(raw, types.FunctionType):
                kind = "method"
            elif isinstance(raw, (classmethod, staticmethod)):
                kind, value = type(raw).__name__, raw.__func__
            elif isinstance(raw, property):
                kind = "property"
            elif isinstance(raw, type):
                kind = "class"
            self.member(module, qualname, name, raw, value, kind)


def main():
    cfg = json.loads(sys.argv[1])
    out = Reporter(os.dup(1))
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)
    sys.path[:] = list(cfg["roots"]) + [p for p in sys.path if p and p not in cfg["roots"]]
    import site  # -S: only the directories, no .pth hooks (site.main() is not run)
    try:
        sys.path.extend(p for p in site.getsitepackages() if p not in sys.path)
    except AttributeError:
        pass
    out.emit({"t": "python", "version": platform.python_version(),
              "executable": sys.executable})
    ins = Inspector(cfg, out)
    try:
        mod = importlib.import_module(ins.module)
    except BaseException as e:  # SystemExit and KeyboardInterrupt included: still contained
        code = "memory_limit" if isinstance(e, MemoryError) else "import_error"
        out.emit({"t": "error", "error_code": code, "error_type": type(e).__name__,
                  "message": clean(str(e))})
        out.emit({"t": "done"})
        return
    try:
        ins.run_module(mod)
    except BaseException as e:
        out.emit({"t": "error", "error_code": "inspect_error", "error_type": type(e).__name__,
                  "message": clean(str(e))})
    out.emit({"t": "done"})


main()
os._exit(0)  # no interpreter shutdown: atexit hooks and finalizers of the module do not run
