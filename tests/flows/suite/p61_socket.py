import os
import socket

srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen()
conn, _ = srv.accept()
data = conn.recv(1024)  # SOURCE p61
os.system(data.decode())  # SINK command-injection p61
