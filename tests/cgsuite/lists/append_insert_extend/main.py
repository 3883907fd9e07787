def p():
    pass


def q():
    pass


def r():
    pass


calls = []
calls.append(p)
calls.insert(0, q)
calls.extend([r])
for c in calls:
    c()
