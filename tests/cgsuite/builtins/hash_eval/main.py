def compute():
    return hash("x") + eval("1 + 1")


compute()
