import sqlite3
import sys

conn = sqlite3.connect("app.db")
cur = conn.cursor()
q = "SELECT * FROM users WHERE name = '%s'" % sys.argv[1]  # SOURCE p07
cur.execute(q)  # SINK sql-injection p07
