CMD = "ls"
SAFE = "pwd"
