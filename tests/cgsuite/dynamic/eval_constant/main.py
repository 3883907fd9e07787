def target():
    return 1


eval("target()")
