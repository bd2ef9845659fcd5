# One image per service, from one build of the whole reactor:
#   docker build --build-arg SERVICE=store -t warren-store .
# SERVICE is web, auth, store or notify; compose.yaml sets it for each service.

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN set -e; \
    mvn -B -q -Dmaven.test.skip=true package; \
    for service in web auth store notify; do \
      module="workers/$service"; \
      if [ "$service" = web ]; then module=web; fi; \
      mkdir -p "/out/$service"; \
      cp -r "$module/target/classes" "$module/target/lib" "/out/$service/"; \
    done

FROM eclipse-temurin:21-jre
ARG SERVICE=web
# curl serves the health checks in compose.yaml.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app warren
COPY --from=build /out/${SERVICE} /app
ENV WARREN_SERVICE=${SERVICE} \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER warren
WORKDIR /app
# exec: java becomes PID 1 and gets docker stop's SIGTERM, so it shuts down gracefully.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -cp '/app/classes:/app/lib/*' \"warren.$WARREN_SERVICE.Main\""]
