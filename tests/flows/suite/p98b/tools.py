def process(v):
    return len(v)
