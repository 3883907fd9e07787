registry = []


def register(fn):
    registry.append(fn)
    return fn


@register
def task():
    pass


task()
for fn in registry:
    fn()
