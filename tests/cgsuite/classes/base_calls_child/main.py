class Base:
    def run(self):
        self.step()

    def step(self):
        pass


class Impl(Base):
    def step(self):
        pass


Impl().run()
