def handler():
    return 1


class Config:
    pass


class App:
    def __init__(self):
        self.config = Config()


app = App()
app.config.on_start = handler
app.config.on_start()
