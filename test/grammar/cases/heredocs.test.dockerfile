# SYNTAX TEST "source.dockerfile" "heredocs: script bodies (embedded shell), data bodies (strings), delimiters"
FROM alpine:3.20
RUN <<EOF
# <--- meta.instruction.run.dockerfile-stages keyword.other.special-method.dockerfile
#   ^^ meta.instruction.run.dockerfile-stages meta.heredoc.dockerfile-stages keyword.operator.heredoc.dockerfile-stages
#     ^^^ meta.heredoc.dockerfile-stages keyword.control.heredoc-token.dockerfile-stages
apk add --no-cache curl
# <--- meta.heredoc.dockerfile-stages meta.embedded.block.shellscript.dockerfile-stages entity.name.command.shell
#       ^^^^^^^^^^ meta.embedded.block.shellscript.dockerfile-stages - entity.other.attribute-name.flag.dockerfile-stages
echo "an unterminated string
#    ^^^ meta.embedded.block.shellscript.dockerfile-stages string.quoted.double.shell
EOF
# <--- meta.heredoc.dockerfile-stages keyword.control.heredoc-token.dockerfile-stages - string.quoted.double.shell meta.embedded.block.shellscript.dockerfile-stages
ENV AFTER_HEREDOC=1
# <--- source.dockerfile keyword.other.special-method.dockerfile - meta.heredoc.dockerfile-stages meta.instruction.run.dockerfile-stages
RUN --mount=type=cache,target=/root/.cache <<-"SCRIPT"
#     ^^^^^ entity.other.attribute-name.flag.dockerfile-stages
#                                          ^^^ keyword.operator.heredoc.dockerfile-stages
#                                             ^ keyword.control.heredoc-token.dockerfile-stages punctuation.definition.string.begin.dockerfile-stages
#                                              ^^^^^^ keyword.control.heredoc-token.dockerfile-stages
#                                                    ^ keyword.control.heredoc-token.dockerfile-stages punctuation.definition.string.end.dockerfile-stages
	if [ -d /x ]; then
#^^ meta.embedded.block.shellscript.dockerfile-stages keyword.control.if.shell
	fi
	SCRIPT
#^^^^^^ meta.heredoc.dockerfile-stages keyword.control.heredoc-token.dockerfile-stages
RUN <<'EOF'
#     ^ punctuation.definition.string.begin.dockerfile-stages
#      ^^^ keyword.control.heredoc-token.dockerfile-stages
	EOF
#^^^ meta.heredoc.dockerfile-stages - keyword.control.heredoc-token.dockerfile-stages
EOF
# <--- keyword.control.heredoc-token.dockerfile-stages
RUN <<EOF
#!/usr/bin/env python3
# <---------------------- meta.heredoc.dockerfile-stages meta.embedded.block.dockerfile-stages - meta.embedded.block.shellscript.dockerfile-stages
print("hello")
# <-------------- meta.embedded.block.dockerfile-stages - meta.embedded.block.shellscript.dockerfile-stages
EOF
# <--- keyword.control.heredoc-token.dockerfile-stages
COPY <<EOF /etc/app/config.ini
# <---- meta.instruction.copy.dockerfile-stages keyword.other.special-method.dockerfile
#    ^^ keyword.operator.heredoc.dockerfile-stages
#      ^^^ keyword.control.heredoc-token.dockerfile-stages
#          ^^^^^^^^^^^^^^^^^^^ meta.heredoc.dockerfile-stages - string.unquoted.heredoc.dockerfile-stages
[server]
# <-------- meta.heredoc.dockerfile-stages string.unquoted.heredoc.dockerfile-stages
RUN not an instruction inside the body --mount=type=cache
# <--- string.unquoted.heredoc.dockerfile-stages - keyword.other.special-method.dockerfile
#                                      ^^^^^^^ string.unquoted.heredoc.dockerfile-stages - entity.other.attribute-name.flag.dockerfile-stages
EOF
# <--- keyword.control.heredoc-token.dockerfile-stages - string.unquoted.heredoc.dockerfile-stages
COPY --chmod=0755 <<-EOT /usr/local/bin/entrypoint
#      ^^^^^ entity.other.attribute-name.flag.dockerfile-stages
#                 ^^^ keyword.operator.heredoc.dockerfile-stages
	#!/bin/sh
#^^^^^^^^^ string.unquoted.heredoc.dockerfile-stages
	EOT
#^^^ keyword.control.heredoc-token.dockerfile-stages
RUN python3 <<EOF > /out.txt
#   ^^^^^^^ meta.instruction.run.dockerfile-stages - meta.heredoc.dockerfile-stages
#           ^^ keyword.operator.heredoc.dockerfile-stages
#                 ^^^^^^^^^^ meta.heredoc.dockerfile-stages - string.unquoted.heredoc.dockerfile-stages
print("stdin of python, so data")
# <----- string.unquoted.heredoc.dockerfile-stages - meta.embedded.block.shellscript.dockerfile-stages
EOF
# <--- keyword.control.heredoc-token.dockerfile-stages
RUN cat <<<"here-string" && echo $((1<<4))
#       ^^^ meta.instruction.run.dockerfile-stages - keyword.operator.heredoc.dockerfile-stages
#                                    ^^ meta.instruction.run.dockerfile-stages - keyword.operator.heredoc.dockerfile-stages
WORKDIR /after
# <------- keyword.other.special-method.dockerfile - meta.heredoc.dockerfile-stages
