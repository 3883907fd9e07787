class Factory:
    @classmethod
    def create(cls):
        return cls.build()

    @staticmethod
    def build():
        return 1


Factory.create()
Factory().build()
