import subprocess

import click


@click.command()
@click.option("--host", default="localhost")
@click.argument("count")
def ping(host, count):  # SOURCE p167
    subprocess.run("ping -c %s %s" % (count, host), shell=True)  # SINK command-injection p167


if __name__ == "__main__":
    ping()
