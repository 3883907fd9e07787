from pkg import tools

tools.run()
