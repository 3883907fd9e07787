from pkg.sub.deep import mod

mod.work()
