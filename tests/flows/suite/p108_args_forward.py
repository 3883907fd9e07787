import os


def target(label, cmd):
    print(label)
    os.system(cmd)  # SINK command-injection p108,p108b


def forward(*args, **kwargs):
    return target(*args, **kwargs)


forward("a", input())  # SOURCE p108
forward(input(), "ls")
forward("b", cmd=input())  # SOURCE p108b
forward(label=input(), cmd="ls")
