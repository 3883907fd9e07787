def shared():
    return 1
