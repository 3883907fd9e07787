def compute():
    return 42


class Lazy:
    def __getattr__(self, name):
        value = compute()
        setattr(self, name, value)
        return value


lz = Lazy()
print(lz.answer)
