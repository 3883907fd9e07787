import sqlite3
import sys

conn = sqlite3.connect("app.db")
uid = int(sys.argv[1])
conn.execute(f"SELECT * FROM users WHERE id = {uid}")
limit = float(sys.argv[2])
conn.execute("SELECT * FROM users LIMIT %d" % limit)
flag = bool(sys.argv[3])
conn.execute("SELECT * FROM users WHERE active = " + str(flag))
