import jinja2
from flask import Flask, request
from jinja2 import Template

app = Flask(__name__)
env = jinja2.Environment()


@app.route("/render")
def render():
    src = request.args.get("tpl", "")  # SOURCE p157
    a = Template(src).render()  # SINK template-injection p157
    b = env.from_string(src).render()  # SINK template-injection p157
    c = Template("Hello {{ name }}").render(name=src)
    return a + b + c
