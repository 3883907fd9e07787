def run():
    import helper
    return helper.assist()


run()
