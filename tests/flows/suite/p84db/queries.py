def find(cur, name):
    cur.execute("SELECT * FROM t WHERE n = '%s'" % name)  # SINK sql-injection p84
    return cur.fetchall()


def find_safe(cur, name):
    cur.execute("SELECT * FROM t WHERE n = ?", (name,))
    return cur.fetchall()
