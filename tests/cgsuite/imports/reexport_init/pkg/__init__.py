from pkg.impl import helper
