import sqlite3
import sys

conn = sqlite3.connect("app.db")
cur = conn.cursor()
name = sys.argv[1]  # SOURCE p115
cur.execute("SELECT * FROM users WHERE name = '{}'".format(name))  # SINK sql-injection p115
cur.execute(f"SELECT * FROM users WHERE name = '{name}'")  # SINK sql-injection p115
cur.execute("SELECT * FROM users WHERE name = '%s'" % name)  # SINK sql-injection p115
cur.execute("SELECT * FROM users WHERE name = ?", (name,))
cur.execute("SELECT * FROM users WHERE name = :n", {"n": name})
conn.execute("DELETE FROM users WHERE name = ?", [name])
cur.executemany("INSERT INTO users (name) VALUES (?)", [(name,)])
