def helper():
    pass


def main_fn():
    return main_fn.helper()


main_fn.helper = helper
main_fn()
