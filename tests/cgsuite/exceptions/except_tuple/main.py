class AError(Exception):
    def a(self):
        pass


class BError(Exception):
    def b(self):
        pass


for cls in (AError, BError):
    try:
        raise cls()
    except (AError, BError) as e:
        if isinstance(e, AError):
            e.a()
        else:
            e.b()
