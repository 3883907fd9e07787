def cb():
    pass


run = lambda f: f()
run(cb)
