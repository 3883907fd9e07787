def double(x):
    return x * 2


vals = list(map(double, [1, 2]))
total = sum(vals)
print(max(vals), len(vals))
