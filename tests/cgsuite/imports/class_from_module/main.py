from models import User

u = User("x")
u.greet()
