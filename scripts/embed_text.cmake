# embed_text.cmake — cmake -DIN=FILE -DOUT=FILE.c -DNAME=SYMBOL -P embed_text.cmake
# Writes FILE's bytes as a NUL-terminated C array `const char SYMBOL[]` (the runtime inspector
# rt_inspect.py and the taint models are embedded this way: pycpg_embed_text in CMakeLists.txt).
file(READ ${IN} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n" body "${body}")
file(WRITE ${OUT} "/* generated from ${IN} by scripts/embed_text.cmake: do not edit */\nextern const char ${NAME}[];\nconst char ${NAME}[] = {\n${body}0x00};\n")
