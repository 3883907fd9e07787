import sys

if sys.version_info >= (3,):
    from modern import impl
else:
    from legacy import impl

impl()
