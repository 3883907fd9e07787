class Shape:
    def area(self):
        return 0

    def describe(self):
        return self.area()


class Square(Shape):
    def area(self):
        return 4


class Circle(Shape):
    pass


Square().describe()
Circle().describe()
