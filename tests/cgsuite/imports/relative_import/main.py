from pkg.a import go

go()
