def by_len(s):
    return len(s)


words = ["aa", "b"]
words.sort(key=by_len)
