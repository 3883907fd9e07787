class Calculator:
    square = lambda self, x: x * x
    negate = staticmethod(lambda x: -x)


calc = Calculator()
calc.square(3)
Calculator.negate(2)
