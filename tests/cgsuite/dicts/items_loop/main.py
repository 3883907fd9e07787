def red():
    pass


def green():
    pass


colors = {"red": red, "green": green}
for name, fn in colors.items():
    fn()
