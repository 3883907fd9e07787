def target():
    pass


def get():
    return target


fn = get()
fn()
