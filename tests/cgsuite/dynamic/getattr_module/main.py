import tools

getattr(tools, "work")()
