class Pipeline:
    def stages(self):
        yield self.load
        yield self.save

    def load(self):
        pass

    def save(self):
        pass


for stage in Pipeline().stages():
    stage()
