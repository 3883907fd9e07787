def f():
    pass


a = [f]
b = a.copy()
b[0]()
d = {"k": f}
d.copy()["k"]()
