def s1():
    pass


def s2():
    pass


steps = {"all": [s1, s2]}
for step in steps["all"]:
    step()
