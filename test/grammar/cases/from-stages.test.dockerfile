# SYNTAX TEST "source.dockerfile" "FROM: --platform, the stage name after AS, variables"
FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build
# <---- source.dockerfile meta.instruction.from.dockerfile-stages keyword.other.special-method.dockerfile
#    ^^ entity.other.attribute-name.flag.dockerfile-stages punctuation.definition.flag.dockerfile-stages
#      ^^^^^^^^ entity.other.attribute-name.flag.dockerfile-stages
#              ^ keyword.operator.assignment.dockerfile-stages
#               ^^^^^^^^^^^^^^ string.unquoted.flag-value.dockerfile-stages variable.other.dockerfile-stages
#                              ^^^^^^^^^^^^^^^^^^ meta.instruction.from.dockerfile-stages - entity.name.type.stage.definition.dockerfile-stages
#                                                 ^^ keyword.other.special-method.dockerfile
#                                                    ^^^^^ entity.name.type.stage.definition.dockerfile-stages
FROM --platform=linux/arm64 ${BASE_IMAGE}:${TAG} as runtime-stage.1
#               ^^^^^^^^^^^ string.unquoted.flag-value.dockerfile-stages
#                           ^^^^^^^^^^^^^ variable.other.dockerfile-stages
#                                         ^^^^^^ variable.other.dockerfile-stages
#                                                ^^ keyword.other.special-method.dockerfile
#                                                   ^^^^^^^^^^^^^^^ entity.name.type.stage.definition.dockerfile-stages
from build As test
# <---- keyword.other.special-method.dockerfile
#    ^^^^^ meta.instruction.from.dockerfile-stages - entity.name.type.stage.definition.dockerfile-stages
#          ^^ keyword.other.special-method.dockerfile
#             ^^^^ entity.name.type.stage.definition.dockerfile-stages
FROM scratch
# <---- keyword.other.special-method.dockerfile
#    ^^^^^^^ meta.instruction.from.dockerfile-stages - entity.name.type.stage.definition.dockerfile-stages
  FROM alpine AS indented
# ^^^^ keyword.other.special-method.dockerfile
#                ^^^^^^^^ entity.name.type.stage.definition.dockerfile-stages
FROM --platform=$TARGETPLATFORM \
    gcr.io/distroless/static AS final
#                            ^^ meta.instruction.from.dockerfile-stages keyword.other.special-method.dockerfile
#                               ^^^^^ entity.name.type.stage.definition.dockerfile-stages
