def base(x):
    return x


fns = [lambda x: base(x), lambda x: base(x) + 1]
for i in range(len(fns)):
    fns[i](i)
