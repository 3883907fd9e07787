class Base:
    def run(self):
        return self.step()

    def step(self):
        return 0


class Impl(Base):
    def step(self):
        return 1


Impl().run()
Base().run()
