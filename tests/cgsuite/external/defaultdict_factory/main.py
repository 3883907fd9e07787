import collections


def make_list():
    return []


d = collections.defaultdict(make_list)
d["a"].append(1)
