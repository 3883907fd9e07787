registry = []


def register(cls):
    registry.append(cls)
    return cls


@register
class Alpha:
    def run(self):
        return "a"


@register
class Beta:
    def run(self):
        return "b"


for plugin in registry:
    plugin().run()
