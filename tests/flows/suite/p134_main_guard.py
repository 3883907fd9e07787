import os
import sys


def main(argv):
    for path in argv:
        os.remove(path)  # SINK path-injection p134


if __name__ == "__main__":
    main(sys.argv[1:])  # SOURCE p134
