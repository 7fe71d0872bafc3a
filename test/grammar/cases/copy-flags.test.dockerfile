# SYNTAX TEST "source.dockerfile" "COPY and ADD flags, and what --from= refers to"
FROM node:22 AS deps
FROM node:22-slim
COPY --from=deps --chown=node:node --chmod=0755 --link /app/node_modules ./node_modules
# <---- meta.instruction.copy.dockerfile-stages keyword.other.special-method.dockerfile
#    ^^ entity.other.attribute-name.flag.dockerfile-stages punctuation.definition.flag.dockerfile-stages
#      ^^^^ entity.other.attribute-name.flag.dockerfile-stages
#          ^ keyword.operator.assignment.dockerfile-stages
#           ^^^^ entity.name.type.stage.reference.dockerfile-stages
#                  ^^^^^ entity.other.attribute-name.flag.dockerfile-stages
#                        ^^^^^^^^^ string.unquoted.flag-value.dockerfile-stages
#                                    ^^^^^ entity.other.attribute-name.flag.dockerfile-stages
#                                          ^^^^ constant.numeric.integer.dockerfile-stages
#                                               ^^^^^^ entity.other.attribute-name.flag.dockerfile-stages
#                                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ meta.instruction.copy.dockerfile-stages - string.unquoted.flag-value.dockerfile-stages entity.other.attribute-name.flag.dockerfile-stages
COPY --from=0 /out /bin/
#           ^ constant.numeric.integer.stage-index.dockerfile-stages
COPY --from=nginx:1.27-alpine /etc/nginx/nginx.conf /etc/nginx/
#           ^^^^^^^^^^^^^^^^^ entity.name.type.image.dockerfile-stages - entity.name.type.stage.reference.dockerfile-stages
COPY --from=ghcr.io/acme/tools@sha256:abc /bin/tool /bin/
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ entity.name.type.image.dockerfile-stages
COPY --from=${BUILDER_STAGE} /out /out
#           ^^^^^^^^^^^^^^^^ entity.name.type.stage.reference.dockerfile-stages variable.other.dockerfile-stages
COPY --parents --exclude=*.md --exclude=docs/ ./src/**/ /app/
#      ^^^^^^^ entity.other.attribute-name.flag.dockerfile-stages
#                ^^^^^^^ entity.other.attribute-name.flag.dockerfile-stages
#                        ^^^^ string.unquoted.flag-value.dockerfile-stages
#                                       ^^^^^ string.unquoted.flag-value.dockerfile-stages
#                                             ^^^^^^^^^^^^^^^ meta.instruction.copy.dockerfile-stages - string.unquoted.flag-value.dockerfile-stages
COPY --link=false --chmod=u+x run.sh /
#           ^^^^^ constant.language.boolean.dockerfile-stages
#                         ^^^ string.unquoted.flag-value.dockerfile-stages
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tar.gz /a.tar.gz
# <--- meta.instruction.add.dockerfile-stages keyword.other.special-method.dockerfile
#     ^^^^^^^^ entity.other.attribute-name.flag.dockerfile-stages
#              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.unquoted.flag-value.dockerfile-stages
#                                                                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ meta.instruction.add.dockerfile-stages - string.unquoted.flag-value.dockerfile-stages
ADD --keep-git-dir=true --chown=${UID}:${GID} https://github.com/moby/buildkit.git#v0.14 /src
#     ^^^^^^^^^^^^ entity.other.attribute-name.flag.dockerfile-stages
#                  ^^^^ constant.language.boolean.dockerfile-stages
#                               ^^^^^^ string.unquoted.flag-value.dockerfile-stages variable.other.dockerfile-stages
#                                      ^^^^^^ string.unquoted.flag-value.dockerfile-stages variable.other.dockerfile-stages
ADD --keep-git-dir https://github.com/moby/buildkit.git /src
#     ^^^^^^^^^^^^ entity.other.attribute-name.flag.dockerfile-stages
copy --from=deps \
# <---- meta.instruction.copy.dockerfile-stages keyword.other.special-method.dockerfile
#           ^^^^ entity.name.type.stage.reference.dockerfile-stages
     --chown=1000:1000 a b
#      ^^^^^ meta.instruction.copy.dockerfile-stages entity.other.attribute-name.flag.dockerfile-stages
#                      ^^^ meta.instruction.copy.dockerfile-stages - string.unquoted.flag-value.dockerfile-stages
COPY ["--from=x", "/dst/"]
#      ^^^^^^^^ string.quoted.double.dockerfile - entity.other.attribute-name.flag.dockerfile-stages entity.name.type.stage.reference.dockerfile-stages
