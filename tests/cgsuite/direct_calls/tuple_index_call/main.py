def first():
    return 1


def second():
    return 2


pair = (first, second)
pair[1]()
(first, second)[0]()
