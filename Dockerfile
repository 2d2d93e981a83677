# The ReleaseGate server in a container: the Native AOT executable (eng/release.sh, SQLite linked in) on Microsoft's
# chiseled runtime-deps image (no shell, no package manager), as a non-root user, with the SQLite database on a volume.
#
#   docker build -t releasegate .
#   docker run --rm -v releasegate-data:/data releasegate user bootstrap --db /data/releasegate.db --name alice
#   docker run -d -p 8080:8080 -v releasegate-data:/data releasegate
#
# PostgreSQL instead of the volume: -e RELEASEGATE_DB='Host=...;Database=...'. docs/server.md, "Docker".

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# clang links the Native AOT executable; libsqlite3-dev has the static SQLite it links in.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang zlib1g-dev libsqlite3-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN archive=$(eng/release.sh) \
 && mkdir -p /out /data \
 && tar -xzf "$archive" -C /out --strip-components=1

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled
COPY --from=build /out/releasegate /out/LICENSE /app/
# The database folder belongs to the image's non-root user (app, uid 1654): the chiseled image has no shell to chown it.
COPY --from=build --chown=1654:1654 /data /data
USER 1654
VOLUME /data
ENV RELEASEGATE_DB=/data/releasegate.db
EXPOSE 8080
ENTRYPOINT ["/app/releasegate"]
CMD ["serve", "--urls", "http://0.0.0.0:8080"]
