class Version:
    def __init__(self, n):
        self.n = n

    def __lt__(self, other):
        return self.n < other.n


versions = [Version(2), Version(1)]
ordered = sorted(versions)
newest = max(versions)
