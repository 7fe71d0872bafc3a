import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lines } from '../../../helpers';
import { convertText, goldenTests } from '../golden';

describe('Java with Maven', () => {
  goldenTests('maven', ['java-maven-single', 'maven-wrapper-alpine']);

  test('declines a container that starts the app through the build tool', () => {
    const result = convertText(lines('FROM maven:3.9-eclipse-temurin-21', 'WORKDIR /app', 'COPY . .', 'RUN mvn -B package', 'CMD ["mvn", "spring-boot:run"]'));
    assert.equal(result.kind, 'declined');
    assert.match(result.reason, /build tool/);
  });

  test('declines when the image does not say which Java the runtime needs', () => {
    const result = convertText(lines('FROM maven:3.9', 'WORKDIR /app', 'COPY . .', 'RUN mvn -B package', 'CMD ["java", "-jar", "target/app.jar"]'));
    assert.equal(result.kind, 'declined');
    assert.match(result.reason, /eclipse-temurin:<Java version of the build>-jre/);
  });
});

describe('Java with Gradle', () => {
  goldenTests('gradle', ['java-gradle-single', 'java-gradle-single-wrapper']);

  test('declines when CMD does not start a jar', () => {
    const result = convertText(lines('FROM gradle:8.10-jdk21', 'WORKDIR /app', 'COPY . .', 'RUN gradle installDist', 'CMD ["build/install/app/bin/app"]'));
    assert.equal(result.kind, 'declined');
    assert.match(result.reason, /java -jar/);
  });
});
