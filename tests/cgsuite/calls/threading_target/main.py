import threading


def worker():
    helper()


def helper():
    pass


t = threading.Thread(target=worker)
t.start()
t.join()
