from flask import Flask, render_template_string, request
from markupsafe import escape

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "")  # SOURCE p55
    return render_template_string("Hello " + name)  # SINK template-injection p55


@app.route("/hello2")
def hello2():
    return render_template_string("Hello {{ n }}", n=request.args.get("name"))


@app.route("/hello3")
def hello3():
    return render_template_string("Hello " + escape(request.form["name"]))
