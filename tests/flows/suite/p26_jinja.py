import jinja2

t = jinja2.Template(input())  # SOURCE p26 # SINK template-injection p26
ok = jinja2.Template("hello {{ x }}").render(x=input())
