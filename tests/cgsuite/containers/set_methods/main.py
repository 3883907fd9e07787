def f():
    pass


s = set()
s.add(f)
for fn in s:
    fn()
