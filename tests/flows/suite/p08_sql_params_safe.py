import sqlite3
import sys

# parameters passed separately: not a flow into the SQL string
conn = sqlite3.connect("app.db")
cur = conn.cursor()
cur.execute("SELECT * FROM users WHERE name = ?", (sys.argv[1],))
conn.execute("DELETE FROM users WHERE id = ?", [sys.argv[2]])
