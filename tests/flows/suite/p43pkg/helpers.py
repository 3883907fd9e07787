def build_query(n):
    return "SELECT * FROM u WHERE n = '" + n + "'"
