import pkg.sub as s
from pkg import sub as s2

s.f()
s2.g()
