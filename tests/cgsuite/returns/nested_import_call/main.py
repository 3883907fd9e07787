from pkg.sub import provider

provider()()
