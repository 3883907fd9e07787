import shlex
import sqlite3

conn = sqlite3.connect(":memory:")
v = shlex.quote(input())  # SOURCE p12
conn.execute("SELECT " + v)  # SINK sql-injection p12
