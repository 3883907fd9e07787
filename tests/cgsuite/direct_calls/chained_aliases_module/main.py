import util

run = util.go
run()
u = util
u.go()
