class Router:
    def __init__(self):
        self.routes = {"get": self.on_get, "post": self.on_post}

    def on_get(self):
        return "g"

    def on_post(self):
        return "p"

    def dispatch(self, verb):
        return self.routes[verb]()


r = Router()
r.dispatch("get")
r.dispatch("post")
