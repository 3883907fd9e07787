class Conn:
    def send(self):
        pass


def connect():
    return Conn()


connect().send()
