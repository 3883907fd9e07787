from p42pkg.util import run, run_safe

run(input())  # SOURCE p42
run_safe(input())
