class Base:
    def __init__(self, **kwargs):
        self.options = kwargs


class LoggingMixin:
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.log = []


class Service(LoggingMixin, Base):
    def __init__(self, name):
        super().__init__(name=name)


Service("api")
