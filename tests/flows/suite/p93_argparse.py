import argparse
import subprocess

parser = argparse.ArgumentParser()
parser.add_argument("--host")
args = parser.parse_args()  # SOURCE p93
subprocess.call("ping -c 1 " + args.host, shell=True)  # SINK command-injection p93
