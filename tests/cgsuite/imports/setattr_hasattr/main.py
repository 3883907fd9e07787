import target


def extra():
    return 2


setattr(target, "extra", extra)
if hasattr(target, "extra"):
    target.extra()
if hasattr(target, "base"):
    target.base()
