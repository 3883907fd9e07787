def collect():
    out = []
    out.append(1)
    return out


collect()
