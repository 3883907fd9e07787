def make_counter():
    def step():
        pass

    def count():
        step()

    return count


counter = make_counter()
counter()
