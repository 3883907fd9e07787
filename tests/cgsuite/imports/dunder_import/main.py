mod = __import__("plugin")
mod.activate()
