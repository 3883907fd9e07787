def original():
    pass


alias = original
again = alias
again()
