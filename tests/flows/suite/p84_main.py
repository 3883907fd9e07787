import sqlite3

from p84db.queries import find, find_safe

cur = sqlite3.connect(":memory:").cursor()
find(cur, input())  # SOURCE p84
find_safe(cur, input())
