import os
import sys


class O:
    pass


def taint(o):
    o.xa = sys.argv[1]  # SOURCE p190a


def taint2(o):
    o.xb = sys.argv[2]  # SOURCE p190b


# a call after the store may change the field
a = O()
a.xa = "ls"
taint(a)
os.system(a.xa)  # SINK command-injection p190a

# a call in one branch of an expression
b = O()
b.xb = "ls"
y = taint2(b) if len(sys.argv) > 2 else None
os.system(b.xb)  # SINK command-injection p190b

# a store through another name for the same object
c = O()
p = c
c.xc = "ls"
p.xc = os.environ["P"]  # SOURCE p190c
os.system(c.xc)  # SINK command-injection p190c

# the loop's next iteration reads the store made after the read
e = O()
e.xe = "ls"
for arg in sys.argv:
    os.system(e.xe)  # SINK command-injection p190d
    e.xe = input()  # SOURCE p190d

# a key stored in a branch
d = {}
d["c"] = "ls"
if len(sys.argv) > 3:
    d["c"] = os.environ["D"]  # SOURCE p190e
os.system(d["c"])  # SINK command-injection p190e

# a generator expression reads when it is iterated, after the next store
g = O()
g.xg = "ls"
lines = (g.xg for _ in "a")
g.xg = os.environ["G"]  # SOURCE p190f
for line in lines:
    os.system(line)  # SINK command-injection p190f
