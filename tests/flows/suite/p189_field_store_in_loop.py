import os


class O:
    pass


o = O()
o.x = input()
for i in range(2):
    o.x = "ls"
    os.system(o.x)
