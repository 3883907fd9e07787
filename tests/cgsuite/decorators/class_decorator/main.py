def register(cls):
    cls.registered = True
    return cls


@register
class Service:
    def run(self):
        pass


Service().run()
