def work():
    pass


(lambda: work())()
