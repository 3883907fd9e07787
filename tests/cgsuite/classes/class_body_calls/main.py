def compute():
    return 1


class Config:
    value = compute()
