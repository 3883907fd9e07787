def render(n):
    return repr(n) + ascii("é") + chr(65) + str(ord("a")) + format(n, "d") + hex(n) + bin(n) + oct(n)


render(5)
