import sqlite3

from .helpers import build_query


def lookup(conn, n):
    return conn.execute(build_query(n))  # SINK sql-injection p43


def connect():
    return sqlite3.connect(":memory:")
