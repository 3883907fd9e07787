import re


def matcher():
    pat = re.compile("a+")
    return pat.match("aa")


matcher()
