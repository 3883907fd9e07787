class Pipeline:
    def a(self):
        return 1

    def b(self):
        return 2

    def steps(self):
        return [self.a, self.b]

    def run(self):
        for step in self.steps():
            step()


Pipeline().run()
