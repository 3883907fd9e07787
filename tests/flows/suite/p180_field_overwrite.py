import os


class O:
    pass


o = O()
o.x = input()
o.x = "ls"
os.system(o.x)
