def target(a=0, b=0):
    return a + b


def forward(**kwargs):
    return target(**kwargs)


forward(a=1, b=2)
