# A poddoctor image built from source, for those who build their own:
#
#   docker build -t poddoctor .
#   docker run --rm -v "$PWD:/work" poddoctor lint deploy/
#
# The release images are built by goreleaser from Dockerfile.goreleaser.
# test/image.sh builds the same layout without a registry (FROM scratch, CA
# certificates and a non-root user copied in) and runs it with podman.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/poddoctor ./cmd/poddoctor

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/poddoctor /usr/local/bin/poddoctor
USER nonroot:nonroot
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/poddoctor"]
CMD ["--help"]
