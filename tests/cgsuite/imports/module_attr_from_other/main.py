import config
import impl

config.handler = impl.handle
config.dispatch()
