import os
import sys


class O:
    pass


def show(o):
    os.system(o.x)  # SINK command-injection p183b


# a constant overwritten by tainted data: the last store reaches the sink
a = O()
a.x = "ls"
a.x = input()  # SOURCE p183a
os.system(a.x)  # SINK command-injection p183a

# a call between the two stores reads the first one
b = O()
b.x = sys.argv[1]  # SOURCE p183b
show(b)
b.x = "ls"

# a read between the two stores
c = O()
c.x = os.environ["CMD"]  # SOURCE p183c
y = c.x
c.x = "ls"
os.system(y)  # SINK command-injection p183c

# a store in one branch only: the other branch keeps the first value
e = O()
e.x = os.environ.get("E")  # SOURCE p183d
if len(sys.argv) > 3:
    e.x = "ls"
os.system(e.x)  # SINK command-injection p183d

# the base rebound between the stores: another object
f = O()
h = O()
g = f
f.z = os.getenv("F")  # SOURCE p183e
f = h
f.z = "ls"
os.system(g.z)  # SINK command-injection p183e

# the tuple's tainted element
t = ("ls", sys.argv[2])  # SOURCE p183f
os.system(t[1])  # SINK command-injection p183f
