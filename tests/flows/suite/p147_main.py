from p147app.views import app

app.run()
