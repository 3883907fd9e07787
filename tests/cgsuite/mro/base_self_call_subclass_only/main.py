class Shape:
    def describe(self):
        return self.area()

    def area(self):
        return 0


class Square(Shape):
    def area(self):
        return 4


class Circle(Shape):
    def area(self):
        return 3


for s in [Square(), Circle()]:
    s.describe()
