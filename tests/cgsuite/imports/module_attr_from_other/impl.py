def handle():
    return 1
