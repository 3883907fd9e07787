def cleanup():
    pass


def work():
    try:
        return 1
    finally:
        cleanup()


work()
