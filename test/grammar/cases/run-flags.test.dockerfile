# SYNTAX TEST "source.dockerfile" "RUN flags: --mount keys and values, --network, --security, continuation lines"
FROM golang:1.22 AS build
RUN --mount=type=cache,target=/root/.cache,sharing=locked,from=build,source=/src,uid=1000,ro go build
# <--- source.dockerfile meta.instruction.run.dockerfile-stages keyword.other.special-method.dockerfile
#   ^^ meta.instruction.run.dockerfile-stages entity.other.attribute-name.flag.dockerfile-stages punctuation.definition.flag.dockerfile-stages
#     ^^^^^ entity.other.attribute-name.flag.dockerfile-stages
#          ^ keyword.operator.assignment.dockerfile-stages
#           ^^^^ support.type.property-name.mount-option.dockerfile-stages
#               ^ keyword.operator.assignment.dockerfile-stages
#                ^^^^^ constant.language.mount-type.dockerfile-stages
#                     ^ punctuation.separator.comma.dockerfile-stages
#                      ^^^^^^ support.type.property-name.mount-option.dockerfile-stages
#                             ^^^^^^^^^^^^ string.unquoted.flag-value.dockerfile-stages
#                                          ^^^^^^^ support.type.property-name.mount-option.dockerfile-stages
#                                                  ^^^^^^ constant.language.mount-sharing.dockerfile-stages
#                                                         ^^^^ support.type.property-name.mount-option.dockerfile-stages
#                                                              ^^^^^ entity.name.type.stage.reference.dockerfile-stages
#                                                                    ^^^^^^ support.type.property-name.mount-option.dockerfile-stages
#                                                                           ^^^^ string.unquoted.flag-value.dockerfile-stages
#                                                                                ^^^ support.type.property-name.mount-option.dockerfile-stages
#                                                                                    ^^^^ constant.numeric.integer.dockerfile-stages
#                                                                                         ^^ support.type.property-name.mount-option.dockerfile-stages
#                                                                                            ^^^^^^^^ meta.instruction.run.dockerfile-stages - entity.other.attribute-name.flag.dockerfile-stages string.unquoted.flag-value.dockerfile-stages
RUN --mount=type=bind,from=golang:1.22,target=/go --mount=from=0,target=/a,readonly=true make
#                          ^^^^^^^^^^^ entity.name.type.image.dockerfile-stages - entity.name.type.stage.reference.dockerfile-stages
#                                                              ^ constant.numeric.integer.stage-index.dockerfile-stages
#                                                                                   ^^^^ constant.language.boolean.dockerfile-stages
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc,required,env=TOKEN npm ci
#                ^^^^^^ constant.language.mount-type.dockerfile-stages
#                          ^^^^^ string.unquoted.flag-value.dockerfile-stages
#                                                    ^^^^^^^^ support.type.property-name.mount-option.dockerfile-stages
#                                                                 ^^^^^ string.unquoted.flag-value.dockerfile-stages
RUN --mount=type=cache,id=${CACHE_ID},target="/var/cache/a b" true
#                         ^^^^^^^^^^^ string.unquoted.flag-value.dockerfile-stages variable.other.dockerfile-stages
#                                            ^^^^^^^^^^^^^^^^ string.unquoted.flag-value.dockerfile-stages
RUN --network=none --security=insecure --network=host --device=/dev/fuse make test
#     ^^^^^^^ entity.other.attribute-name.flag.dockerfile-stages
#             ^^^^ constant.language.network.dockerfile-stages
#                    ^^^^^^^^ entity.other.attribute-name.flag.dockerfile-stages
#                             ^^^^^^^^ constant.language.security.dockerfile-stages
#                                                ^^^^ constant.language.network.dockerfile-stages
#                                                       ^^^^^^ entity.other.attribute-name.flag.dockerfile-stages
#                                                              ^^^^^^^^^ string.unquoted.flag-value.dockerfile-stages
#                                                                        ^^^^^^^^^ meta.instruction.run.dockerfile-stages - string.unquoted.flag-value.dockerfile-stages
run --network=default true
# <--- keyword.other.special-method.dockerfile
#             ^^^^^^^ constant.language.network.dockerfile-stages
RUN \
    --mount=type=cache,target=/var/cache/apt \
# comment lines inside an instruction stay comments
# <--------- meta.instruction.run.dockerfile-stages comment.line.number-sign.dockerfile - entity.other.attribute-name.flag.dockerfile-stages
    --mount=type=tmpfs,target=/tmp \
#     ^^^^^ meta.instruction.run.dockerfile-stages entity.other.attribute-name.flag.dockerfile-stages
#                ^^^^^ constant.language.mount-type.dockerfile-stages
    apt-get install --no-install-recommends -y curl
#   ^^^^^^^ meta.instruction.run.dockerfile-stages
#                   ^^^^^^^^^^^^^^^^^^^^^^^ meta.instruction.run.dockerfile-stages - entity.other.attribute-name.flag.dockerfile-stages
ONBUILD RUN --mount=type=ssh git clone git@example.com:org/repo.git
# <------- keyword.control.dockerfile
#       ^^^ keyword.other.special-method.dockerfile
#                        ^^^ constant.language.mount-type.dockerfile-stages
ENV AFTER=the-instruction
# <--- keyword.other.special-method.dockerfile - meta.instruction.run.dockerfile-stages
