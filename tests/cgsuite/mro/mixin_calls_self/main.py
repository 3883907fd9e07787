class LogMixin:
    def log(self):
        self.write()


class Writer:
    def write(self):
        pass


class Service(LogMixin, Writer):
    def serve(self):
        self.log()


Service().serve()
