from p120app import runner, state

state.set_current(input())  # SOURCE p120
runner.run()
