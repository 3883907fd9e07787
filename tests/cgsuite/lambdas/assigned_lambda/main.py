double = lambda x: x * 2
double(2)
