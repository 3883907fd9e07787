class Action:
    def __call__(self):
        self.run()

    def run(self):
        pass


act = Action()
act()
