from p43pkg.core import connect, lookup

lookup(connect(), input())  # SOURCE p43
