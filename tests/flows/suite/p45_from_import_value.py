from p44conf import HOME, TOKEN

eval(TOKEN)  # SINK code-injection p44
eval(HOME)
