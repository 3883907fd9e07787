class Service:
    def start(self):
        return "start"

    def stop(self):
        return "stop"


ACTION = "start"


def run(svc):
    name = "stop"
    getattr(svc, ACTION)()
    return getattr(svc, name)()


run(Service())
