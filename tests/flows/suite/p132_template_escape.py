from flask import Flask, render_template_string, request
from markupsafe import escape

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "")  # SOURCE p132
    a = render_template_string("Hello {{ n }}", n=name)
    b = render_template_string("Hello " + escape(name))
    return a + b + render_template_string("<h1>Hello %s</h1>" % name)  # SINK template-injection p132
