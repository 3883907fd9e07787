def a():
    def b():
        def c():
            pass

        c()

    b()


a()
