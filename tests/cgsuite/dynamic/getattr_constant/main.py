class Api:
    def ping(self):
        pass


api = Api()
getattr(api, "ping")()
