f = lambda xs: len(xs)
f([1])
