import sys

from flask import Flask, render_template_string, request

app = Flask(__name__)

path = sys.argv[1]  # SOURCE p172
with open(path) as f:  # SINK path-injection p172
    source = f.read()
exec(compile(source, "<config>", "exec"))


@app.route("/page")
def page():
    name = request.args.get("name", "index")  # SOURCE p172b
    with open("/srv/pages/" + name + ".html") as fh:  # SINK path-injection p172b
        content = fh.read()
    return render_template_string(content)
