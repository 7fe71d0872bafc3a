# SYNTAX TEST "source.dockerfile" "what the injection leaves alone: comments, strings, commands, other instructions"
# syntax=docker/dockerfile:1
# <---------------------------- source.dockerfile comment.line.number-sign.dockerfile
# RUN --mount=type=cache,target=/root/.cache go build
# <- comment.line.number-sign.dockerfile punctuation.definition.comment.dockerfile
# ^^^ comment.line.number-sign.dockerfile - keyword.other.special-method.dockerfile meta.instruction.run.dockerfile-stages
#     ^^^^^^^ comment.line.number-sign.dockerfile - entity.other.attribute-name.flag.dockerfile-stages
#                  ^^^^^ comment.line.number-sign.dockerfile - constant.language.mount-type.dockerfile-stages
    # COPY --from=build /a /b
#     ^^^^ comment.line.number-sign.dockerfile - meta.instruction.copy.dockerfile-stages
#                 ^^^^^ comment.line.number-sign.dockerfile - entity.name.type.stage.reference.dockerfile-stages
# FROM alpine AS commented
#                ^^^^^^^^^ comment.line.number-sign.dockerfile - entity.name.type.stage.definition.dockerfile-stages
FROM alpine:3.20 AS base
RUN echo building AS root && docker build --network=none --from=x .
#                 ^^ meta.instruction.run.dockerfile-stages - keyword.other.special-method.dockerfile
#                    ^^^^ meta.instruction.run.dockerfile-stages - entity.name.type.stage.definition.dockerfile-stages
#                                         ^^^^^^^^^^^^^^ meta.instruction.run.dockerfile-stages - entity.other.attribute-name.flag.dockerfile-stages constant.language.network.dockerfile-stages
#                                                               ^ meta.instruction.run.dockerfile-stages - entity.name.type.stage.reference.dockerfile-stages
RUN echo "--mount=type=cache" 'FROM x AS y'
#        ^ string.quoted.double.dockerfile
#         ^^^^^^^^^^^^^^^^^^ string.quoted.double.dockerfile - entity.other.attribute-name.flag.dockerfile-stages
#                              ^^^^^^^^^^^ string.quoted.single.dockerfile - keyword.other.special-method.dockerfile entity.name.type.stage.definition.dockerfile-stages
RUN apt-get update \
 && apt-get install --no-install-recommends -y gcc
#                   ^^^^^^^^^^^^^^^^^^^^^^^ meta.instruction.run.dockerfile-stages - entity.other.attribute-name.flag.dockerfile-stages
LABEL org.opencontainers.image.description="COPY --from=build AS x"
# <----- keyword.other.special-method.dockerfile - meta.instruction.copy.dockerfile-stages
#                                           ^^^^^^^^^^^^^^^^^^^^^^ string.quoted.double.dockerfile - entity.other.attribute-name.flag.dockerfile-stages entity.name.type.stage.definition.dockerfile-stages
ENV PATH="/opt/venv/bin:$PATH" \
# <--- source.dockerfile keyword.other.special-method.dockerfile
#        ^^^^^^^^^^^^^^^^^^^^^ string.quoted.double.dockerfile - variable.other.dockerfile-stages
    MODE=--from=build
#   ^^^^^^^^^^^^^^^^^ source.dockerfile - entity.other.attribute-name.flag.dockerfile-stages
CMD ["--from=x", "AS", "y"]
# <--- keyword.other.special-method.dockerfile
#     ^^^^^^^^ string.quoted.double.dockerfile - entity.name.type.stage.reference.dockerfile-stages
HEALTHCHECK --interval=30s CMD curl -f http://localhost/
# <----------- keyword.other.special-method.dockerfile
#           ^^^^^^^^^^^^^^ source.dockerfile - entity.other.attribute-name.flag.dockerfile-stages
WORKDIR C:\\app
# <------- keyword.other.special-method.dockerfile
#         ^^ constant.character.escaped.dockerfile
ONBUILD COPY . /src
# <------- keyword.control.dockerfile
#       ^^^^ meta.instruction.copy.dockerfile-stages keyword.other.special-method.dockerfile
USER app
# <---- source.dockerfile keyword.other.special-method.dockerfile - meta.instruction.copy.dockerfile-stages
