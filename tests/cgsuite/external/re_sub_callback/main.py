import re


def upper(match):
    return match.group(0).upper()


re.sub(r"a", upper, "banana")
