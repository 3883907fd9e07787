class Machine:
    def start(self):
        return "on"

    def action(self):
        return self.start


m = Machine()
go = m.action()
go()
