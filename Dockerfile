# One image recipe for every Spring Boot module of the reactor:
#
#   docker build --build-arg MODULE=tweet-service -t twitter-like/tweet-service .
#
# The jars are NOT built here: build them on the host first with
#
#   ./mvnw -DskipTests package
#
# then this Dockerfile only copies <module>/target/<module>-0.1.0-SNAPSHOT.jar (the Spring Boot
# executable jar; .dockerignore keeps everything else out of the build context).
# docker-compose.yml (profile "services") builds one image per module with this file.

# Ubuntu (noble) based JRE image of the Eclipse Temurin official images. It has neither curl nor
# wget (its own Dockerfile purges them), which is why the compose health checks use bash's
# /dev/tcp instead of an HTTP client.
FROM eclipse-temurin:25-jre

ARG MODULE
# fail the build early, with a clear message, when MODULE is missing
RUN test -n "${MODULE}" || (echo "build with --build-arg MODULE=<module directory>" >&2; exit 1)

# an unprivileged system user to run the service (no login shell, no password)
RUN groupadd --system app \
    && useradd --system --gid app --no-create-home --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app
COPY --chown=root:root ${MODULE}/target/${MODULE}-0.1.0-SNAPSHOT.jar /app/app.jar

USER app

ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
