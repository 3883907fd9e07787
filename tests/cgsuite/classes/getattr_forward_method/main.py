class Backend:
    def query(self, q):
        return q


class Logged:
    def __init__(self, inner):
        self._inner = inner

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def own(self):
        return 1


proxy = Logged(Backend())
proxy.own()
proxy.query("select")
