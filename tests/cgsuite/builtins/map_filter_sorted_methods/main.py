class Scorer:
    def score(self, x):
        return -x

    def keep(self, x):
        return x > 1


def double(x):
    return 2 * x


s = Scorer()
values = [3, 1, 2]
doubled = list(map(double, values))
kept = list(filter(s.keep, doubled))
ordered = sorted(kept, key=s.score)
largest = max(values, key=lambda v: s.score(v))
