class Item:
    def __init__(self, w):
        self.w = w

    def weight(self):
        return self.w


items = [Item(2), Item(1)]
sorted(items, key=lambda i: i.weight())
max(items, key=Item.weight)
