import pkg.a

pkg.a.run()
