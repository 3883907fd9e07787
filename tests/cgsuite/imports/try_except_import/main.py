try:
    from fast import speed
except ImportError:
    from slow import speed

speed()
