class Seq:
    def __getitem__(self, i):
        return i

    def __len__(self):
        return 3


s = Seq()
s[1]
len(s)
