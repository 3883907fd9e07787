import helpers

helpers.compute()
helpers.Thing().use()
