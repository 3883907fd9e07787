import sys

from sqlalchemy import create_engine, text

engine = create_engine("sqlite://")
with engine.connect() as conn:
    conn.execute(text("SELECT * FROM t WHERE n = '" + sys.argv[1] + "'"))  # SOURCE p91 # SINK sql-injection p91
    conn.execute(text("SELECT * FROM t WHERE n = :n"), {"n": sys.argv[1]})
