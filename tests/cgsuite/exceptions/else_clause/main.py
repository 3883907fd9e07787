def attempt():
    return 1


def on_success():
    pass


try:
    attempt()
except ValueError:
    pass
else:
    on_success()
