def on_ok():
    return "ok"


def on_fail():
    return "fail"


def run(ok=None, fail=None):
    ok()
    return fail()


handlers = {"ok": on_ok, "fail": on_fail}
run(**handlers)
