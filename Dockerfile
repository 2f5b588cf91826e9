# fedc in a small container image, for CI systems that run steps in containers:
#   docker run --rm -v "$PWD:/work" ghcr.io/platform/fedc:v0.1.0 check federation.toml --out rendered
# Two stages: the build compiles the binary the release workflow publishes for this architecture
# (the same cargo command as scripts/package-release.sh: a static musl binary, profile `dist`);
# the image is Alpine with git (for `fedc diff --base-rev`) and runs as a user without privileges.
# Published by .github/workflows/release.yml for linux/amd64 and linux/arm64.

FROM rust:1.95-alpine3.22 AS build
# hadolint ignore=DL3018
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
RUN cargo build --locked --profile dist --target "$(uname -m)-unknown-linux-musl" \
    && cp "target/$(uname -m)-unknown-linux-musl/dist/fedc" /fedc \
    && /fedc --version

FROM alpine:3.22
# git reads the base revision for `diff --base-rev`; the mounted repository belongs to another
# user than the image's, which git refuses unless told the directory is safe.
# hadolint ignore=DL3018
RUN apk add --no-cache git \
    && git config --system --add safe.directory '*' \
    && adduser -D -H -u 10001 fedc
COPY --from=build /fedc /usr/local/bin/fedc
USER 10001:10001
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/fedc"]
CMD ["--help"]
