REGISTRY = []


def register(cls):
    REGISTRY.append(cls)


class Plugin:
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        register(cls)
        cls.setup()

    @classmethod
    def setup(cls):
        return cls.__name__


class First(Plugin):
    @classmethod
    def setup(cls):
        return "first"


class Second(Plugin):
    pass
