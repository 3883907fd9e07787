import collections

d = collections.OrderedDict()
d["a"] = 1
list(d.items())
