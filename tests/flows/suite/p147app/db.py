import sqlite3


def get_conn():
    return sqlite3.connect("app.db")


def find_user(name):
    conn = get_conn()
    return conn.execute("SELECT * FROM users WHERE name = '%s'" % name).fetchall()  # SINK sql-injection p147


def find_user_safe(name):
    conn = get_conn()
    return conn.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchall()
